#include <regru/api/items.hpp>
#include <regru/api/response.hpp>

#include <ostream>

namespace regru::api {
namespace {

const boost::json::value& empty_object_value() {
    static const boost::json::value empty = boost::json::object();
    return empty;
}

std::string_view kind_name(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::array: return "an array";
        case boost::json::kind::string: return "a string";
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "a boolean";
        case boost::json::kind::object: return "an object";
        default: return "a number";
    }
}

std::string http_failure_text(const http_response& raw) {
    std::string text = "HTTP " + std::to_string(raw.status);
    if (!raw.reason.empty()) text += " " + raw.reason;
    if (raw.status >= 300 && raw.status < 400) return text + ": redirects are not followed";
    return text + " (expected 200)";
}

}  // namespace

std::string_view to_string(outcome value) noexcept {
    switch (value) {
        case outcome::success: return "success";
        case outcome::api_error: return "api_error";
        case outcome::bad_answer: return "bad_answer";
        case outcome::http_error: return "http_error";
        case outcome::transport_error: return "transport_error";
        case outcome::limited: break;
    }
    return "limited";
}

std::ostream& operator<<(std::ostream& out, outcome value) { return out << to_string(value); }

std::ostream& operator<<(std::ostream& out, transport_failure failure) {
    return out << to_string(failure);
}

std::ostream& operator<<(std::ostream& out, access_level level) { return out << to_string(level); }

std::ostream& operator<<(std::ostream& out, effect value) { return out << to_string(value); }
std::ostream& operator<<(std::ostream& out, item_list value) { return out << to_string(value); }

response::response(outcome kind, http_response&& raw, boost::json::value&& envelope)
    : kind_(kind), raw_(std::move(raw)), envelope_(std::move(envelope)) {}

void response::fail_here(std::string text) {
    client_error_code_ = client_failure_code;
    client_error_text_ = std::move(text);
}

response response::from_failure(http_response&& raw) {
    bool no_answer = raw.failure != transport_failure::none || raw.status == 0;
    response r(no_answer ? outcome::transport_error : outcome::http_error, std::move(raw), {});
    if (no_answer) {
        r.fail_here(r.raw_.failure_text.empty()
                        ? "the transport got no answer (" + std::string(to_string(r.raw_.failure)) + ")"
                        : r.raw_.failure_text);
    } else {
        r.fail_here(http_failure_text(r.raw_));
    }
    return r;
}

response response::from_bad_body(http_response&& raw, std::string why) {
    response r(outcome::bad_answer, std::move(raw), {});
    r.fail_here(std::move(why));
    return r;
}

response response::from_limit(std::string why, std::optional<std::chrono::milliseconds> retry_after) {
    response r(outcome::limited, {}, {});
    r.fail_here(std::move(why));
    r.attempts_ = 0;
    r.why_stopped_ = stop_reason::limited;
    r.retry_after_ = retry_after;
    return r;
}

response response::from_envelope(http_response&& raw, boost::json::value&& envelope) {
    if (!envelope.is_object()) {
        std::string why = "the answer is " + std::string(kind_name(envelope)) +
                          ", not a JSON object";
        return from_bad_body(std::move(raw), std::move(why));
    }
    const auto* result = envelope.get_object().if_contains("result");
    if (result == nullptr || !result->is_string()) {
        std::string why = result == nullptr ? "the answer has no \"result\" field"
                                            : "the answer's \"result\" is " +
                                                  std::string(kind_name(*result)) +
                                                  ", not a string";
        return from_bad_body(std::move(raw), std::move(why));
    }
    bool success = result->get_string() == "success";
    response r(success ? outcome::success : outcome::api_error, std::move(raw), std::move(envelope));
    if (!success && r.envelope_string("error_code").empty()) {
        std::string_view text = r.envelope_string("error_text");
        r.fail_here(!text.empty() ? std::string(text)
                                  : "the service answered result \"" +
                                        std::string(r.envelope_string("result")) +
                                        "\" without an error_code");
    }
    return r;
}

const boost::json::value* response::envelope_field(std::string_view key) const noexcept {
    if (!envelope_.is_object()) return nullptr;
    return envelope_.get_object().if_contains(key);
}

std::string_view response::envelope_string(std::string_view key) const noexcept {
    const auto* field = envelope_field(key);
    if (field == nullptr || !field->is_string()) return {};
    return field->get_string();
}

const boost::json::value& response::answer() const noexcept {
    if (kind_ != outcome::success) return empty_object_value();
    const auto* answer = envelope_field("answer");
    return answer != nullptr && !answer->is_null() ? *answer : empty_object_value();
}

item_results response::items() const& { return item_results(*this); }

bool response::all_items_succeeded() const { return items().all_succeeded(); }

const boost::json::value& response::get(std::string_view path) const noexcept { return value_at(answer(), path); }

std::string_view response::error_code() const noexcept {
    if (kind_ == outcome::success) return {};
    if (!client_error_code_.empty()) return client_error_code_;
    return envelope_string("error_code");
}

std::string_view response::error_text() const noexcept {
    if (kind_ == outcome::success) return {};
    if (!client_error_text_.empty()) return client_error_text_;
    return envelope_string("error_text");
}

const boost::json::object& response::error_params() const noexcept {
    static const boost::json::object empty;
    if (kind_ != outcome::api_error) return empty;
    const auto* found = envelope_field("error_params");
    return found != nullptr && found->is_object() ? found->get_object() : empty;
}

}  // namespace regru::api
