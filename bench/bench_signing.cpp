// What signing costs: one RSA-2048 signature (PKCS#1 v1.5) per hash, on its own and inside a
// whole call, beside the same call unsigned (the in-process client over a transport that
// answers at once, as bench_call), and the mock server's check of one signature. The key is
// made at start by the openssl tool (tests/support/rsa_keys.hpp). The cases run in
// interleaved rounds; the medians are printed with what each adds to the unsigned call.
//
//   bench_signing [SIGNATURES [ROUNDS]]     default 5000 signatures per case, 5 rounds
#include <regru/api/basic_client.hpp>
#include <regru/api/sign.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/signing/rsa_signer.hpp>
#include <regru/signing/signature_verifier.hpp>

#include "fixed_answer.hpp"
#include "measure.hpp"
#include "support/rsa_keys.hpp"

#include <cstdlib>
#include <iostream>

namespace api = regru::api;
namespace bench = regru::bench;
namespace signing = regru::signing;

namespace {

using bench_client = api::basic_client<bench::fixed_answer_transport, api::json_codec>;

// zone/add_alias on two domains: a call with a few values to sign.
const api::params alias{{"domains", boost::json::array{boost::json::object{{"dname", "test.ru"}},
                                                        boost::json::object{{"dname", "test.com"}}}},
                        {"subdomain", "www"},
                        {"ipaddr", "111.222.111.222"}};

bench::round_case call_case(std::string label, std::shared_ptr<const api::request_signer> signer, long calls) {
    auto options = bench::test_account();
    options.signer = std::move(signer);
    auto client = std::make_shared<bench_client>(options, bench::answering_nop());
    return bench::case_of(std::move(label), [client] { return client->zone().add_alias(alias).is_success(); }, calls, 0);
}

bench::round_case sign_case(std::shared_ptr<const api::request_signer> signer, signing::hash h, long calls) {
    auto text = std::make_shared<const std::string>(api::signed_text("test", alias));
    return bench::case_of("sign only, " + std::string(signing::to_string(h)),
                    [signer, text] { return !signer->sign(*text).empty(); }, calls);
}

bench::round_case verify_case(const regru::testing::rsa_keys& keys, signing::hash h, long calls) {
    auto text = api::signed_text("test", alias);
    auto signature = signing::rsa_signer(keys.private_key(), h).sign(text);
    signing::signature_verifier verifier(keys.public_key(), h);
    return bench::case_of("verify only (mock server), " + std::string(signing::to_string(h)),
                    [verifier, text, signature] { return verifier.verify(text, signature); }, calls);
}

}  // namespace

int main(int argc, char** argv) {
    long signatures = argc > 1 ? std::atol(argv[1]) : 5000;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    if (signatures < 10 || rounds < 1) {
        std::cerr << "usage: bench_signing [SIGNATURES (at least 10) [ROUNDS]]\n";
        return 2;
    }
    regru::testing::rsa_keys keys;  // RSA-2048
    long per_round = signatures / rounds;
    std::vector<bench::round_case> cases;
    // The unsigned call is cheap: many more of them, for a steady figure.
    cases.push_back(call_case("zone/add_alias, unsigned", nullptr, per_round * 20));
    for (auto h : {signing::hash::sha1, signing::hash::sha256, signing::hash::sha512}) {
        auto signer = std::make_shared<signing::rsa_signer>(keys.private_key(), h);
        cases.push_back(call_case("zone/add_alias, signed " + std::string(signing::to_string(h)), signer, per_round));
        cases.push_back(sign_case(signer, h, per_round));
    }
    cases.push_back(verify_case(keys, signing::hash::sha256, per_round));
    std::printf("RSA-2048 key in %s; %d rounds, interleaved\n", keys.folder().path().c_str(), rounds);
    bench::run_rounds(cases, rounds);
    bench::print_medians(cases, rounds, "the unsigned call");
    for (const auto& c : cases) {
        if (c.failed > 0) std::printf("%s: %ld calls failed\n", c.label.c_str(), c.failed);
    }
    return 0;
}
