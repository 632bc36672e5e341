// What the rate limiter costs a call, through the whole client over a transport that answers
// at once (bench_call's): no_rate_limit, then rate_limiter on the memory store, on the file
// store (a file in a folder under $TMPDIR, else /tmp, removed after) and on the Redis store (a redis-server
// started on a free loopback port: tests/support/redis_server.hpp). `nop` takes a permit from
// two keys (user and IP); `user/refill_balance`, which may move money, also takes and gives
// back the account's balance lock. Cases are interleaved in rounds and the medians printed,
// with what each costs over no_rate_limit. Then the utilisation of REG.API's budget under 30
// virtual days of saturating demand (tests/support/saturating_demand.hpp, which test_limits
// runs too), and the real time that took.
//
//   bench_limits [CALLS [ROUNDS [CASE]]]
//     CALLS per case for the in-process stores (default 200000), in ROUNDS interleaved rounds
//     (default 5); Redis gets a tenth of CALLS, the file store a twentieth with quiet keys and a
//     two-hundredth with full keys (each of its calls reads and writes some 70 KB). CASE
//     runs only the cases whose name holds it ("file store, quiet"), or "simulation" only the
//     simulation: for a profiler.
//
// The limits are REG.API's, 1200 calls per 3600 s per user and per IP, and the limiter's clock
// moves on by a fixed step at every call, so that no permit is ever refused (what is measured
// is the cost of a permit, never a wait) and each key holds the same number of permits however
// fast the machine is:
//   full    3.001 s a call, just under the limit: each key holds about 2400 permits (a store
//           keeps two windows' worth), as it does under saturating demand; the largest a key gets
//   quiet   an hour a call: each key holds 2
#include <regru/api/basic_client.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/codecs/json_codec.hpp>
#ifdef REGRU_BENCH_WITH_REDIS
#include <regru/limits/redis_store.hpp>

#include "support/redis_server.hpp"
#endif

#include "fixed_answer.hpp"
#include "measure.hpp"
#include "support/saturating_demand.hpp"
#include "support/windows.hpp"
#include "support/temp_folder.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace api = regru::api;
namespace bench = regru::bench;
using std::chrono::milliseconds;

namespace {

const api::rate regru_limit{1200, milliseconds(3'600'000)};

enum class fill { none, quiet, full };

// The limiter's clock: now, then `step` later at each reading (one per permit asked).
std::function<api::wall_time()> stepping_clock(milliseconds step) {
    auto next = std::make_shared<std::atomic<std::int64_t>>(api::wall_now().time_since_epoch().count());
    return [next, step] { return api::wall_time(milliseconds(next->fetch_add(step.count(), std::memory_order_relaxed))); };
}

// A client over the fixed nop answer; a limited call fails at once (on_limit = fail) rather than
// wait, so a refusal would show as a failed call.
template <class Limiter>
std::shared_ptr<api::basic_client<bench::fixed_answer_transport, api::json_codec, Limiter>> make_client(Limiter limiter) {
    auto account = bench::test_account();
    account.on_limit = api::when_limited::fail;
    return std::make_shared<api::basic_client<bench::fixed_answer_transport, api::json_codec, Limiter>>(
        std::move(account), bench::answering_nop(), api::json_codec(), std::move(limiter));
}

// The case's calls; the first failure's code and text go to `first_failure`.
template <class Client>
std::function<bool()> calls_of(std::shared_ptr<Client> client, bool charges, std::shared_ptr<std::string> first_failure) {
    return [client, charges, first_failure] {
        auto answer = charges ? client->user().refill_balance() : client->nop();
        if (!answer.is_success() && first_failure->empty()) {
            *first_failure = std::string(answer.error_code()) + ": " + std::string(answer.error_text());
        }
        return answer.is_success();
    };
}

class cases_builder {
public:
    cases_builder(int rounds, std::string only) : rounds_(rounds), only_(std::move(only)) {}

    // `store` empty: no_rate_limit. Makes the store only when the case is to run.
    void add(std::string label, const std::function<std::shared_ptr<api::limit_store>()>& make_store, fill level,
             bool charges, long calls) {
        if (label.find(only_) == std::string::npos) return;
        std::function<bool()> call;
        auto first_failure = std::make_shared<std::string>();
        auto store = make_store ? make_store() : nullptr;
        if (!store) {
            call = calls_of(make_client(api::no_rate_limit()), charges, first_failure);
            (charges ? charges_baseline_ : nop_baseline_) = cases.size();
        } else {
            milliseconds step = level == fill::full ? milliseconds(3'001) : milliseconds(3'600'000);
            auto client = make_client(api::rate_limiter(
                {.per_user = regru_limit, .per_ip = regru_limit, .store = std::move(store), .clock = stepping_clock(step)}));
            // The keys' windows filled before anything is timed: two windows' worth of permits.
            for (std::uint32_t i = 0; i < (level == fill::full ? 2 * regru_limit.calls : 2); ++i) client->nop();
            call = calls_of(client, charges, first_failure);
        }
        cases.push_back({std::move(label), std::move(call), std::max(calls / rounds_, 1L),
                         charges ? charges_baseline_ : nop_baseline_, {}, {}, 0, first_failure});
    }

    std::vector<bench::round_case> cases;

private:
    int rounds_;
    std::string only_;
    std::optional<std::size_t> nop_baseline_, charges_baseline_;
};

// 30 virtual days of 16 threads' saturating demand at REG.API's limits, on the memory store.
void print_simulation() {
    const regru::testing::saturating_demand demand;
    auto wall_start = std::chrono::steady_clock::now();
    double cpu_start = bench::cpu_seconds();
    auto outcome = regru::testing::run_saturating_demand(demand, api::make_memory_store());
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    double cpu = bench::cpu_seconds() - cpu_start;
    std::size_t most = 0;
    for (const auto& [name, times] : outcome.granted) {
        most = std::max(most, regru::testing::most_in_any_window(times, demand.limit.window));
    }
    std::printf("\n%d virtual days of saturating demand: %d threads, %d accounts behind one IP, %u calls per %lld s per "
                "user and per IP, memory store:\n",
                demand.days, demand.threads, demand.accounts, demand.limit.calls,
                static_cast<long long>(demand.limit.window.count() / 1000));
    std::printf("  permits granted %zu of %zu allowed: %.2f%% utilisation; at most %zu in any window of any key\n",
                outcome.used(), outcome.allowed, 100.0 * outcome.utilisation(), most);
    std::printf("  real time %.2f s, CPU %.2f s (%.1f us of CPU per permit granted)\n", wall, cpu,
                cpu / static_cast<double>(outcome.used()) * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    long calls = argc > 1 ? std::atol(argv[1]) : 200'000;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    std::string only = argc > 3 ? argv[3] : "";
    if (calls < 100 || rounds < 1) {
        std::cerr << "usage: bench_limits [CALLS (at least 100) [ROUNDS [CASE]]]\n";
        return 2;
    }
    try {
        regru::testing::temp_folder folder;
#ifdef REGRU_BENCH_WITH_REDIS
        regru::testing::redis_server redis;
        int redis_stores = 0;
        auto redis_store = [&] {
            auto options = api::parse_redis_url(redis.url());
            options.key_prefix = "bench-" + std::to_string(++redis_stores) + ":";  // a case's keys are its own
            return api::make_redis_store(options);
        };
#endif
        int files = 0;
        auto file_store = [&] { return api::make_file_store(folder / ("limits-" + std::to_string(++files))); };

        std::printf("filling the keys' windows...\n");
        std::fflush(stdout);
        cases_builder b(rounds, only);
        b.add("nop: no_rate_limit", nullptr, fill::none, false, calls);
        b.add("nop: memory store, quiet keys", api::make_memory_store, fill::quiet, false, calls);
        b.add("nop: memory store, full keys", api::make_memory_store, fill::full, false, calls);
        b.add("nop: file store, quiet keys", file_store, fill::quiet, false, calls / 20);
        b.add("nop: file store, full keys", file_store, fill::full, false, calls / 200);
#ifdef REGRU_BENCH_WITH_REDIS
        b.add("nop: Redis store, quiet keys", redis_store, fill::quiet, false, calls / 10);
        b.add("nop: Redis store, full keys", redis_store, fill::full, false, calls / 10);
#endif
        b.add("refill_balance: no_rate_limit", nullptr, fill::none, true, calls);
        b.add("refill_balance: memory store, full keys", api::make_memory_store, fill::full, true, calls);
        b.add("refill_balance: file store, quiet keys", file_store, fill::quiet, true, calls / 20);
        b.add("refill_balance: file store, full keys", file_store, fill::full, true, calls / 200);
#ifdef REGRU_BENCH_WITH_REDIS
        b.add("refill_balance: Redis store, full keys", redis_store, fill::full, true, calls / 10);
        std::printf("Redis: %s; ", redis.url().c_str());
#endif
        std::printf("file store: in %s; %d rounds, interleaved\n", folder.path().c_str(), rounds);

        auto& cases = b.cases;
        bench::run_rounds(cases, rounds);
        if (!cases.empty()) {
            bench::print_medians(cases, rounds, "no_rate_limit");
            std::printf("the file stores' sizes:");
            for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
                if (entry.path().extension().empty()) std::printf(" %s %ju B;", entry.path().filename().c_str(), entry.file_size());
            }
            std::printf("\n");
        }
        bool all_succeeded = true;
        for (const auto& c : cases) {
            if (c.failed > 0) {
                all_succeeded = false;
                std::fprintf(stderr, "bench_limits: %s: %ld calls failed, the first with %s: its figures are not a permit's cost\n",
                             c.label.c_str(), c.failed, c.first_failure->c_str());
            }
        }
        if (only.empty() || only == "simulation") print_simulation();
        if (!all_succeeded) return 1;
    } catch (const std::exception& e) {
        std::cerr << "bench_limits: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
