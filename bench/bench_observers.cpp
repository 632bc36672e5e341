// What logging and recording cost per call, beside the same call without them: the in-process
// client over a transport that answers at once (as bench_call), with each kind of observer.
// The cases run in interleaved rounds; the medians are printed with what each adds.
//
//   bench_observers [CALLS [ROUNDS]]     default 20000 calls per case, 5 rounds
#include <regru/api/basic_client.hpp>
#include <regru/api/log.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/recorder.hpp>

#include "fixed_answer.hpp"
#include "measure.hpp"
#include "support/temp_folder.hpp"

#include <cstdlib>
#include <iostream>

namespace api = regru::api;
namespace bench = regru::bench;

namespace {

using bench_client = api::basic_client<bench::fixed_answer_transport, api::json_codec>;

// Takes each record and does nothing with it: what building the record costs.
struct ignoring_observer final : api::call_observer {
    void on_call(const api::call_record&) override {}
};

// The case's calls: zone/add_alias on two domains, with one parameter that differs per call
// when `distinct` (so that a recorder appends each one) or always the same (so that it finds
// each one recorded already).
std::function<bool()> calls_of(std::shared_ptr<bench_client> client, bool distinct) {
    auto n = std::make_shared<long>(0);
    return [client, distinct, n] {
        api::params alias{{"domains", boost::json::array{boost::json::object{{"dname", "test.ru"}},
                                                          boost::json::object{{"dname", "test.com"}}}},
                          {"subdomain", distinct ? "www" + std::to_string(++*n) : std::string("www")},
                          {"ipaddr", "111.222.111.222"}};
        return client->zone().add_alias(alias).is_success();
    };
}

bench::round_case observed_case(std::string label, std::shared_ptr<api::call_observer> observer, long calls,
                                bool distinct = false) {
    auto options = bench::test_account();
    if (observer) options.observers.push_back(std::move(observer));
    auto client = std::make_shared<bench_client>(options, bench::answering_nop());
    bench::round_case measured;
    measured.label = std::move(label);
    measured.call = calls_of(client, distinct);
    measured.calls = calls;
    measured.baseline = 0;  // the case without an observer
    return measured;
}

}  // namespace

int main(int argc, char** argv) {
    long calls = argc > 1 ? std::atol(argv[1]) : 20'000;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    if (calls < 100 || rounds < 1) {
        std::cerr << "usage: bench_observers [CALLS (at least 100) [ROUNDS]]\n";
        return 2;
    }
    regru::testing::temp_folder folder;
    long per_round = calls / rounds;
    std::vector<bench::round_case> cases;
    cases.push_back(observed_case("no observer", nullptr, per_round));
    cases.push_back(observed_case("an observer that ignores the record", std::make_shared<ignoring_observer>(), per_round));
    cases.push_back(observed_case("callback log", api::make_callback_log([](const api::call_record&) {}), per_round));
    cases.push_back(observed_case("JSONL log", api::make_jsonl_log(folder / "calls.jsonl", {.max_bytes = 0}), per_round));
    cases.push_back(observed_case("JSONL log, rotating every 1 MiB",
                                  api::make_jsonl_log(folder / "rotating.jsonl", {.max_bytes = 1 << 20, .keep = 2}),
                                  per_round));
    cases.push_back(observed_case("recorder, the same call again", regru::mocks::recorder::open(folder / "same"), per_round));
    // Each distinct call makes the category's file longer, and the recorder rewrites the
    // file with each one: fewer calls, so that the file stays of a size fixtures have.
    cases.push_back(observed_case("recorder, a new call each time", regru::mocks::recorder::open(folder / "new"),
                                  std::max(per_round / 20, 1L), true));
    std::printf("logs and recordings in %s; %d rounds, interleaved\n", folder.path().c_str(), rounds);
    bench::run_rounds(cases, rounds);
    bench::print_medians(cases, rounds, "no observer");
    for (const auto& c : cases) {
        if (c.failed > 0) std::printf("%s: %ld calls failed\n", c.label.c_str(), c.failed);
    }
    return 0;
}
