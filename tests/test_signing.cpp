// Signed requests: regru::signing's RSA signer and verifier checked against the openssl tool,
// the text that is signed, the client's sig field, and the mock server's check.
#define BOOST_TEST_MODULE signing
#include <boost/test/unit_test.hpp>

#include "support/files.hpp"
#include "support/mock_endpoint.hpp"
#include "support/mock_server_program.hpp"
#include "support/rsa_keys.hpp"
#include "support/test_client.hpp"
#include "support/thrown.hpp"

#include <regru/api.hpp>
#include <regru/api/form.hpp>
#include <regru/api/sign.hpp>
#include <regru/mocks/mock_server.hpp>
#include <regru/mocks/mock_service.hpp>
#include <regru/signing/rsa_signer.hpp>
#include <regru/signing/signature_verifier.hpp>

#include <boost/json/parse.hpp>

#include <array>
#include <cstdlib>
#include <thread>
#include <vector>

namespace api = regru::api;
namespace json = boost::json;
namespace mocks = regru::mocks;
namespace signing = regru::signing;
using regru::testing::message_thrown;
using regru::testing::rsa_keys;
using regru::testing::run_openssl;

namespace {

constexpr std::array<signing::hash, 3> every_hash{signing::hash::sha1, signing::hash::sha256, signing::hash::sha512};

// Made once per run: RSA-2048 keys take a moment.
const rsa_keys& account_keys() {
    static const rsa_keys keys;
    return keys;
}
const rsa_keys& other_keys() {
    static const rsa_keys keys;
    return keys;
}

std::shared_ptr<const signing::rsa_signer> signer_of(const rsa_keys& keys, signing::hash h = signing::hash::sha1) {
    return std::make_shared<signing::rsa_signer>(keys.private_key(), h);
}

// What `openssl dgst` makes of `text` with the private key, in Base64 on one line.
std::string openssl_signature(const rsa_keys& keys, signing::hash h, const std::string& text) {
    auto data = keys.folder() / "openssl-data.txt";
    auto signature = keys.folder() / "openssl-sig.bin";
    regru::testing::write_text(data, text);
    run_openssl({"dgst", "-" + std::string(to_string(h)), "-sign", keys.private_key().string(), "-out",
                 signature.string(), data.string()});
    std::string base64 = run_openssl({"base64", "-A", "-in", signature.string()}).out;
    while (!base64.empty() && base64.back() == '\n') base64.pop_back();
    return base64;
}

// Whether `openssl dgst -verify` with the public key accepts `signature_base64` of `text`.
bool openssl_verifies(const rsa_keys& keys, signing::hash h, const std::string& text, const std::string& signature_base64) {
    auto data = keys.folder() / "verify-data.txt";
    auto signature = keys.folder() / "verify-sig.bin";
    regru::testing::write_text(data, text);
    regru::testing::write_text(signature, run_openssl({"base64", "-d", "-A"}, signature_base64).out);
    auto verdict = regru::testing::run_program("/usr/bin/openssl",
                                               {"dgst", "-" + std::string(to_string(h)), "-verify",
                                                keys.public_key().string(), "-signature", signature.string(), data.string()});
    return verdict.status == 0 && verdict.out == "Verified OK\n";
}

std::string signing_error_of(const std::filesystem::path& key, std::optional<std::string> passphrase = {}) {
    return message_thrown<signing::signing_error>([&] { signing::rsa_signer(key, signing::hash::sha1, passphrase); });
}

std::string verifier_error_of(const std::filesystem::path& key) {
    return message_thrown<signing::signing_error>([&] { signing::signature_verifier(key, signing::hash::sha1); });
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string sample_text = "test.ru;www;111.222.111.222;test";

}  // namespace

BOOST_AUTO_TEST_SUITE(hashes)

BOOST_AUTO_TEST_CASE(names_are_read_in_either_spelling_and_any_case) {
    BOOST_TEST((signing::parse_hash("sha1") == signing::hash::sha1));
    BOOST_TEST((signing::parse_hash("SHA-1") == signing::hash::sha1));
    BOOST_TEST((signing::parse_hash("sha256") == signing::hash::sha256));
    BOOST_TEST((signing::parse_hash("Sha-256") == signing::hash::sha256));
    BOOST_TEST((signing::parse_hash("SHA512") == signing::hash::sha512));
    for (auto h : every_hash) BOOST_TEST((signing::parse_hash(signing::to_string(h)) == h));
    BOOST_TEST(signing::to_string(signing::hash::sha256) == "sha256");
}

BOOST_AUTO_TEST_CASE(an_unknown_hash_is_named_with_the_accepted_ones) {
    for (std::string name : {"md5", "sha-384", "sha_256", ""}) {
        auto message = message_thrown<api::usage_error>([&] { signing::parse_hash(name); });
        BOOST_TEST(message == "unknown hash '" + name +
                                  "': the accepted ones are sha1, sha256 and sha512 (also written SHA-1, SHA-256, SHA-512)");
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(signatures)

BOOST_AUTO_TEST_CASE(each_hash_signs_as_openssl_does_and_both_verifiers_accept_it) {
    const auto& keys = account_keys();
    for (auto h : every_hash) {
        BOOST_TEST_CONTEXT(signing::to_string(h)) {
            signing::rsa_signer signer(keys.private_key(), h);
            std::string signature = signer.sign(sample_text);
            BOOST_TEST(signature.find('\n') == std::string::npos);
            BOOST_TEST(signature.size() == 344u);  // 256 bytes of RSA-2048, in Base64
            // PKCS#1 v1.5 is deterministic: the openssl tool makes the very same bytes.
            BOOST_TEST(signature == openssl_signature(keys, h, sample_text));
            BOOST_TEST(openssl_verifies(keys, h, sample_text, signature));
            BOOST_TEST(signing::signature_verifier(keys.public_key(), h).verify(sample_text, signature));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_tampered_text_another_key_or_another_hash_fails) {
    const auto& keys = account_keys();
    std::string signature = signer_of(keys)->sign(sample_text);
    signing::signature_verifier verifier(keys.public_key(), signing::hash::sha1);
    BOOST_TEST(!verifier.verify(sample_text + ";", signature));
    BOOST_TEST(!openssl_verifies(keys, signing::hash::sha1, sample_text + ";", signature));
    BOOST_TEST(!verifier.verify(sample_text, signer_of(other_keys())->sign(sample_text)));
    BOOST_TEST(!signing::signature_verifier(keys.public_key(), signing::hash::sha256).verify(sample_text, signature));
    // A signature flipped by one character, or not Base64 at all.
    std::string flipped = signature;
    flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
    BOOST_TEST(!verifier.verify(sample_text, flipped));
    for (const std::string& bad : std::vector<std::string>{"", "not base64!", signature.substr(1), signature + "=",
                                                           std::string(344, '=')}) {
        BOOST_TEST(!verifier.verify(sample_text, bad), bad);
    }
    // The verifier is usable as mocks' signature_check, and copies share the key.
    mocks::signature_check check = verifier;
    BOOST_TEST(check(sample_text, signature));
}

BOOST_AUTO_TEST_CASE(threads_sign_with_one_signer_at_once) {
    auto signer = signer_of(account_keys(), signing::hash::sha256);
    const std::string expected = signer->sign(sample_text);
    std::vector<int> good(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < good.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) good[t] += signer->sign(sample_text) == expected ? 1 : 0;
        });
    }
    for (auto& thread : threads) thread.join();
    for (int count : good) BOOST_TEST(count == 50);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(keys)

BOOST_AUTO_TEST_CASE(an_unreadable_file_is_named_with_the_reason) {
    regru::testing::temp_folder folder;
    auto missing = folder / "missing.pem";
    BOOST_TEST(signing_error_of(missing) ==
               "cannot read the private key file '" + missing.string() + "': No such file or directory");
    BOOST_TEST(verifier_error_of(missing) ==
               "cannot read the public key file '" + missing.string() + "': No such file or directory");
    BOOST_TEST(signing_error_of(folder.path()) ==
               "cannot read the private key file '" + folder.path().string() + "': Is a directory");
}

BOOST_AUTO_TEST_CASE(a_file_without_a_pem_key_is_refused) {
    regru::testing::temp_folder folder;
    auto text = folder / "notes.txt";
    regru::testing::write_text(text, "not a key\n");
    BOOST_TEST(signing_error_of(text) == "the file '" + text.string() + "' is not a PEM private key");
    BOOST_TEST(verifier_error_of(text) == "the file '" + text.string() + "' is not a PEM public key (BEGIN PUBLIC KEY)");
    // Each half of the pair where the other is expected.
    const auto& keys = account_keys();
    BOOST_TEST(contains(signing_error_of(keys.public_key()), "is not a PEM private key"));
    BOOST_TEST(contains(verifier_error_of(keys.private_key()), "is not a PEM public key"));
}

BOOST_AUTO_TEST_CASE(an_ec_key_is_not_an_rsa_key) {
    const auto& keys = account_keys();
    auto ec = keys.ec_key();
    BOOST_TEST(signing_error_of(ec) == "the private key '" + ec.string() + "' is not an RSA key (it is EC)");
    auto ec_public = keys.folder() / "ec-public.pem";
    run_openssl({"pkey", "-in", ec.string(), "-pubout", "-out", ec_public.string()});
    BOOST_TEST(verifier_error_of(ec_public) == "the public key '" + ec_public.string() + "' is not an RSA key (it is EC)");
}

BOOST_AUTO_TEST_CASE(an_encrypted_key_needs_its_passphrase_which_no_message_shows) {
    const auto& keys = account_keys();
    auto encrypted = keys.encrypted_key();
    BOOST_TEST(contains(regru::testing::read_text(encrypted), "BEGIN ENCRYPTED PRIVATE KEY"));
    BOOST_TEST(signing_error_of(encrypted) ==
               "the private key '" + encrypted.string() + "' is encrypted and no passphrase was given");
    auto wrong = signing_error_of(encrypted, std::string("guess-w0rk"));
    BOOST_TEST(wrong == "cannot read the private key '" + encrypted.string() + "': wrong passphrase");
    BOOST_TEST(!contains(wrong, "guess-w0rk"));
    signing::rsa_signer signer(encrypted, signing::hash::sha1, rsa_keys::passphrase);
    BOOST_TEST(signer.sign(sample_text) == signer_of(keys)->sign(sample_text));
}

BOOST_AUTO_TEST_CASE(the_passphrase_comes_from_a_set_variable) {
    ::setenv("REGRU_TEST_SIG_PASSPHRASE", "from-env", 1);
    BOOST_TEST(signing::passphrase_from_environment("REGRU_TEST_SIG_PASSPHRASE").value_or("unset") == "from-env");
    ::setenv("REGRU_TEST_SIG_PASSPHRASE", "", 1);
    BOOST_TEST(!signing::passphrase_from_environment("REGRU_TEST_SIG_PASSPHRASE"));
    ::unsetenv("REGRU_TEST_SIG_PASSPHRASE");
    BOOST_TEST(!signing::passphrase_from_environment("REGRU_TEST_SIG_PASSPHRASE"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(signed_text)

BOOST_AUTO_TEST_CASE(values_sorted_by_name_nested_by_path_empty_ones_left_out) {
    auto input = regru::testing::object(R"({"subdomain":"www","domains":[{"dname":"b.ru"},{"dname":"a.ru"}],
        "comment":"","nothing":null,"period":2,"price":1.5,"enabled":true,"contacts":{"o_email":"x@y.ru","p_addr":""}})");
    // contacts.o_email, domains.0.dname, domains.1.dname, enabled, period, price, subdomain, username
    BOOST_TEST(api::signed_text("test", input) == "x@y.ru;b.ru;a.ru;true;2;1.5;www;test");
    BOOST_TEST(api::signed_text("", input) == "x@y.ru;b.ru;a.ru;true;2;1.5;www");
    BOOST_TEST(api::signed_text("test", {}) == "test");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(on_the_wire)

BOOST_AUTO_TEST_CASE(the_client_sends_sig_over_the_parameters_it_sends) {
    auto opts = regru::testing::test_options();
    opts.signer = signer_of(account_keys());
    auto client = regru::testing::make_client(opts);
    auto input = regru::testing::object(R"({"domains":[{"dname":"test.ru"},{"dname":"test.com"}],"subdomain":"www"})");
    client.zone().add_alias(input);

    auto form = api::parse_form(client.transport().last().body);
    const std::string* sig = api::find_field(form, "sig");
    BOOST_TEST_REQUIRE(sig != nullptr);
    auto sent = json::parse(*api::find_field(form, "input_data")).as_object();
    BOOST_TEST(sent == input);
    BOOST_TEST(api::signed_text("test", sent) == "test.ru;test.com;www;test");
    signing::signature_verifier verifier(account_keys().public_key(), signing::hash::sha1);
    BOOST_TEST(verifier.verify(api::signed_text("test", sent), *sig));
    BOOST_TEST(openssl_verifies(account_keys(), signing::hash::sha1, "test.ru;test.com;www;test", *sig));
}

BOOST_AUTO_TEST_CASE(the_mock_server_takes_right_signatures_only) {
    mocks::mock_server_options options;
    options.check_signature = signing::signature_verifier(account_keys().public_key(), signing::hash::sha256);
    mocks::mock_server server(regru::testing::shipped(), options);
    auto call_with = [&](std::shared_ptr<const api::request_signer> signer, std::string password = "test") {
        auto opts = regru::testing::options_for(server.endpoint());
        opts.password = std::move(password);
        opts.signer = std::move(signer);
        api::client client(opts);
        return client.user().get_balance({{"currency", "RUR"}});
    };
    BOOST_TEST(call_with(signer_of(account_keys(), signing::hash::sha256)).is_success());
    BOOST_TEST(call_with(nullptr).error_code() == "SIGNATURE_REQUIRED");
    BOOST_TEST(call_with(signer_of(other_keys(), signing::hash::sha256)).error_code() == "SIGNATURE_INVALID");
    BOOST_TEST(call_with(signer_of(account_keys(), signing::hash::sha1)).error_code() == "SIGNATURE_INVALID");
    // Authentication comes first.
    BOOST_TEST(call_with(nullptr, "wrong").error_code() == "USER_AUTHENTICATION_FAILED");
}

BOOST_AUTO_TEST_CASE(sig_is_no_parameter_and_never_echoed) {
    signing::signature_verifier verifier(account_keys().public_key(), signing::hash::sha1);
    mocks::service_options options;
    options.check_signature = verifier;
    mocks::mock_service service(regru::testing::shipped(), "/api/regru2", {}, options);
    // Parameters as form fields (no input_format), the way curl -d sends them.
    api::params params{{"domain_name", "qqq.ru"}, {"show_input_params", "1"}};
    const api::form_fields fields{{"username", "test"}, {"password", "test"}, {"domain_name", "qqq.ru"},
                                  {"show_input_params", "1"}};
    std::string body;
    for (const auto& [name, value] : fields) api::append_form_field(body, name, value);
    api::append_form_field(body, "sig", signer_of(account_keys())->sign(api::signed_text("test", params)));
    auto reply = service.answer({"POST", "/api/regru2/domain/nop", "", api::form_content_type, body, "127.0.0.1"});
    auto envelope = json::parse(reply.body).as_object();
    BOOST_TEST(envelope.at("result") == "success", reply.body);
    BOOST_TEST(envelope.at("input_params") ==
               json::parse(R"({"domain_name":"qqq.ru","show_input_params":"1","username":"test","password":"test"})"));
}

BOOST_AUTO_TEST_CASE(the_program_checks_signatures_with_its_public_key) {
    regru::testing::mock_server_program server({"--recordings", REGRU_TEST_RECORDINGS_DIR, "--quiet", "--sig-public-key",
                                                account_keys().public_key().string(), "--sig-hash", "SHA-512"});
    auto port = server.port();
    BOOST_TEST_REQUIRE(port > 0);
    auto opts = regru::testing::options_for("http://127.0.0.1:" + std::to_string(port) + "/api/regru2");
    opts.signer = signer_of(account_keys(), signing::hash::sha512);
    BOOST_TEST(api::client(opts).nop().is_success());
    opts.signer = nullptr;
    BOOST_TEST(api::client(opts).nop().error_code() == "SIGNATURE_REQUIRED");
    BOOST_TEST(server.stop() == 0);
}

BOOST_AUTO_TEST_CASE(the_program_refuses_bad_signing_options_with_exit_status_2) {
    const auto& keys = account_keys();
    auto missing = keys.folder() / "missing.pem";
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--sig-public-key", keys.public_key().string(), "--sig-hash", "md5"}, "--sig-public-key: unknown hash 'md5'"},
        {{"--sig-public-key", missing.string()}, "--sig-public-key: cannot read the public key file '" + missing.string()},
        {{"--sig-public-key", keys.private_key().string()}, "--sig-public-key: the file '"},
        {{"--sig-hash", "sha256"}, "--sig-hash needs --sig-public-key"},
    };
    for (const auto& [args, says] : cases) {
        BOOST_TEST_CONTEXT(args.back()) {
            auto refused = regru::testing::run_program(REGRU_MOCK_SERVER_PATH, args);
            BOOST_TEST(refused.status == 2);
            BOOST_TEST(refused.err.starts_with("regru-mock-server: " + says), refused.err);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
