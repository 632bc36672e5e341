// Enforces the deadline of calls in flight: when a call's deadline passes, its socket is shut
// down, which wakes whatever read or write is blocked on it. Poco's timeouts bound each
// socket operation, not a whole exchange; this bounds the exchange.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace regru::api::detail {

class deadline_watchdog {
public:
    using clock = std::chrono::steady_clock;

    deadline_watchdog() = default;
    deadline_watchdog(const deadline_watchdog&) = delete;
    deadline_watchdog& operator=(const deadline_watchdog&) = delete;
    ~deadline_watchdog();

    // Shuts `socket_fd` down at `deadline` unless disarmed first. The caller must disarm
    // before it closes the socket.
    std::uint64_t arm(clock::time_point deadline, int socket_fd);
    // Whether the deadline had passed and the socket was shut down.
    bool disarm(std::uint64_t ticket);

private:
    struct watch {
        clock::time_point deadline;
        int socket_fd;
        bool fired;
    };

    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::uint64_t, watch> watches_;
    std::uint64_t next_ticket_ = 1;
    // When the thread will next look; arm() wakes it only for an earlier deadline, so that a
    // stream of calls with the same deadline costs no wake-ups.
    clock::time_point next_look_ = clock::time_point::max();
    bool stopping_ = false;
    std::thread thread_;  // started by the first arm()
};

}  // namespace regru::api::detail
