// The answer to one call, with the reference client's semantics (Regru::API::Response) and
// none of its silent failures.
#pragma once

#include <regru/api/http.hpp>
#include <regru/api/items.hpp>
#include <regru/api/retry.hpp>
#include <regru/api/value.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace regru::api {

// Where a call ended. Transport, service and API failures are never confused.
enum class outcome {
    success,          // HTTP 200, a JSON object whose result is "success"
    api_error,        // HTTP 200, a JSON object whose result is not "success"
    bad_answer,       // HTTP 200, but not a JSON object with a result: API_FAIL
    http_error,       // an HTTP status other than 200 (redirects too): a service failure
    transport_error,  // no HTTP answer at all: a service failure
    limited,          // nothing was sent: this side's limits held the call (rate, balance lock, store)
};

std::string_view to_string(outcome value) noexcept;
std::ostream& operator<<(std::ostream& out, outcome value);

// The error code this library gives to failures of its own (as the reference client does).
inline constexpr std::string_view client_failure_code = "API_FAIL";

namespace detail {
class call_plan;
class bulk_merge;
}  // namespace detail

// What a call did whose list was longer than one request may carry, so that it was split into
// several requests (docs/domains.md). They are sent in order; the first that fails ends the call.
struct bulk_report {
    std::string list{};         // the list that was split: "domains", "services" or "bills"
    std::size_t items = 0;      // how many items it held
    std::size_t requests = 0;   // how many requests it was split into
    std::size_t succeeded = 0;  // how many of those, the first ones, succeeded
    // When a request failed: the merged answers of those that succeeded (the response's
    // answer() is empty then, as after any error), and every item of the failed request and
    // of those never sent, in the original order. Nothing is dropped silently.
    boost::json::value processed = boost::json::object();
    boost::json::array unprocessed{};
    // The failed request may have reached the service (classify: may_have_reached): some of
    // its items may have been processed after all. Look before sending them again.
    bool failed_request_may_have_reached = false;
};

class response {
public:
    // A transport that got no answer, or one that got an HTTP status other than 200.
    static response from_failure(http_response&& raw);
    // An HTTP 200 whose body the codec parsed into `envelope`.
    static response from_envelope(http_response&& raw, boost::json::value&& envelope);
    // An HTTP 200 whose body the codec could not parse; `why` says what was wrong.
    static response from_bad_body(http_response&& raw, std::string why);
    // Nothing was sent: this side's limits held the call. `retry_after`: when a permit comes,
    // if that is known.
    static response from_limit(std::string why, std::optional<std::chrono::milliseconds> retry_after);

    outcome kind() const noexcept { return kind_; }
    bool is_success() const noexcept { return kind_ == outcome::success; }
    // No HTTP 200: connection, TLS, timeout, or another status.
    bool is_service_fail() const noexcept {
        return kind_ == outcome::http_error || kind_ == outcome::transport_error;
    }

    // Attempts sent (0 when the limits held the call before any), and why there was no other.
    unsigned attempts() const noexcept { return attempts_; }
    stop_reason why_stopped() const noexcept { return why_stopped_; }
    // For outcome::limited: how long until a permit comes, when known.
    std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }

    int http_status() const noexcept { return raw_.status; }
    transport_failure failure() const noexcept { return raw_.failure; }

    // The method's answer: usually an object, sometimes an array or a scalar. An empty object
    // when the service sent none or null, and after any error.
    const boost::json::value& answer() const noexcept;
    // A field of the answer, or a value deeper in it at a path of keys and indices separated
    // by '/' ("domains/0/service_id"); null when any step is absent.
    const boost::json::value& get(std::string_view path) const noexcept;
    // The same value read as T (see value_as): nullopt when absent or null.
    template <readable_value T>
    std::optional<T> get(std::string_view path) const {
        return value_as<T>(get(path), path);
    }

    // Empty on success. API_FAIL for failures found on this side.
    std::string_view error_code() const noexcept;
    std::string_view error_text() const noexcept;
    // The error's parameters, e.g. {"command_name": "nop"}; empty when none.
    const boost::json::object& error_params() const noexcept;

    // The whole parsed body (result, answer, charset, ...); null when there was none.
    const boost::json::value& envelope() const noexcept { return envelope_; }
    // The body as received.
    std::string_view body() const noexcept { return raw_.body; }
    std::string_view content_type() const noexcept { return raw_.content_type; }

    // The per-item results of the answer (items.hpp): answer.domains, .services, .bills. A
    // view: the response must outlive it.
    item_results items() const&;
    item_results items() && = delete;
    // Whether no item of the answer failed (true when it has none). A call can succeed at the
    // top while single items failed: check both.
    bool all_items_succeeded() const;

    // For a call split into several requests, what each did; null for a call of one request.
    // The attempts, the HTTP status and the body are those of the first request, or of the
    // request that failed.
    const bulk_report* bulk() const noexcept { return bulk_.get(); }

private:
    friend class detail::call_plan;   // records the attempts
    friend class detail::bulk_merge;  // merges the answers of a split call

    response(outcome kind, http_response&& raw, boost::json::value&& envelope);

    const boost::json::value* envelope_field(std::string_view key) const noexcept;
    std::string_view envelope_string(std::string_view key) const noexcept;
    void fail_here(std::string text);

    outcome kind_;
    http_response raw_;
    boost::json::value envelope_;
    // Set when the failure was found on this side, or the service's error lacked a code.
    std::string client_error_code_;
    std::string client_error_text_;
    unsigned attempts_ = 1;
    stop_reason why_stopped_ = stop_reason::final_answer;
    std::optional<std::chrono::milliseconds> retry_after_;
    std::shared_ptr<const bulk_report> bulk_;
};

}  // namespace regru::api
