#include "window.hpp"

#include <regru/api/errors.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>

#include <unistd.h>

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

std::string new_lock_token() {
    thread_local std::mt19937_64 bits{std::random_device{}()};
    // A child of fork() inherits the generator: without a new seed it would repeat its
    // parent's tokens, and each could then release the other's lock.
    thread_local pid_t seeded_in = getpid();
    if (seeded_in != getpid()) {
        bits.seed(std::random_device{}());
        seeded_in = getpid();
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
