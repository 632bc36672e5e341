#include "deadline_watchdog.hpp"

#include <sys/socket.h>

#include <algorithm>

namespace regru::api::detail {

deadline_watchdog::~deadline_watchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t deadline_watchdog::arm(clock::time_point deadline, int socket_fd) {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    std::uint64_t ticket = next_ticket_++;
    watches_.emplace(ticket, watch{deadline, socket_fd, false});
    if (deadline < next_look_) {
        next_look_ = deadline;
        wake_.notify_one();
    }
    return ticket;
}

bool deadline_watchdog::disarm(std::uint64_t ticket) {
    std::lock_guard lock(mutex_);
    auto found = watches_.find(ticket);
    if (found == watches_.end()) return false;
    bool fired = found->second.fired;
    watches_.erase(found);
    return fired;
}

void deadline_watchdog::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        auto now = clock::now();
        next_look_ = clock::time_point::max();
        for (auto& [ticket, w] : watches_) {
            if (w.fired) continue;
            if (w.deadline <= now) {
                // The raw descriptor, not Poco's shutdown(): with TLS that would write a
                // close_notify from this thread while another one is reading.
                ::shutdown(w.socket_fd, SHUT_RDWR);
                w.fired = true;
            } else {
                next_look_ = std::min(next_look_, w.deadline);
            }
        }
        if (next_look_ == clock::time_point::max()) {
            wake_.wait(lock);
        } else {
            wake_.wait_until(lock, next_look_);
        }
    }
}

}  // namespace regru::api::detail
