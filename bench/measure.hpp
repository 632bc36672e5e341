// What the benchmarks print: calls per second and this process's CPU time per call
// (getrusage: user + system), after a short warm-up; and the medians of cases measured in
// interleaved rounds.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

}  // namespace regru::bench
