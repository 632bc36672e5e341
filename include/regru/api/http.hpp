// What passes between the client and its Transport: one HTTP exchange.
#pragma once

#include <regru/api/method.hpp>

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace regru::api {

inline constexpr std::string_view form_content_type = "application/x-www-form-urlencoded";

// Where a transport may say what it does (connections opened and reused). The client sets
// one on each request when its `debug` option is on.
using diagnostic_sink = std::function<void(std::string_view line)>;

// Where debug lines and warnings go when no sink was given: standard error, as "regru-api: LINE".
void write_to_standard_error(std::string_view line);

// A POST of a form to `{endpoint}/{method.path}`. The views point into the client's
// settings and the method table, both alive for the whole call.
struct http_request {
    std::string_view endpoint{};  // "https://api.reg.ru/api/regru2", no trailing slash
    method_ref method{};
    std::string body{};                            // application/x-www-form-urlencoded, sent with a Content-Length
    const diagnostic_sink* diagnostics = nullptr;  // null when debug is off
    // The call's deadline: a transport must give up by then (and may give up sooner).
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

    void diagnose(std::string_view line) const {
        if (diagnostics != nullptr) (*diagnostics)(line);
    }

    std::string url() const {
        std::string url;
        url.reserve(endpoint.size() + 1 + method.path.size());
        url.append(endpoint).append(1, '/').append(method.path);
        return url;
    }
};

// Why a transport got no HTTP answer at all. Later layers (retries) need to know whether the
// request may have reached the service.
enum class transport_failure {
    none,
    connect,    // refused, unreachable, name not resolved: the request was not sent
    tls,        // handshake or certificate verification failed: the request was not sent
    timeout,    // the request may have reached the service
    io,         // reset or closed mid-exchange: the request may have reached the service
    protocol,   // the peer did not speak HTTP, or the answer broke a limit (size)
    no_answer,  // a test double has nothing to answer with
};

constexpr std::string_view to_string(transport_failure failure) {
    switch (failure) {
        case transport_failure::none: return "none";
        case transport_failure::connect: return "connect";
        case transport_failure::tls: return "tls";
        case transport_failure::timeout: return "timeout";
        case transport_failure::io: return "io";
        case transport_failure::protocol: return "protocol";
        case transport_failure::no_answer: break;
    }
    return "no_answer";
}

std::ostream& operator<<(std::ostream& out, transport_failure failure);

// An HTTP answer, or the reason there was none (`failure` other than none, `status` 0).
struct http_response {
    int status = 0;
    std::string reason{};        // "OK", "Service Unavailable", ...
    std::string content_type{};  // as sent; the charset may matter (io_encoding)
    std::string body{};
    transport_failure failure = transport_failure::none;
    std::string failure_text{};  // what happened, for people: never holds a secret

    static http_response failed(transport_failure why, std::string text) {
        http_response r;
        r.failure = why;
        r.failure_text = std::move(text);
        return r;
    }
};

}  // namespace regru::api
