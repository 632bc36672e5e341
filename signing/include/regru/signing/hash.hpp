// The hash of REG.API's request signatures, and the errors of regru::signing.
#pragma once

#include <regru/api/errors.hpp>

#include <string_view>

namespace regru::signing {

// A key that cannot be read or used, an unknown hash, a signature that cannot be made. The
// message says what was wrong and names the file, never a passphrase or key material.
class signing_error : public api::usage_error {
public:
    using api::usage_error::usage_error;
};

// The 2017 documentation signs with SHA-1; public clients use SHA-256 or SHA-512, so the
// hash is the caller's choice (docs/signing.md).
enum class hash { sha1, sha256, sha512 };

// "sha1", "sha256", "sha512", also as "SHA-256" (any case); throws signing_error naming the
// unknown hash and the accepted ones.
hash parse_hash(std::string_view name);

// "sha1", "sha256", "sha512".
std::string_view to_string(hash h) noexcept;

}  // namespace regru::signing
