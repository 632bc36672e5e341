// A worker process for the tests of the limits across processes (tests/test_processes.cpp): it
// makes calls with the real client and a limit store chosen on its command line, and says on
// standard output how each call ended, one line per call:
//
//     END OUTCOME ATTEMPTS START PERMIT
//
// END and START are the wall-clock milliseconds when the call ended and began; OUTCOME is
// `success`, the error code, or `limited` (this side's limits held the call: nothing was sent);
// ATTEMPTS those sent. PERMIT is the `now` the rate limiter last gave its store (0 when nothing
// was sent): for a call that succeeded at its first attempt, the time its permit was counted at,
// what the store's window holds. The store's warnings (fail-open: Redis lost, Redis back) go to
// standard error.
//
//   limit_worker --endpoint URL --store memory|file:PATH|redis://HOST:PORT/DB [--fail-open]
//                --rate N/SECONDS [--calls N] [--method PATH] [--attempts N] [--deadline MS]
//                [--pause MS] [--no-serialise]
//
// --pause: the time between the end of a call and the start of the next. --no-serialise turns
// the limiter's one-charges-call-per-account lock off. Exits 0 once every call has ended
// (whatever their outcomes), 2 on a bad command line.
#include "valid_requests.hpp"

#include <regru/api.hpp>
#include <regru/limits/redis_store.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <thread>

namespace api = regru::api;
using std::chrono::milliseconds;

namespace {

long long ms_of(api::wall_time time) { return time.time_since_epoch().count(); }

int run(int argc, char** argv) {
    std::map<std::string, std::string> given{{"--calls", "1"}, {"--method", "nop"}, {"--attempts", "3"},
                                             {"--deadline", "30000"}, {"--pause", "0"}};
    bool fail_open = false, serialise = true;
    for (int i = 1; i < argc; ++i) {
        std::string_view name = argv[i];
        if (name == "--fail-open") {
            fail_open = true;
        } else if (name == "--no-serialise") {
            serialise = false;
        } else if (i + 1 < argc && name.starts_with("--")) {
            given[std::string(name)] = argv[++i];
        } else {
            throw api::usage_error("unknown argument '" + std::string(name) + "'");
        }
    }
    for (const char* required : {"--endpoint", "--store", "--rate"}) {
        if (!given.count(required)) throw api::usage_error(std::string(required) + " is required");
    }
    auto method = api::find_method(given["--method"]);
    if (!method) throw api::usage_error("unknown method '" + given["--method"] + "'");

    api::wall_time permit{};  // the limiter's last reading of the clock
    api::rate client_rate = api::parse_rate(given["--rate"]);
    api::rate_limiter limiter({.per_user = client_rate,
                               .per_ip = client_rate,
                               .serialise_charges = serialise,
                               .store = api::open_limit_store(given["--store"], fail_open ? api::store_failure_mode::fail_open
                                                                                          : api::store_failure_mode::fail_closed),
                               .clock = [&permit] { return permit = api::wall_now(); }});
    api::options options;
    options.username = "test";
    options.password = "test";
    options.endpoint = given["--endpoint"];
    options.deadline = milliseconds(std::stoll(given["--deadline"]));
    options.retry.max_attempts = static_cast<unsigned>(std::stoul(given["--attempts"]));
    api::basic_client<api::poco_transport, api::json_codec, api::rate_limiter> client(options, api::poco_transport(), {}, limiter);

    auto calls = std::stoi(given["--calls"]);
    milliseconds pause(std::stoll(given["--pause"]));
    for (int i = 0; i < calls; ++i) {
        if (i > 0) std::this_thread::sleep_for(pause);
        permit = {};
        auto start = api::wall_now();
        auto answer = client.invoke(*method, regru::testing::valid_call(method->path, {}));  // test mode validates
        auto end = api::wall_now();
        std::string outcome = answer.is_success()                      ? "success"
                              : answer.kind() == api::outcome::limited ? "limited"
                                                                       : std::string(answer.error_code());
        // One write a line, flushed: the test may kill this process at any moment.
        std::printf("%lld %s %u %lld %lld\n", ms_of(end), outcome.c_str(), answer.attempts(), ms_of(start),
                    answer.attempts() > 0 ? ms_of(permit) : 0LL);
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "limit_worker: " << e.what() << '\n';
        return 2;
    }
}
