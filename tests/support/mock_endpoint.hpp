// Shared by the tests that run the client against the mock REG.API: the shipped recordings,
// options for an endpoint, and transport options that trust the server's CA.
#pragma once

#include "support/test_client.hpp"

#include <regru/api.hpp>
#include <regru/mocks/mock_server.hpp>

namespace regru::testing {

inline const mocks::recording_set& shipped() {
    static const auto set = mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR);
    return set;
}

inline api::options options_for(const std::string& endpoint) {
    auto opts = test_options();
    opts.endpoint = endpoint;
    return opts;
}

inline api::poco_transport_options trusting(const mocks::mock_server& server) {
    api::poco_transport_options opts;
    opts.ca_location = server.ca_certificate().string();
    return opts;
}

}  // namespace regru::testing
