// What the mock REG.API answers, apart from HTTP: a request in, a reply out. The mock server
// (mock_server.hpp) puts this on a socket; tests can also call it directly.
//
// It behaves like REG.API's test mode:
//   - only POST to {base}/{method} (GET: ONLY_POST_ALLOWED; a query string:
//     QUERY_PARAMS_DISALLOWED), with an application/x-www-form-urlencoded body (read
//     leniently) or a multipart/form-data one (others: HTTP 415; a broken multipart: 400);
//   - parameters from input_data (input_format=json) or from the form fields themselves
//     (input_format=plain, as the service allows); malformed input_data: PARAMETER_INCORRECT;
//     input_data may carry the service's own fields (credentials, formats), see wire.hpp;
//   - output_format=xml answers in XML (xml_answer.hpp), errors included;
//   - the test account test/test works, and so do the accounts of service_options; neither
//     username nor password: NO_AUTH; a password without a username: NO_USERNAME (both except
//     for methods open to everyone); other credentials: USER_AUTHENTICATION_FAILED; a
//     recording that names a
//     username answers for that username whatever its password (accounts such as "blocked"),
//     unless the username is a redaction marker: then any account, its credentials checked;
//   - an unknown method: NO_SUCH_COMMAND; a known one is checked against test mode's
//     validation table (validation.hpp: NO_DOMAIN, PARAMETER_MISSING, IP_INVALID, ...), then
//     answers from the recordings (see recordings.hpp for the matching rules), or NO_RECORDING
//     when none matches; a list of domains or services gets one answer item per item named,
//     in its order, unless the recording is bound to that list;
//   - show_input_params=1 (in input_data or as a form field) echoes the parameters as
//     input_params, with the credentials as received (username, password), as the service does;
//   - lang (en, ru, th) picks the language of its own error texts;
//   - with service_options::check_signature, a call that passed authentication must carry a
//     valid sig (a form field, never a parameter);
//   - io_encoding (utf8, cp1251, koi8-r, koi8-u, cp866) is the charset of the request's form
//     and of the answer, whose Content-Type and "charset" field say so; characters the charset
//     lacks go out as JSON \uXXXX escapes (wire.hpp, shared with replay_transport).
// In stateful mode (service_options::stateful) the calls simulator.hpp models change and read
// a per-account state instead of the recordings.
// And, when asked (service_limits), plays the service's limits:
//   - a rate per username and per client address at once, refused with
//     ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE or IP_EXCEEDED_ALLOWED_CONNECTION_RATE;
//   - one call that may move money (effect charges) at a time per account: another one while
//     it is handled gets BILLING_LOCK.
// The service never sleeps: a charges call's reply says how long handling takes (delay) and
// holds the account's balance lock (hold) until the caller drops it.
#pragma once

#include <regru/api/limit_store.hpp>
#include <regru/mocks/recordings.hpp>
#include <regru/mocks/simulator.hpp>
#include <regru/mocks/wire.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regru::mocks {

// The service's limits to play; none by default.
struct service_limits {
    // At most this many calls per username and per client address, both at once. Every call
    // the service can read (a POST to a method path with a well-formed form in a known
    // io_encoding) takes a permit from both, whatever its credentials; a call without a
    // username only from its address. Refused calls take none. When both are full, the code
    // names the one that stays full longer; when they free at the same moment (one user alone
    // on an address), the account's.
    std::optional<api::rate> rate_limit{};
    // How long a call of a charges method, answered from a recording, takes to handle; its
    // account's balance lock is held meanwhile. Zero: no lock, no delay.
    std::chrono::milliseconds billing_delay{0};
};

// Whether `signature` (the form field sig, as received) signs `text` (api::signed_text of the
// call's username and parameters); regru::signing::signature_verifier is one.
using signature_check = std::function<bool(std::string_view text, std::string_view signature)>;

// Who may call, and whether calls change a state.
struct service_options {
    std::vector<account> accounts{};     // let in like test/test
    bool stateful = false;               // simulator.hpp; off: the recordings answer everything
    std::filesystem::path state_file{};  // stateful only: read at start, written on each change
    // When set, every authenticated call must carry a sig this accepts: none gets
    // SIGNATURE_REQUIRED, a wrong one SIGNATURE_INVALID (our wording; see docs/signing.md).
    signature_check check_signature{};
};

struct service_request {
    std::string_view http_method{};   // "POST"
    std::string_view path{};          // "/api/regru2/zone/nop"
    std::string_view query{};         // the query string, "" when none
    std::string_view content_type{};  // "application/x-www-form-urlencoded", "multipart/form-data; boundary=..."
    std::string_view body{};
    std::string_view client_address{};  // the peer's IP ("127.0.0.1"), for the rate limit
};

struct service_reply {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body{};
    // For the log: "success" or the envelope's error_code ("-" when the body is no envelope),
    // then for recorded answers where they come from: "success recorded zone.json#3",
    // "ACCESS_DENIED_FROM_IP recorded root.json#7", "USER_AUTHENTICATION_FAILED", "-".
    std::string summary{};
    // How long handling takes before the reply may go (billing_delay, for charges calls), and
    // the account's balance lock, held until the last copy of `hold` goes: drop it once the
    // delay is over. The deleter does the release, so `hold` tests false even while held.
    std::chrono::milliseconds delay{0};
    std::shared_ptr<void> hold{};
};

class mock_service {
public:
    explicit mock_service(recording_set recordings, std::string base_path = "/api/regru2",
                          service_limits limits = {}, service_options options = {});

    service_reply answer(const service_request& request) const;

    const recording_set& recordings() const noexcept { return recordings_; }

private:
    // The reply, in UTF-8, to a call that reached a method.
    service_reply reply_to(const wire_request& call, std::string_view client_address) const;
    // The reply to a call read whole and let through by the rate limit.
    service_reply reply_for(const wire_request& call) const;
    // The simulator's reply to a call by an account it knows, or nothing when not stateful or
    // when the call is left to the recordings.
    std::optional<service_reply> simulated(const wire_request& call) const;
    bool is_account(std::string_view username, std::string_view password) const;
    // SIGNATURE_REQUIRED or SIGNATURE_INVALID, or nothing when the signature is good or none
    // is asked for.
    std::optional<service_reply> refused_signature(const wire_request& call) const;
    // The rate limit's refusal of a call ("ACCOUNT_EXCEEDED_..."), or "" when it may go on.
    std::string_view over_rate(const wire_request& call, std::string_view client_address) const;
    // A charges call's balance lock, or BILLING_LOCK when another call holds it.
    service_reply hold_balance(const wire_request& call, service_reply reply) const;

    recording_set recordings_;
    std::string base_path_;
    service_limits limits_;
    std::shared_ptr<api::limit_store> counts_;  // the rate windows and balance locks
    std::vector<account> accounts_;
    std::shared_ptr<simulator> simulator_;  // null unless stateful
    signature_check check_signature_;       // empty: no signature asked for
};

}  // namespace regru::mocks
