// A transport for tests that sends nothing: it keeps every request and answers with what the
// test told it to. Copies share one log, so a test can keep a copy after giving one to a
// client. Safe to use from several threads.
#pragma once

#include <regru/api/form.hpp>
#include <regru/api/http.hpp>

#include <boost/json/value.hpp>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regru::mocks {

// A request as the transport saw it.
struct captured_request {
    std::string endpoint;
    std::string path;  // "zone/add_alias", or "nop"
    std::string body;

    std::string url() const { return endpoint + "/" + path; }
    // Every form field, decoded, in order.
    api::form_fields fields() const;
    // One field, decoded; nullopt when the body does not have it.
    std::optional<std::string> field(std::string_view name) const;
    // The input_data field, parsed. Throws when it is absent or not JSON.
    boost::json::value input_data() const;
};

// An HTTP answer with `body`, served as the service serves it (text/plain; charset=utf-8).
api::http_response http_answer(std::string body, int status = 200);

// "OK", "Found", "Service Unavailable", ... for the statuses tests use; "" for others.
std::string_view standard_reason(int status) noexcept;

class capture_transport {
public:
    // Answers every request with {"result":"success","answer":{}}.
    capture_transport();
    // Answers every request with `answer`.
    explicit capture_transport(api::http_response answer);

    api::http_response send(const api::http_request& request);

    // The answer for every later request that has no queued answer.
    void answer_with(api::http_response answer);
    // Answers for the next requests, one each, in order, before falling back to answer_with.
    void queue(api::http_response answer);

    std::vector<captured_request> requests() const;
    // The last request; throws std::logic_error when there was none.
    captured_request last() const;
    std::size_t count() const;
    void clear();

private:
    struct state {
        mutable std::mutex mutex;
        std::vector<captured_request> requests;
        std::deque<api::http_response> queued;
        api::http_response fallback;
    };
    std::shared_ptr<state> state_;
};

}  // namespace regru::mocks
