// The window property every limit store must keep: in no stretch of time `window` long more
// than `calls` permits. Shared by the tests of the limiter and of each store.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <type_traits>

namespace regru::testing {

// The most permits that any stretch of `window` holds, for sorted times (time points, or
// milliseconds as plain numbers).
template <class Times>
std::size_t most_in_any_window(const Times& sorted, std::chrono::milliseconds window) {
    auto too_far = [&](const auto& later, const auto& earlier) {
        if constexpr (std::is_arithmetic_v<std::decay_t<decltype(later)>>) return later - earlier >= window.count();
        else return later - earlier >= window;
    };
    std::size_t most = 0, first = 0;
    for (std::size_t last = 0; last < sorted.size(); ++last) {
        while (too_far(sorted[last], sorted[first])) ++first;
        most = std::max(most, last - first + 1);
    }
    return most;
}

}  // namespace regru::testing
