// Signed requests: accounts can require a signature, `sig`, on every call. A request_signer
// (regru::signing gives an RSA one, built on OpenSSL) makes it; the core only says what is
// signed, so that it needs no cryptography library.
#pragma once

#include <regru/api/params.hpp>

#include <string>
#include <string_view>

namespace regru::api {

class request_signer {
public:
    virtual ~request_signer() = default;
    // The value of `sig` (Base64) for `text` (signed_text). Throws usage_error when it cannot
    // sign; nothing is sent then.
    virtual std::string sign(std::string_view text) const = 0;
};

// What a request's signature covers: the non-empty values of its parameters, sorted by name
// and joined with ';'. The parameters are `username` and every value of `input` (the call's
// parameters, as sent: names already in ASCII form); a nested value is named by its path, as
// "domains.0.dname", and a number or boolean is written as in JSON (a floating-point number
// in its shortest form, "1.5"). The password is not signed. See docs/signing.md.
std::string signed_text(std::string_view username, const params& input);

}  // namespace regru::api
