// A mutex whose waiters give up at their deadline, for the limit stores: a caller must not wait
// for another thread's store operation past its own call's deadline.
//
// std::timed_mutex does the same, but libstdc++ waits for it in pthread_mutex_clocklock, which
// ThreadSanitizer (GCC 12) does not intercept: it then reports every unlock as a misuse. A
// condition variable's wait it does see.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace regru::api::detail {

class deadline_mutex {
public:
    void lock() {
        std::unique_lock lock(mutex_);
        free_.wait(lock, [&] { return !held_; });
        held_ = true;
    }
    bool try_lock_until(std::chrono::steady_clock::time_point deadline) {
        std::unique_lock lock(mutex_);
        if (!free_.wait_until(lock, deadline, [&] { return !held_; })) return false;
        held_ = true;
        return true;
    }
    void unlock() {
        {
            std::lock_guard lock(mutex_);
            held_ = false;
        }
        free_.notify_one();
    }

private:
    std::mutex mutex_;
    std::condition_variable free_;
    bool held_ = false;
};

}  // namespace regru::api::detail
