// Which values are secrets. Used wherever the library shows parameters to people (error
// texts of the test doubles now; the interaction log later), so none of them shows a password.
#pragma once

#include <string_view>

namespace regru::api {

inline constexpr std::string_view redacted = "<redacted>";

// True for field names that hold credentials: password, user_password, authinfo,
// private_key, passphrase, token, secret, sig, ...
bool is_secret_field(std::string_view name) noexcept;

}  // namespace regru::api
