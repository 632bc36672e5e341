#include "window.hpp"

#include <regru/api/errors.hpp>

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>

#include <pthread.h>

namespace regru::api {

namespace detail {

void window_log::forget_old(wall_time now) {
    while (!granted.empty() && granted.front() <= now - 2 * window) granted.pop_front();
}

std::chrono::milliseconds window_log::wait(const rate& limit, wall_time now) const {
    std::chrono::milliseconds wait{0};
    if (blocked_until > now) wait = blocked_until - now;
    if (granted.size() >= limit.calls) {
        // The permit that must leave the window before another can enter it.
        wall_time leaves = granted[granted.size() - limit.calls] + limit.window;
        wait = std::max(wait, leaves - now);
    }
    return wait;
}

namespace {

// Counts the forks of this process: a child of fork() inherits every thread_local generator,
// and must not repeat its parent's tokens (each could then release the other's lock). Counted
// by pthread_atfork rather than by asking getpid() at each token, which is a system call.
std::atomic<unsigned> forks{0};

unsigned fork_generation() {
    static const bool registered = [] {
        pthread_atfork(nullptr, nullptr, [] { forks.fetch_add(1, std::memory_order_relaxed); });
        return true;
    }();
    (void)registered;
    return forks.load(std::memory_order_relaxed);
}

}  // namespace

std::string new_lock_token() {
    thread_local std::mt19937_64 bits{std::random_device{}()};
    thread_local unsigned seeded_in = fork_generation();
    if (unsigned now = fork_generation(); seeded_in != now) {
        bits.seed(std::random_device{}());
        seeded_in = now;
    }
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(bits()),
                  static_cast<unsigned long long>(bits()));
    return text;
}

}  // namespace detail

rate parse_rate(std::string_view text) {
    auto bad = [&](std::string_view why) {
        return usage_error("Invalid rate '" + std::string(text) + "': " + std::string(why) +
                           " (expected CALLS/SECONDS, like 1200/3600)");
    };
    auto slash = text.find('/');
    if (slash == std::string_view::npos) throw bad("no '/'");
    std::string_view count = text.substr(0, slash), seconds = text.substr(slash + 1);
    std::uint32_t calls = 0;
    auto [count_end, count_error] = std::from_chars(count.data(), count.data() + count.size(), calls);
    if (count.empty() || count_error != std::errc() || count_end != count.data() + count.size()) {
        throw bad("the number of calls is not a whole number");
    }
    if (calls == 0) throw bad("the number of calls must be at least 1");
    double window = 0;
    auto [seconds_end, seconds_error] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), window);
    if (seconds.empty() || seconds_error != std::errc() || seconds_end != seconds.data() + seconds.size() ||
        !std::isfinite(window)) {
        throw bad("the window is not a number of seconds");
    }
    if (window < 0.001 || window > 366.0 * 86400) throw bad("the window must be between 0.001 s and a year");
    return {calls, std::chrono::milliseconds(std::llround(window * 1000))};
}

}  // namespace regru::api
