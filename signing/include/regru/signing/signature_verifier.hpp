// Checking REG.API request signatures against an account's public key: what the mock server
// does with --sig-public-key. Copies share the key; usable as mocks' signature_check.
#pragma once

#include <regru/signing/hash.hpp>

#include <filesystem>
#include <memory>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace regru::signing {

class signature_verifier {
public:
    // Reads the PEM public key ("BEGIN PUBLIC KEY", as `openssl pkey -pubout` writes it) at
    // `public_key`. Throws signing_error when the file cannot be read, holds no PEM public
    // key, or holds a key that is not RSA.
    signature_verifier(const std::filesystem::path& public_key, hash h);

    // Whether `signature_base64` is this key's signature of `text` with the hash. False for
    // anything else, malformed Base64 included. Safe to call from many threads at once.
    bool verify(std::string_view text, std::string_view signature_base64) const;
    bool operator()(std::string_view text, std::string_view signature_base64) const {
        return verify(text, signature_base64);
    }

private:
    std::shared_ptr<evp_pkey_st> key_;
    hash hash_;
};

}  // namespace regru::signing
