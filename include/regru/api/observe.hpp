// What the client tells about its calls, and who listens: the interaction log (log.hpp), the
// recorder (regru/mocks/recorder.hpp), the debug lines, and observers of your own. They all
// hang on the one seam every call goes through (detail/call.hpp) and all get the same record,
// already redacted (redact.hpp). See docs/logging.md.
#pragma once

#include <regru/api/http.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/api/response.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace regru::api {

// One call, once it has ended, whatever the outcome. Every value a redactor hides is hidden
// here already; the password is never in it.
struct call_record {
    std::chrono::system_clock::time_point time{};  // when the call began
    std::string endpoint{};                        // "https://api.reg.ru/api/regru2"
    std::string method{};                          // "zone/add_alias", "nop"
    std::string io_encoding{};                     // the exchange's charset: "utf8", "cp1251", ...
    std::string lang{};                            // as sent; "" when none was
    // A call whose list was split (docs/domains.md) makes one record per request: this is
    // request `part` of `parts` (1 of 1 for any other call).
    std::size_t part = 1, parts = 1;
    unsigned attempts = 0;                        // 0: the limits held the call before any was sent
    stop_reason why_stopped = stop_reason::final_answer;
    std::chrono::microseconds duration{0};        // all included: waits, attempts, pauses
    outcome result = outcome::success;
    int http_status = 0;                          // 0: no HTTP answer
    transport_failure failure = transport_failure::none;
    std::string content_type{};                   // as the answer had it
    std::string error_code{};                     // "" on success
    std::string error_text{};                     // with the call's hidden values scrubbed out
    boost::json::object params{};                 // the parameters, redacted
    // The answer's body, parsed and redacted (in UTF-8, whatever the io_encoding; its own
    // "charset" field as the service sent it); null when the body was not JSON.
    boost::json::value envelope{};
    // The body in UTF-8 when it was not JSON (an HTML error page), scrubbed; "" otherwise.
    std::string body_text{};
};

// One step of a call as it happens, for those who follow calls live (the debug lines).
struct call_event {
    enum class kind {
        waiting,   // no permit yet: `decision` says why and for how long
        sending,   // attempt `attempt` is about to be sent
        answered,  // attempt `attempt` got `answer` (possibly a transport failure)
    };
    kind what = kind::sending;
    const http_request* request = nullptr;      // always set
    std::string_view username{};                // the account the call is made for
    unsigned attempt = 1;
    std::size_t input_size = 0;                 // bytes of input_data (sending)
    const permit_decision* decision = nullptr;  // waiting
    const response* answer = nullptr;           // answered
};

// Hears about calls. Called on the calling thread, from every thread that makes calls, so an
// observer must be thread-safe. What it throws is reported as a warning and dropped: an
// observer never changes what a call returns.
class call_observer {
public:
    virtual ~call_observer() = default;
    // Once per call, when it ends.
    virtual void on_call(const call_record& record) = 0;
    // At each step of a call; most observers do not need them.
    virtual void on_event(const call_event&) {}
};

using observer_list = std::vector<std::shared_ptr<call_observer>>;

// The record as one JSON object, as the JSONL log writes it:
//   {"time":"2026-11-24T04:40:00.123Z","method":"zone/nop","endpoint":...,"io_encoding":"utf8",
//    "attempts":1,"duration_ms":35.2,"outcome":"success","http_status":200,"error_code":"",
//    "params":{...},"envelope":{...}} (with "lang", "failure", "stopped", "error_text",
//    "content_type", "body_text" when they say something)
boost::json::object to_json(const call_record& record);

}  // namespace regru::api
