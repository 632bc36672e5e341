// regru-mock-server as a library: a REG.API on a loopback port that answers from recordings
// (mock_service.hpp), over HTTP or HTTPS, with faults to inject for tests.
//
// Faults are chosen per request by the URL: an endpoint with "/fault/KIND[/ARG]" before its
// base path applies that fault to every call made through it:
// In stateful mode, calls of the methods simulator.hpp models change and read a state per
// account, and {base}/mock/reset forgets the calling account's state.
//
//   /fault/delay/MS     answer after MS milliseconds
//   /fault/drip/MS      send the answer one byte every MS milliseconds
//   /fault/close        send half the answer, then close the connection
//   /fault/reset        read the request, then reset the connection without answering
//   /fault/status/CODE  answer with that HTTP status (302 redirects to the same call)
//   /fault/not-json     answer HTTP 200 with an HTML page
//   /fault/huge/BYTES   answer HTTP 200 with a valid envelope of BYTES bytes
//   /fault/lost-answer  close the connection (FIN) instead of sending the answer
//   /fault/first/N/KIND[/ARG]  that fault for the first N requests through this very path
//                       ("first/2/status/503", counted per server), none for later ones
//   /fault/after/N/KIND[/ARG]  that fault for every request after the first N through this path
//                       ("after/1/status/503": the second and later requests meet it)
// The service handles every call as usual whatever the fault (it counts towards the rate
// limit, takes the balance lock); the fault then changes what is sent. An endpoint naming
// another kind, or a bad argument, gets HTTP 400 saying so.
// TLS faults need their own listeners (tls_faults): a certificate from an unknown CA, an
// expired one, and one for another host name.
#pragma once

#include <regru/api/limit_store.hpp>
#include <regru/mocks/mock_service.hpp>
#include <regru/mocks/recordings.hpp>
#include <regru/mocks/simulator.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regru::mocks {

enum class tls_fault { untrusted, expired, wrong_host };

struct mock_server_options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port (see port())
    std::string base_path = "/api/regru2";

    bool tls = false;
    // PEM files for TLS; empty: a CA and a certificate for localhost/127.0.0.1 are made at
    // start, and ca_certificate() names the CA to trust.
    std::filesystem::path certificate{};
    std::filesystem::path private_key{};
    // When set, clients must present a certificate signed by this CA (PEM).
    std::filesystem::path client_ca{};
    // Extra HTTPS listeners with bad certificates (see tls_fault_endpoint).
    bool tls_faults = false;

    std::size_t threads = 16;
    std::chrono::milliseconds keep_alive_timeout{10'000};
    std::size_t max_request_bytes = 8u << 20;

    // REG.API's limits, played (see mock_service.hpp's service_limits for the details):
    // At most N calls per SECONDS per username and per client address (the peer's IP), both at
    // once; past it HTTP 200 with ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE or
    // IP_EXCEEDED_ALLOWED_CONNECTION_RATE. Refused calls do not count.
    std::optional<api::rate> rate_limit{};
    // A call of a charges method takes this long to handle (ended early by stop()); another
    // charges call for the same username meanwhile gets BILLING_LOCK at once.
    std::chrono::milliseconds billing_delay{0};

    // Accounts let in like test/test (mock_service.hpp's service_options); their passwords
    // never reach the log.
    std::vector<account> accounts{};
    // Stateful mode (simulator.hpp): zones, folders and the balance change per account; the
    // state is read from state_file at start when it exists, and written there on each change.
    bool stateful = false;
    std::filesystem::path state_file{};
    // When set, every authenticated call must carry a sig it accepts (SIGNATURE_REQUIRED,
    // SIGNATURE_INVALID otherwise): a regru::signing::signature_verifier, as
    // regru-mock-server --sig-public-key makes (docs/signing.md).
    signature_check check_signature{};

    // One line per request, once the service has answered, never with a password:
    //   METHOD PATH STATUS OUTCOME [recorded ORIGIN] [[fault FAULT]]
    // OUTCOME is "success", the error_code answered, or "-" for a body that is no envelope;
    // STATUS and OUTCOME are the service's answer, which FAULT then changed or kept from the
    // client: "POST /api/regru2/nop 200 success recorded root.json#4 [fault first/1/lost-answer]",
    // "POST /api/regru2/user/refill_balance 200 BILLING_LOCK". A bad fault endpoint:
    // "POST /fault/bogus/api/regru2/nop 400 - [bad fault: unknown fault kind "bogus"; ...]".
    std::function<void(std::string_view)> log{};
};

class mock_server {
public:
    // Starts listening; throws std::runtime_error when it cannot.
    explicit mock_server(recording_set recordings, mock_server_options options = {});
    ~mock_server();
    mock_server(const mock_server&) = delete;
    mock_server& operator=(const mock_server&) = delete;

    // Stops accepting, ends the connections and any delayed or dripping answer.
    void stop();

    std::uint16_t port() const;
    // "http://127.0.0.1:PORT/api/regru2" (https with tls).
    std::string endpoint() const;
    // The endpoint through which every call meets `fault`, e.g. "drip/100".
    std::string fault_endpoint(std::string_view fault) const;
    // The endpoint of the listener with a bad certificate (tls_faults).
    std::string tls_fault_endpoint(tls_fault fault) const;
    // The CA to trust for the certificates made at start; empty when certificate was given.
    std::filesystem::path ca_certificate() const;
    // Requests handled so far (whole or not).
    std::uint64_t requests() const;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

}  // namespace regru::mocks
