// Days of saturating demand on a rate limiter, in virtual time (virtual_time.hpp): threads that
// call as fast as their permits come, several accounts behind one IP, every call returning at
// once but one in 16 "taking" up to 2 s. What test_limits checks (never over the limit, the
// budget used) and what bench_limits prints (how much of it, how fast the simulation runs).
#pragma once

#include "virtual_time.hpp"

#include <regru/api/rate_limit.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace regru::testing {

struct saturating_demand {
    int threads = 16;
    int accounts = 4;  // thread t calls as "reseller-<t % accounts>"
    int days = 30;
    api::rate limit{1200, std::chrono::milliseconds(3'600'000)};  // per user and per IP
};

struct demand_outcome {
    static constexpr const char* ip_key = "ip:api.reg.ru";
    // The times of the permits each key gave ("user:reseller-0", ..., ip_key), sorted.
    std::map<std::string, std::vector<api::wall_time>> granted;
    // What the IP key, which every call shares, allows over the days: the budget.
    std::size_t allowed = 0;

    std::size_t used() const { return granted.at(ip_key).size(); }
    double utilisation() const { return static_cast<double>(used()) / static_cast<double>(allowed); }
};

// Runs the demand against a rate_limiter on `store` from `start`, and says what it got.
inline demand_outcome run_saturating_demand(const saturating_demand& demand, std::shared_ptr<api::limit_store> store,
                                            api::wall_time start = api::wall_time(std::chrono::hours(24 * 365 * 50))) {
    constexpr api::method_ref nop{"", "nop", "nop", api::access_level::clients, api::effect::read};
    virtual_time clock(demand.threads, start);
    const api::wall_time end = start + std::chrono::hours(24 * demand.days);
    api::rate_limiter limiter({.per_user = demand.limit, .per_ip = demand.limit, .store = std::move(store),
                               .clock = [&] { return clock.now(); }});
    std::mutex mutex;
    demand_outcome outcome;
    outcome.allowed = demand.limit.calls * static_cast<std::size_t>((end - start) / demand.limit.window);
    std::vector<std::thread> workers;
    for (int t = 0; t < demand.threads; ++t) {
        workers.emplace_back([&, t] {
            std::string username = "reseller-" + std::to_string(t % demand.accounts);
            std::vector<api::wall_time> mine;
            std::uint64_t think = static_cast<std::uint64_t>(t) * 7919;
            for (api::wall_time now = clock.now(); now < end; now = clock.now()) {
                auto decision = limiter.acquire({nop, username, "api.reg.ru", 1, api::steady_deadline::max()});
                if (decision.kind == api::permit_decision::verdict::granted) {
                    mine.push_back(now);
                    // Calls return at once, but one in 16 takes up to 2 s: demand stays
                    // irregular, and the threads rarely hand the clock to one another.
                    think = think * 6364136223846793005ULL + 1442695040888963407ULL;
                    if ((think >> 60) == 0) clock.sleep_until(now + std::chrono::milliseconds((think >> 33) % 2000));
                } else {
                    clock.sleep_until(now + decision.retry_in);
                }
            }
            clock.leave();
            std::lock_guard lock(mutex);
            auto& user = outcome.granted["user:" + username];
            user.insert(user.end(), mine.begin(), mine.end());
            auto& ip = outcome.granted[demand_outcome::ip_key];
            ip.insert(ip.end(), mine.begin(), mine.end());
        });
    }
    for (auto& worker : workers) worker.join();
    for (auto& [name, times] : outcome.granted) std::sort(times.begin(), times.end());
    return outcome;
}

}  // namespace regru::testing
