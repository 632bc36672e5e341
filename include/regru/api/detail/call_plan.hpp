// The decisions of one call, from its first permit to its final answer: whether to wait for a
// permit or give up, whether to try again and after what pause. It does no I/O and reads no
// clock: a driver does what next() asks and reports back, with the time. The blocking driver
// is run_blocking (call.hpp); an asynchronous one can drive the same plan with timers.
//
//     acquire --granted--> send --answer--> finish
//        |  \--wait------> pause -> acquire  \--retry--> pause -> acquire
//        \--refused / would pass the deadline / when_limited::fail --> finish
#pragma once

#include <regru/api/options.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/api/response.hpp>
#include <regru/api/retry.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace regru::api::detail {

class call_plan {
public:
    using time_point = std::chrono::steady_clock::time_point;
    enum class step { acquire, send, pause, finish };

    // `deadline` is the call's; the retry budget, if any, may end the plan sooner. `seed`
    // drives the jitter of the pauses.
    call_plan(effect method_effect, const retry_options& retry, when_limited on_limit, time_point now,
              time_point deadline, std::uint64_t seed) noexcept;

    step next() const noexcept { return next_; }
    // For step::pause.
    std::chrono::milliseconds pause_length() const noexcept { return pause_; }
    // The attempt that the next send makes: 1 for the first.
    unsigned attempt() const noexcept { return attempts_ + 1; }

    // After acquire: what the limiter said. A granted permit needs no time.
    void on_permit_granted() noexcept { next_ = step::send; }
    void on_permit_withheld(const permit_decision& decision, time_point now);
    // After send: the attempt's answer.
    void on_answer(response&& answer, time_point now);
    // After pause.
    void on_paused() noexcept { next_ = step::acquire; }

    // At finish: the call's answer, with its attempts and why there was no other.
    response take_response();

private:
    void finish(response&& answer, stop_reason why);
    void finish_limited(std::string why, std::optional<std::chrono::milliseconds> retry_in, bool past_deadline);
    std::chrono::milliseconds time_left(time_point now) const noexcept;
    double next_jitter() noexcept;

    effect effect_;
    retry_options retry_;
    when_limited on_limit_;
    time_point deadline_;
    std::uint64_t jitter_state_;
    unsigned attempts_ = 0;
    step next_ = step::acquire;
    std::chrono::milliseconds pause_{0};
    std::optional<response> last_;  // the latest answer: the final one at finish
};

}  // namespace regru::api::detail
