// The lines a server logs (its `log` option), gathered from any of its threads, for tests
// that check what reached it.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace regru::testing {

// The lines a server logged, from any of its threads.
class log_lines {
public:
    std::function<void(std::string_view)> sink() {
        return [this](std::string_view line) {
            std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        };
    }
    std::vector<std::string> all() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // The lines holding `part`.
    std::vector<std::string> with(std::string_view part) const {
        auto found = all();
        std::erase_if(found, [&](const std::string& line) { return line.find(part) == std::string::npos; });
        return found;
    }
    // Waits up to 10 s for a line holding `part`.
    bool wait_for(std::string_view part) const {
        using clock = std::chrono::steady_clock;
        for (auto until = clock::now() + std::chrono::seconds(10); clock::now() < until;) {
            if (!with(part).empty()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

}  // namespace regru::testing
