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

// A client with a rate limiter, over the real transport.
using limited_client = api::basic_client<api::poco_transport, api::json_codec, api::rate_limiter>;

// A limiter of its own, so that no test eats another's budget.
inline api::rate_limiter own_limiter(api::rate_limit_options options = {}) {
    options.store = api::make_memory_store();
    return api::rate_limiter(std::move(options));
}

// Short pauses between attempts, so that tests that retry run quickly.
inline api::options quick_retries(api::options opts) {
    using namespace std::chrono_literals;
    opts.retry.initial_backoff = 10ms;
    opts.retry.max_backoff = 50ms;
    opts.deadline = 20s;
    return opts;
}

inline api::poco_transport_options trusting(const mocks::mock_server& server) {
    api::poco_transport_options opts;
    opts.ca_location = server.ca_certificate().string();
    return opts;
}

}  // namespace regru::testing
