// When a call may be tried again: three separate decisions, none of which does I/O.
//   1. What the last attempt's failure means: did anything reach the service? (classify)
//   2. Is this method safe to repeat after that? (its effect, from the method tables)
//   3. How long to wait first: exponential backoff with jitter, within the call's time.
// The blocking call path uses them now; an asynchronous one can use the same functions.
#pragma once

#include <regru/api/method.hpp>

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace regru::api {

class response;

struct retry_options {
    // Attempts in all, the first included: 3 is the first and up to two more. 1: no retries.
    unsigned max_attempts = 3;
    // The pause before the second attempt; each later one is `multiplier` times longer, up
    // to max_backoff. Each pause is drawn between half its length and its full length.
    std::chrono::milliseconds initial_backoff{250};
    std::chrono::milliseconds max_backoff{8'000};
    double multiplier = 2.0;
    // The most all attempts and pauses may take together; unset: the call's deadline. An
    // attempt is not started when the pause before it would not end within this.
    std::optional<std::chrono::milliseconds> budget{};
};

// What the end of an attempt says about the service.
enum class attempt_class {
    answered,          // a final answer: success, or an error that trying again cannot mend
    not_sent,          // nothing reached the service (connection refused, TLS failed before the request)
    refused_before_acting,  // the service turned it away unprocessed: its rate limits, BILLING_LOCK
    may_have_reached,  // timeout, reset, answer cut short, HTTP 5xx, a body that is not an envelope
};

attempt_class classify(const response& answer) noexcept;

// Why there was no further attempt.
enum class stop_reason {
    final_answer,      // the last answer is final (success, or an error a retry cannot mend)
    unsafe_to_repeat,  // the request may have reached the service and the method is not `read`
    out_of_attempts,   // retry_options::max_attempts were made
    out_of_time,       // another attempt would not fit in the call's deadline or the budget
    limited,           // this side's limits held the call (when_limited::fail, or a store failing closed)
};

std::string_view to_string(stop_reason reason) noexcept;
std::ostream& operator<<(std::ostream& out, stop_reason reason);

struct retry_verdict {
    bool again = false;
    std::chrono::milliseconds pause{0};        // when again: how long to wait first
    stop_reason why = stop_reason::final_answer;  // when not
};

// The pause before attempt `attempts_made + 1`: the exponential backoff, scaled between half
// and all of it by `jitter` in [0, 1).
std::chrono::milliseconds backoff(const retry_options& options, unsigned attempts_made, double jitter) noexcept;

// Whether to make another attempt, and after what pause:
//   not_sent                 any method
//   refused_before_acting    any method
//   may_have_reached         read methods only; never write or charges
//   answered                 never
// `time_left` is what remains of the call's deadline (and budget) now.
retry_verdict decide_retry(effect method_effect, attempt_class last, unsigned attempts_made,
                           const retry_options& options, std::chrono::milliseconds time_left, double jitter) noexcept;

}  // namespace regru::api
