// RSA signatures for REG.API's `sig`: a request_signer for options::signer, with a private key
// read once from a PEM file. See docs/signing.md.
//
//     api::options opts;
//     opts.signer = std::make_shared<signing::rsa_signer>("account.pem", signing::hash::sha1,
//                                                        signing::passphrase_from_environment("REGRU_SIG_PASSPHRASE"));
#pragma once

#include <regru/api/sign.hpp>
#include <regru/signing/hash.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace regru::signing {

// PKCS#1 v1.5 RSA signatures with the chosen hash, in Base64 on one line.
class rsa_signer final : public api::request_signer {
public:
    // Reads the PEM private key at `private_key` (PKCS#8 or PKCS#1, encrypted or not) and
    // wipes `passphrase` once it is read. Throws signing_error when the file cannot be read,
    // holds no PEM private key, holds a key that is not RSA, or is encrypted and the
    // passphrase is missing or wrong.
    rsa_signer(const std::filesystem::path& private_key, hash h, std::optional<std::string> passphrase = {});

    // Safe to call from many threads at once: each call has its own OpenSSL context.
    std::string sign(std::string_view text) const override;

private:
    std::shared_ptr<evp_pkey_st> key_;
    hash hash_;
};

// The value of the environment variable `variable`, or nothing when it is unset or empty.
std::optional<std::string> passphrase_from_environment(const char* variable);

}  // namespace regru::signing
