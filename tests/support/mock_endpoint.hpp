// Shared by the tests that run the client against the mock REG.API: the shipped recordings,
// options for an endpoint, and transport options that trust the server's CA.
#pragma once

#include "support/log_lines.hpp"
#include "support/shipped_recordings.hpp"
#include "support/test_client.hpp"

#include <regru/api.hpp>
#include <regru/mocks/mock_server.hpp>

namespace regru::testing {

inline api::options options_for(const std::string& endpoint) {
    auto opts = test_options();
    opts.endpoint = endpoint;
    return opts;
}

// Options of a mock server that logs every request to `log` and plays the service's limits.
inline mocks::mock_server_options logged(log_lines& log, std::optional<api::rate> rate_limit = {},
                                         std::chrono::milliseconds billing_delay = {}) {
    mocks::mock_server_options options;
    options.rate_limit = rate_limit;
    options.billing_delay = billing_delay;
    options.log = log.sink();
    return options;
}

inline api::poco_transport_options trusting(const mocks::mock_server& server) {
    api::poco_transport_options opts;
    opts.ca_location = server.ca_certificate().string();
    return opts;
}

}  // namespace regru::testing
