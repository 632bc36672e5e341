#include <regru/api/errors.hpp>
#include <regru/api/http.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/api/response.hpp>

#include <array>
#include <cstdio>

namespace regru::api {
namespace {

using std::chrono::milliseconds;

// A balance lock outlives its call's deadline by this much, so it cannot lapse while the call
// may still be in flight; a holder that dies gives it up at the latest then.
constexpr milliseconds lock_grace{5'000};
constexpr milliseconds lock_without_deadline{600'000};
// Giving a lock back must not hang a call that is over.
constexpr milliseconds release_time{2'000};

void check_rate(const std::optional<rate>& limit, std::string_view which) {
    if (!limit) return;
    if (limit->calls == 0) throw usage_error(std::string(which) + ": a rate needs at least 1 call (nullopt turns it off)");
    if (limit->window < milliseconds(1)) throw usage_error(std::string(which) + ": the window must be at least 1 ms");
}

std::string ip_key_of(const rate_limit_options& o, const call_context& call) {
    return ip_limit_key(o.ip_key ? *o.ip_key : call.host);
}

milliseconds lock_expiry(const call_context& call) {
    if (call.deadline == steady_deadline::max()) return lock_without_deadline;
    auto left = std::chrono::duration_cast<milliseconds>(call.deadline - std::chrono::steady_clock::now());
    return std::max(left, milliseconds(0)) + lock_grace;
}

std::string describe_refusal(const admission& refused, std::span<const limit_key> keys) {
    if (refused.blocked) return refused.refused_key + " is blocked: the service answered that its limit was reached";
    for (const auto& key : keys) {
        if (key.name == refused.refused_key) {
            char window[32];
            std::snprintf(window, sizeof window, "%g s", static_cast<double>(key.limit.window.count()) / 1000.0);
            return key.name + " has had its " + std::to_string(key.limit.calls) + " calls of the last " + window;
        }
    }
    return refused.refused_key + " is full";
}

}  // namespace

std::shared_ptr<limit_store> process_memory_store() {
    static const std::shared_ptr<limit_store> store = make_memory_store();
    return store;
}

rate_limiter::rate_limiter(rate_limit_options options) {
    check_rate(options.per_user, "per_user");
    check_rate(options.per_ip, "per_ip");
    if (!options.store) options.store = process_memory_store();
    if (!options.clock) options.clock = wall_now;
    if (!options.warning_sink) options.warning_sink = write_to_standard_error;
    options_ = std::make_shared<const rate_limit_options>(std::move(options));
}

permit_decision rate_limiter::acquire(const call_context& call) const {
    const rate_limit_options& o = *options_;
    wall_time now = o.clock();
    std::array<limit_key, 2> keys;
    std::size_t count = 0;
    if (o.per_user) keys[count++] = {user_limit_key(call.username), *o.per_user};
    if (o.per_ip) keys[count++] = {ip_key_of(o, call), *o.per_ip};
    try {
        permit held;
        if (o.serialise_charges && call.method.effect == effect::charges) {
            auto lock = o.store->try_lock(call.username, now, lock_expiry(call), call.deadline);
            if (!lock.held) {
                return permit_decision::wait(lock.retry_in, "another call that may move money holds the balance lock of " +
                                                                std::string(call.username));
            }
            held = permit([store = o.store, account = std::string(call.username), token = std::move(lock.token)] {
                try {
                    store->release(account, token, std::chrono::steady_clock::now() + release_time);
                } catch (const limit_store_error&) {
                    // It expires on its own.
                }
            });
        }
        auto verdict = o.store->take(std::span(keys.data(), count), now, call.deadline);
        if (!verdict.granted) return permit_decision::wait(verdict.retry_in, describe_refusal(verdict, std::span(keys.data(), count)));
        return permit_decision::granted(std::move(held));
    } catch (const limit_store_error& e) {
        return permit_decision::refused(e.what());
    }
}

void rate_limiter::learn(const call_context& call, const response& answer) const {
    if (answer.kind() != outcome::api_error) return;
    const rate_limit_options& o = *options_;
    std::string key;
    milliseconds window{3'600'000};
    if (answer.error_code() == account_rate_code) {
        key = user_limit_key(call.username);
        if (o.per_user) window = o.per_user->window;
    } else if (answer.error_code() == ip_rate_code) {
        key = ip_key_of(o, call);
        if (o.per_ip) window = o.per_ip->window;
    } else {
        return;
    }
    try {
        o.store->block(key, o.clock() + window, call.deadline);
    } catch (const limit_store_error& e) {
        o.warning_sink("could not record that the service limited " + key + ": " + e.what());
    }
}

}  // namespace regru::api
