// The client's options, as the reference client (Regru::API) has them.
#pragma once

#include <regru/api/redact.hpp>
#include <regru/api/retry.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regru::api {

class call_observer;    // observe.hpp
class name_converter;   // names.hpp
class request_signer;   // sign.hpp

inline constexpr std::string_view default_endpoint = "https://api.reg.ru/api/regru2";

// Read when no endpoint is given in the options.
inline constexpr const char* endpoint_variable = "REGRU_API_ENDPOINT";

// What a call does when the rate limiter has no permit for it yet.
enum class when_limited {
    wait,  // wait for one, within the call's deadline
    fail,  // give up at once: outcome::limited, with retry_after() saying when one comes
};

struct options {
    std::string username{};  // required
    std::string password{};  // required; the account's password or its alternative API password

    // Language of error texts: "en", "ru" or "th". Unset: not sent (the service uses "en").
    std::optional<std::string> lang{};

    // Charset of the exchange: "utf8", "cp1251", "koi8-r", "koi8-u" or "cp866".
    // Unset: not sent (the service uses "utf8").
    std::optional<std::string> io_encoding{};

    // Diagnostics: one line per request and per answer. Never holds the password or the
    // call's parameters.
    bool debug = false;

    // Where debug lines go; unset: standard error.
    std::function<void(std::string_view line)> debug_sink{};

    // The REG.API base URL. Unset: $REGRU_API_ENDPOINT, else default_endpoint.
    std::optional<std::string> endpoint{};

    // The longest a call may take, all included: waiting for a permit or for the balance
    // lock, every attempt, and the pauses between them. The transport has its own limits too.
    std::chrono::milliseconds deadline{60'000};

    // Which failures are tried again, how often, after what pauses (see retry.hpp).
    retry_options retry{};

    // When the rate limiter has no permit yet.
    when_limited on_limit = when_limited::wait;

    // Who hears about each call (observe.hpp): an interaction log (log.hpp), a recorder
    // (regru/mocks/recorder.hpp), observers of your own. Each gets one record per call.
    std::vector<std::shared_ptr<call_observer>> observers{};

    // What is hidden from the observers, from debug lines and from error texts (redact.hpp).
    redaction_rules redaction{};

    // When set, domain names in the parameters may be given in Unicode: they are sent in the
    // ASCII form this converter makes (names.hpp; regru::idn::converter() for IDNA2008).
    std::shared_ptr<const name_converter> names{};

    // When set, every call carries the signature `sig` this signer makes (sign.hpp;
    // regru::signing::rsa_signer).
    std::shared_ptr<const request_signer> signer{};

    // The most items (domains, services, bills) one request may carry; a call given more is
    // split into requests of at most this many (docs/domains.md). From 1 to the service's own
    // limit, service_item_limit (1000).
    std::size_t max_items_per_request = service_item_limit;
};

// What one call may set for itself, leaving the client's options and other threads alone: a
// client serving many accounts passes each call's credentials here.
struct call_options {
    std::optional<std::string> username{};
    std::optional<std::string> password{};
    std::optional<std::string> lang{};
    std::optional<std::chrono::milliseconds> deadline{};
    std::optional<when_limited> on_limit{};
    std::optional<unsigned> max_attempts{};
};

// Throws usage_error naming what is wrong; the message never holds the password.
void validate(const options& opts);
void validate(const call_options& opts);

}  // namespace regru::api
