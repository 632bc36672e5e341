// What the benchmarks print: calls per second and this process's CPU time per call
// (getrusage: user + system), after a short warm-up; and the medians of cases measured in
// interleaved rounds.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace regru::bench {

struct figures {
    double calls_per_second = 0;
    double cpu_us_per_call = 0;
    long succeeded = 0;
};

inline double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs `call` (which returns whether it succeeded) `calls` times, after a warm-up of a
// twentieth as many, and says how fast.
template <class Call>
figures time_calls(long calls, Call&& call) {
    for (long i = 0; i < calls / 20 + 1; ++i) call();
    auto wall_start = std::chrono::steady_clock::now();
    double cpu_start = cpu_seconds();
    long ok = 0;
    for (long i = 0; i < calls; ++i) ok += call() ? 1 : 0;
    double cpu = cpu_seconds() - cpu_start;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return {static_cast<double>(calls) / wall, cpu / static_cast<double>(calls) * 1e6, ok};
}

// time_calls, and one line saying what it found.
template <class Call>
figures measure(const char* label, long calls, Call&& call) {
    figures f = time_calls(calls, call);
    std::printf("%-44s %9.0f calls/s  %7.2f us CPU/call  (%ld of %ld succeeded)\n", label, f.calls_per_second,
                f.cpu_us_per_call, f.succeeded, calls);
    std::fflush(stdout);
    return f;
}

// The middle value (of an odd count; the upper middle of an even one).
inline double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// A case measured in interleaved rounds, and compared with a baseline case.
struct round_case {
    std::string label;
    std::function<bool()> call;           // returns whether the call succeeded
    long calls = 0;                       // per round
    std::optional<std::size_t> baseline;  // the index of the case it is compared with
    std::vector<double> wall_us, cpu_us;  // per round
    long failed = 0;
    std::shared_ptr<std::string> first_failure = std::make_shared<std::string>();
};

inline round_case case_of(std::string label, std::function<bool()> call, long calls,
                          std::optional<std::size_t> baseline = {}) {
    round_case made;
    made.label = std::move(label);
    made.call = std::move(call);
    made.calls = calls;
    made.baseline = baseline;
    return made;
}

// Runs each case once per round, the cases interleaved, so that the machine's drift (heat,
// other work, the page cache) touches them all alike.
inline void run_rounds(std::vector<round_case>& cases, int rounds) {
    for (int round = 1; round <= rounds && !cases.empty(); ++round) {
        auto start = std::chrono::steady_clock::now();
        for (auto& c : cases) {
            auto f = time_calls(c.calls, c.call);
            c.wall_us.push_back(1e6 / f.calls_per_second);
            c.cpu_us.push_back(f.cpu_us_per_call);
            c.failed += c.calls - f.succeeded;
        }
        std::printf("round %d of %d: %.1f s\n", round, rounds,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        std::fflush(stdout);
    }
}

// The medians of each case, and what it adds to its baseline ("+").
inline void print_medians(const std::vector<round_case>& cases, int rounds, const char* baseline_name) {
    std::printf("\nmedians over %d rounds (wall: its lowest and highest in brackets); \"+\": over %s\n", rounds,
                baseline_name);
    std::printf("%-40s %7s %10s %26s %9s %11s %9s\n", "case", "a round", "calls/s", "wall us/call", "CPU us", "+wall us",
                "+CPU us");
    for (const auto& c : cases) {
        double wall = median(c.wall_us), cpu = median(c.cpu_us);
        auto [low, high] = std::minmax_element(c.wall_us.begin(), c.wall_us.end());
        std::printf("%-40s %7ld %10.0f %9.2f (%6.2f-%7.2f) %9.2f", c.label.c_str(), c.calls, 1e6 / wall, wall, *low, *high,
                    cpu);
        if (c.baseline && &cases[*c.baseline] != &c) {
            const auto& base = cases[*c.baseline];
            std::printf(" %11.2f %9.2f", wall - median(base.wall_us), cpu - median(base.cpu_us));
        }
        std::printf("\n");
    }
}

}  // namespace regru::bench
