#include <regru/api/detail/call_plan.hpp>

#include <cstdio>

namespace regru::api::detail {
namespace {

std::string seconds(std::chrono::milliseconds ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
    return text;
}

}  // namespace

call_plan::call_plan(effect method_effect, const retry_options& retry, when_limited on_limit, time_point now,
                     time_point deadline, std::uint64_t seed) noexcept
    : effect_(method_effect), retry_(retry), on_limit_(on_limit), deadline_(deadline), jitter_state_(seed) {
    if (retry_.budget && *retry_.budget < deadline_ - now) deadline_ = now + *retry_.budget;
}

void call_plan::on_permit_withheld(const permit_decision& decision, time_point now) {
    if (decision.kind == permit_decision::verdict::refused) return finish_limited(decision.why, std::nullopt, false);
    bool past_deadline = decision.retry_in > time_left(now);
    if (on_limit_ == when_limited::fail || past_deadline) return finish_limited(decision.why, decision.retry_in, past_deadline);
    pause_ = decision.retry_in;
    next_ = step::pause;
}

void call_plan::on_answer(response&& answer, time_point now) {
    ++attempts_;
    auto verdict = decide_retry(effect_, classify(answer), attempts_, retry_, time_left(now), next_jitter());
    if (!verdict.again) return finish(std::move(answer), verdict.why);
    last_ = std::move(answer);
    pause_ = verdict.pause;
    next_ = step::pause;
}

response call_plan::take_response() { return std::move(*last_); }

void call_plan::finish(response&& answer, stop_reason why) {
    answer.attempts_ = attempts_;
    answer.why_stopped_ = why;
    last_ = std::move(answer);
    next_ = step::finish;
}

// The limits held the call. After an earlier attempt its answer stands (a rate-limit code,
// say); before any, the call ends without having sent anything.
void call_plan::finish_limited(std::string why, std::optional<std::chrono::milliseconds> retry_in, bool past_deadline) {
    stop_reason reason = past_deadline ? stop_reason::out_of_time : stop_reason::limited;
    if (last_) return finish(std::move(*last_), reason);
    std::string text = "held back by this side's limits: " + why;
    if (retry_in) {
        text += past_deadline ? "; the next permit comes in " + seconds(*retry_in) + ", after the call's deadline"
                              : "; the next permit comes in " + seconds(*retry_in);
    }
    last_ = response::from_limit(text + " (nothing was sent)", retry_in);
    last_->why_stopped_ = reason;
    next_ = step::finish;
}

std::chrono::milliseconds call_plan::time_left(time_point now) const noexcept {
    if (deadline_ == time_point::max()) return std::chrono::milliseconds::max();
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
}

// splitmix64: a few instructions, enough for jitter, and no state to set up per call.
double call_plan::next_jitter() noexcept {
    std::uint64_t z = (jitter_state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

}  // namespace regru::api::detail
