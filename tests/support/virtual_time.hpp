// Virtual wall time for tests of the rate limiter: threads sleep until a virtual instant, and
// when every participating thread sleeps, time jumps to the earliest wake-up. So days of
// saturating demand run in seconds, and every figure is exact.
#pragma once

#include <regru/api/limit_store.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <map>

namespace regru::testing {

class virtual_time {
public:
    explicit virtual_time(int participants, api::wall_time start = api::wall_time(std::chrono::hours(24 * 365 * 50)))
        : now_(start), participants_(participants) {}

    api::wall_time now() const {
        std::lock_guard lock(mutex_);
        return now_;
    }

    void sleep_until(api::wall_time wake) {
        std::unique_lock lock(mutex_);
        if (wake <= now_) return;
        std::condition_variable mine;  // only this thread is woken, and only when it is due
        wakeups_.emplace(wake, &mine);
        if (wakeups_.size() == static_cast<std::size_t>(participants_)) advance();
        mine.wait(lock, [&] { return now_ >= wake; });
    }

    // A participant that stops: the others no longer wait for it.
    void leave() {
        std::lock_guard lock(mutex_);
        --participants_;
        if (participants_ > 0 && wakeups_.size() == static_cast<std::size_t>(participants_)) advance();
    }

private:
    // Called with the lock held, when everyone sleeps. The threads it wakes leave the list
    // here, so that a thread going to sleep meanwhile counts the sleepers right.
    void advance() {
        now_ = wakeups_.begin()->first;
        while (!wakeups_.empty() && wakeups_.begin()->first <= now_) {
            wakeups_.begin()->second->notify_one();
            wakeups_.erase(wakeups_.begin());
        }
    }

    mutable std::mutex mutex_;
    api::wall_time now_;
    int participants_;
    std::multimap<api::wall_time, std::condition_variable*> wakeups_;  // the sleepers
};

}  // namespace regru::testing
