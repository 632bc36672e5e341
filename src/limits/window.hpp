// The sliding window every in-process and file store counts with, and the balance-lock record
// they keep. Private to the compiled core; the Redis store does the same in its Lua script.
#pragma once

#include <regru/api/limit_store.hpp>

#include <algorithm>
#include <deque>
#include <span>
#include <string>

namespace regru::api::detail {

// The permits one key gave lately, oldest first, and the time until which it is blocked.
struct window_log {
    std::deque<wall_time> granted;
    wall_time blocked_until{};
    std::chrono::milliseconds window{0};  // the key's window when it was last counted

    // Forgets the permits that no window ending at `now`, or up to a window before it, can
    // hold any more. The extra window is for takes that arrive late: a caller that read the
    // clock, then waited for the store's lock, brings an earlier time than takes already
    // counted, and must still see the permits those takes saw.
    void forget_old(wall_time now);
    // How long from `now` until this key can give a permit under `limit`; zero: now.
    std::chrono::milliseconds wait(const rate& limit, wall_time now) const;
    // Nothing left to remember: the store may drop the key.
    bool idle(wall_time now) const { return granted.empty() && blocked_until <= now; }
};

// Takes a permit from every key or from none. `log_of(name)` gives the key's window_log&.
template <class LogOf>
admission admit(std::span<const limit_key> keys, wall_time now, LogOf&& log_of) {
    admission verdict;
    verdict.granted = true;
    for (const auto& key : keys) {
        window_log& log = log_of(key.name);
        log.window = key.limit.window;
        log.forget_old(now);
        auto wait = log.wait(key.limit, now);
        if (wait > verdict.retry_in) {
            verdict = {false, wait, key.name, log.blocked_until > now};
        }
    }
    if (!verdict.granted) return verdict;
    // In order of time, not of arrival (see forget_old): wait() counts from the newest.
    for (const auto& key : keys) {
        auto& granted = log_of(key.name).granted;
        granted.insert(std::upper_bound(granted.begin(), granted.end(), now), now);
    }
    return verdict;
}

// An account's balance lock as a store keeps it.
struct lock_record {
    std::string token;
    wall_time expires{};
};

// A token no other holder can have: 128 random bits, in hex.
std::string new_lock_token();

}  // namespace regru::api::detail
