#include <regru/mocks/capture_transport.hpp>

#include <boost/json/parse.hpp>

#include <stdexcept>

namespace regru::mocks {

api::form_fields captured_request::fields() const { return api::parse_form(body); }

std::optional<std::string> captured_request::field(std::string_view name) const {
    auto all = fields();
    const std::string* value = api::find_field(all, name);
    if (value == nullptr) return std::nullopt;
    return *value;
}

boost::json::value captured_request::input_data() const {
    auto text = field("input_data");
    if (!text) throw std::logic_error("the request to " + path + " has no input_data field");
    return boost::json::parse(*text);
}

std::string_view standard_reason(int status) noexcept {
    switch (status) {
        case 200: return "OK";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "";
    }
}

api::http_response http_answer(std::string body, int status) {
    api::http_response answer;
    answer.status = status;
    answer.reason = standard_reason(status);
    answer.content_type = "text/plain; charset=utf-8";
    answer.body = std::move(body);
    return answer;
}

capture_transport::capture_transport()
    : capture_transport(http_answer(R"({"result":"success","answer":{}})")) {}

capture_transport::capture_transport(api::http_response answer)
    : state_(std::make_shared<state>()) {
    state_->fallback = std::move(answer);
}

api::http_response capture_transport::send(const api::http_request& request) {
    std::lock_guard lock(state_->mutex);
    state_->requests.push_back(captured_request{std::string(request.endpoint),
                                                std::string(request.method.path), request.body});
    if (state_->queued.empty()) return state_->fallback;
    api::http_response next = std::move(state_->queued.front());
    state_->queued.pop_front();
    return next;
}

void capture_transport::answer_with(api::http_response answer) {
    std::lock_guard lock(state_->mutex);
    state_->fallback = std::move(answer);
}

void capture_transport::queue(api::http_response answer) {
    std::lock_guard lock(state_->mutex);
    state_->queued.push_back(std::move(answer));
}

std::vector<captured_request> capture_transport::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests;
}

captured_request capture_transport::last() const {
    std::lock_guard lock(state_->mutex);
    if (state_->requests.empty()) throw std::logic_error("capture_transport: no request yet");
    return state_->requests.back();
}

std::size_t capture_transport::count() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests.size();
}

void capture_transport::clear() {
    std::lock_guard lock(state_->mutex);
    state_->requests.clear();
    state_->queued.clear();
}

}  // namespace regru::mocks
