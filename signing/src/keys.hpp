// What the signer and the verifier share: reading PEM keys, the digest of a hash, and an EVP
// context per signature, all on OpenSSL's EVP.
#pragma once

#include <regru/signing/hash.hpp>

#include <openssl/evp.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace regru::signing::detail {

using key_handle = std::shared_ptr<EVP_PKEY>;

// The RSA private key of a PEM file; `passphrase` decrypts it when it is encrypted.
key_handle read_private_key(const std::filesystem::path& file, const std::optional<std::string>& passphrase);

// The RSA public key of a PEM file.
key_handle read_public_key(const std::filesystem::path& file);

const EVP_MD* digest_of(hash h) noexcept;

struct md_context_free {
    void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};
using md_context = std::unique_ptr<EVP_MD_CTX, md_context_free>;

// A fresh context, or a signing_error.
md_context new_md_context();

// Sets PKCS#1 v1.5 padding on a context just initialised for signing or verifying.
void use_pkcs1_padding(EVP_PKEY_CTX* context);

// A signing_error saying `what` failed and why, as OpenSSL tells it; clears OpenSSL's queue.
[[noreturn]] void fail_with_openssl_error(const std::string& what);

}  // namespace regru::signing::detail
