#include <regru/api/rate_limit.hpp>
#include <regru/api/response.hpp>
#include <regru/api/retry.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <ostream>

namespace regru::api {
namespace {

// The service's answers that say it did nothing and another try may do better.
constexpr std::array<std::string_view, 3> refusals_before_acting{account_rate_code, ip_rate_code, billing_lock_code};

attempt_class classify_no_answer(transport_failure failure) noexcept {
    switch (failure) {
        case transport_failure::connect:
        case transport_failure::tls: return attempt_class::not_sent;
        case transport_failure::timeout:
        case transport_failure::io:
        case transport_failure::protocol: return attempt_class::may_have_reached;
        case transport_failure::none:
        case transport_failure::no_answer: break;  // a test double with nothing to say: no use asking again
    }
    return attempt_class::answered;
}

}  // namespace

attempt_class classify(const response& answer) noexcept {
    switch (answer.kind()) {
        case outcome::success: return attempt_class::answered;
        case outcome::limited: return attempt_class::not_sent;
        case outcome::transport_error: return classify_no_answer(answer.failure());
        case outcome::http_error:
            return answer.http_status() >= 500 ? attempt_class::may_have_reached : attempt_class::answered;
        case outcome::bad_answer: return attempt_class::may_have_reached;
        case outcome::api_error: break;
    }
    bool refused = std::find(refusals_before_acting.begin(), refusals_before_acting.end(), answer.error_code()) !=
                   refusals_before_acting.end();
    return refused ? attempt_class::refused_before_acting : attempt_class::answered;
}

std::string_view to_string(stop_reason reason) noexcept {
    switch (reason) {
        case stop_reason::final_answer: return "final_answer";
        case stop_reason::unsafe_to_repeat: return "unsafe_to_repeat";
        case stop_reason::out_of_attempts: return "out_of_attempts";
        case stop_reason::out_of_time: return "out_of_time";
        case stop_reason::limited: break;
    }
    return "limited";
}

std::ostream& operator<<(std::ostream& out, stop_reason reason) { return out << to_string(reason); }

std::chrono::milliseconds backoff(const retry_options& options, unsigned attempts_made, double jitter) noexcept {
    double full = static_cast<double>(options.initial_backoff.count()) *
                  std::pow(options.multiplier, static_cast<double>(std::max(attempts_made, 1u) - 1));
    full = std::min(full, static_cast<double>(options.max_backoff.count()));
    return std::chrono::milliseconds(std::llround(full * (0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0))));
}

retry_verdict decide_retry(effect method_effect, attempt_class last, unsigned attempts_made,
                           const retry_options& options, std::chrono::milliseconds time_left, double jitter) noexcept {
    if (last == attempt_class::answered) return {false, {}, stop_reason::final_answer};
    if (last == attempt_class::may_have_reached && method_effect != effect::read) {
        return {false, {}, stop_reason::unsafe_to_repeat};
    }
    if (attempts_made >= options.max_attempts) return {false, {}, stop_reason::out_of_attempts};
    auto pause = backoff(options, attempts_made, jitter);
    if (pause >= time_left) return {false, {}, stop_reason::out_of_time};
    return {true, pause, stop_reason::final_answer};
}

}  // namespace regru::api
