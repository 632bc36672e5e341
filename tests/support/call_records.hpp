// Call records (observe.hpp) made by hand, as a client hands them to its observers, for the
// tests of observers.
#pragma once

#include <regru/api/observe.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <utility>

namespace regru::testing {

inline api::call_record call_to(std::string method, boost::json::object params) {
    api::call_record call;
    call.time = std::chrono::system_clock::now();
    call.endpoint = "https://api.example.test/api/regru2";
    call.method = std::move(method);
    call.io_encoding = "utf8";
    call.attempts = 1;
    call.duration = std::chrono::milliseconds(35);
    call.params = std::move(params);
    return call;
}

// A call to `method` with `params` answered with HTTP 200 and `envelope`, a REG.API answer
// ({"result":"success",...} or an error).
inline api::call_record answered_call(std::string method, boost::json::object params, boost::json::value envelope) {
    auto call = call_to(std::move(method), std::move(params));
    call.http_status = 200;
    call.content_type = "text/plain; charset=utf-8";
    const auto* result = envelope.is_object() ? envelope.get_object().if_contains("result") : nullptr;
    const auto* code = envelope.is_object() ? envelope.get_object().if_contains("error_code") : nullptr;
    bool success = result != nullptr && *result == "success";
    call.result = success ? api::outcome::success : api::outcome::api_error;
    if (!success && code != nullptr && code->is_string()) call.error_code = code->get_string();
    call.envelope = std::move(envelope);
    return call;
}

// A call answered with HTTP `status` and a body that is not JSON (an HTML error page).
inline api::call_record page_call(std::string method, boost::json::object params, int status,
                                  std::string content_type, std::string text) {
    auto call = call_to(std::move(method), std::move(params));
    call.http_status = status;
    call.result = status == 200 ? api::outcome::bad_answer : api::outcome::http_error;
    call.error_code = status == 200 ? "API_FAIL" : "HTTP_" + std::to_string(status);
    call.content_type = std::move(content_type);
    call.body_text = std::move(text);
    return call;
}

// A call that got no HTTP answer: the connection timed out.
inline api::call_record unanswered_call(std::string method, boost::json::object params) {
    auto call = call_to(std::move(method), std::move(params));
    call.why_stopped = api::stop_reason::out_of_attempts;
    call.result = api::outcome::transport_error;
    call.failure = api::transport_failure::timeout;
    call.error_code = "TIMEOUT";
    return call;
}

}  // namespace regru::testing
