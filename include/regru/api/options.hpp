// The client's options, as the reference client (Regru::API) has them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace regru::api {

inline constexpr std::string_view default_endpoint = "https://api.reg.ru/api/regru2";

// Read when no endpoint is given in the options.
inline constexpr const char* endpoint_variable = "REGRU_API_ENDPOINT";

struct options {
    std::string username;  // required
    std::string password;  // required; the account's password or its alternative API password

    // Language of error texts: "en", "ru" or "th". Unset: not sent (the service uses "en").
    std::optional<std::string> lang;

    // Charset of the exchange: "utf8", "cp1251", "koi8-r", "koi8-u" or "cp866".
    // Unset: not sent (the service uses "utf8").
    std::optional<std::string> io_encoding;

    // Diagnostics: one line per request and per answer. Never holds the password or the
    // call's parameters.
    bool debug = false;

    // Where debug lines go; unset: standard error.
    std::function<void(std::string_view line)> debug_sink;

    // The REG.API base URL. Unset: $REGRU_API_ENDPOINT, else default_endpoint.
    std::optional<std::string> endpoint;
};

// Throws usage_error naming what is wrong; the message never holds the password.
void validate(const options& opts);

}  // namespace regru::api
