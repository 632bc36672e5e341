// The debug lines: one more observer of the calls (observe.hpp), seeing what every observer
// sees. A line per step, and one per call when it ends; never a parameter or the password.
#include <regru/api/detail/call.hpp>

#include <cstdio>

namespace regru::api::detail {
namespace {

class debug_lines final : public call_observer {
public:
    explicit debug_lines(const settings& current) : current_(current) {}

    void on_event(const call_event& event) override {
        switch (event.what) {
            case call_event::kind::waiting: return current_.debug_line(waiting(*event.decision));
            case call_event::kind::sending: return current_.debug_line(sending(event));
            case call_event::kind::answered: return current_.debug_line(answered(*event.answer));
        }
    }

    void on_call(const call_record& record) override { current_.debug_line(finished(record)); }

private:
    static std::string waiting(const permit_decision& decision) {
        if (decision.kind == permit_decision::verdict::refused) return "no permit: " + decision.why;
        return "no permit for " + std::to_string(decision.retry_in.count()) + " ms: " + decision.why;
    }

    // The account as the redaction shows it: a marker (with its hash when keyed) by default.
    std::string account(std::string_view username) const {
        if (!current_.redaction().hides("username")) return std::string(username);
        return std::string(current_.redaction().marker(boost::json::string(username)).get_string());
    }

    std::string sending(const call_event& event) const {
        std::string line = "POST " + event.request->url() + " as " + account(event.username) + ", " +
                           std::to_string(event.input_size) + " bytes of input_data, " +
                           std::to_string(event.request->body.size()) + " bytes of body";
        if (event.attempt > 1) line += " (attempt " + std::to_string(event.attempt) + ")";
        return line;
    }

    static std::string answered(const response& answer) {
        switch (answer.kind()) {
            case outcome::transport_error:
                return "no answer (" + std::string(to_string(answer.failure())) + "): " + std::string(answer.error_text());
            case outcome::limited:
                return std::string(answer.error_text());
            case outcome::http_error:
            case outcome::bad_answer:
                return "service failure: " + std::string(answer.error_text());
            case outcome::api_error:
            case outcome::success:
                break;
        }
        return "HTTP 200, " + std::to_string(answer.body().size()) + " bytes, " +
               (answer.is_success() ? std::string("success") : "error " + std::string(answer.error_code()));
    }

    static std::string finished(const call_record& record) {
        char millis[32];
        std::snprintf(millis, sizeof millis, "%.1f ms", static_cast<double>(record.duration.count()) / 1000.0);
        std::string line = record.method;
        if (record.parts > 1) line += " (request " + std::to_string(record.part) + " of " + std::to_string(record.parts) + ")";
        line += ": " + std::string(to_string(record.result));
        if (!record.error_code.empty()) line += " " + record.error_code;
        line += ", " + std::to_string(record.attempts) + (record.attempts == 1 ? " attempt" : " attempts");
        if (record.why_stopped != stop_reason::final_answer) line += " (" + std::string(to_string(record.why_stopped)) + ")";
        return line + ", " + millis;
    }

    const settings& current_;
};

}  // namespace

std::shared_ptr<call_observer> make_debug_lines(const settings& current) {
    return std::make_shared<debug_lines>(current);
}

}  // namespace regru::api::detail
