// The production transport: HTTP/1.1 over Poco's HTTPClientSession, HTTPS through Poco NetSSL
// (OpenSSL). Certificate and host-name verification are on by default, against the system's
// CA store, with SNI. Connections are kept alive in a small pool shared by the threads that
// use one client; a call has a hard deadline however the server behaves; answers are capped.
// See docs/transport.md for every option and its default.
//
// Poco stays out of this header: including it costs a user's translation unit nothing.
#pragma once

#include <regru/api/http.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace regru::api {

struct poco_transport_options {
    // Time limits. Each connect, send and receive waits at most its timeout; the deadline
    // bounds the whole call, so a server that drips bytes cannot hold it longer.
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds io_timeout{30'000};
    std::chrono::milliseconds deadline{60'000};

    // Keep-alive. At most this many idle connections are kept; 0 opens one per call. An idle
    // connection older than idle_timeout is closed rather than reused.
    std::size_t max_idle_connections = 8;
    std::chrono::milliseconds idle_timeout{30'000};

    // The largest answer accepted; a larger one fails without being read whole.
    std::size_t max_answer_bytes = 32u << 20;

    // TLS. ca_location is a PEM file or a directory of CA certificates (empty: the system's
    // store). A client certificate (PEM) and its key, for accounts with certificate access;
    // the passphrase, if the key has one, is never shown anywhere.
    std::string ca_location{};
    std::string client_certificate{};
    std::string client_key{};
    std::string client_key_passphrase{};
    // Turns certificate and host-name verification off. Only for a local test server: anyone
    // on the path can then read the password. A warning is given when it is used.
    bool insecure_skip_tls_verification = false;

    // Proxy: "http://[user:password@]host:port", or "" for none. Unset: $https_proxy (for
    // https endpoints) or $http_proxy, upper or lower case; loopback hosts never use a proxy
    // from the environment.
    std::optional<std::string> proxy{};
    // Hosts reached directly: comma-separated names (a name also covers its subdomains; a
    // leading dot is allowed) or "*". Unset: $no_proxy.
    std::optional<std::string> no_proxy{};

    // Where warnings go; unset: standard error.
    std::function<void(std::string_view)> warning_sink{};
};

class poco_transport {
public:
    // Throws usage_error when the options are not usable (a certificate that does not load,
    // a wrong passphrase, a proxy that is not an http:// URL), naming what is wrong.
    explicit poco_transport(poco_transport_options options = {});

    // Never throws for network trouble: failures come back in http_response::failure with a
    // text that says what happened. Thread-safe.
    http_response send(const http_request& request);

    struct statistics {
        std::uint64_t opened = 0;     // connections made
        std::uint64_t reused = 0;     // calls that went over a kept-alive connection
        std::uint64_t discarded = 0;  // idle connections found closed or too old, not used
    };
    statistics stats() const;

    class pool;  // connections, TLS context and deadlines, shared by copies of the transport

private:
    std::shared_ptr<pool> pool_;
};

}  // namespace regru::api
