// The production transport: HTTP/1.1 over Poco's HTTPClientSession, HTTPS through Poco NetSSL
// (OpenSSL) with certificate and host-name verification on by default and the system CA store.
// Connections are kept alive and pooled, so several threads can share one client.
//
// Poco stays out of this header: including it costs a user's translation unit nothing.
#pragma once

#include <regru/api/http.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace regru::api {

struct poco_transport_options {
    std::chrono::milliseconds connect_timeout{10'000};
    // The longest wait for each send or receive on the socket.
    std::chrono::milliseconds io_timeout{60'000};
    // Idle connections kept for reuse; 0 opens a connection per call.
    std::size_t max_idle_connections = 8;
    // A PEM file or a directory of CA certificates; empty: the system's CA store.
    std::string ca_location;
};

class poco_transport {
public:
    explicit poco_transport(poco_transport_options options = {});

    // Never throws for network trouble: failures come back in http_response::failure.
    http_response send(const http_request& request);

    struct statistics {
        std::uint64_t opened = 0;  // connections made
        std::uint64_t reused = 0;  // calls that went over a kept-alive connection
    };
    statistics stats() const;

    class pool;  // the connections and TLS context, shared by copies of the transport

private:
    std::shared_ptr<pool> pool_;
};

}  // namespace regru::api
