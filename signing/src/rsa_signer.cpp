#include <regru/signing/rsa_signer.hpp>

#include "base64.hpp"
#include "keys.hpp"

#include <openssl/crypto.h>

#include <cstdlib>

namespace regru::signing {

rsa_signer::rsa_signer(const std::filesystem::path& private_key, hash h, std::optional<std::string> passphrase)
    : hash_(h) {
    struct wipe_on_exit {
        std::optional<std::string>& secret;
        ~wipe_on_exit() {
            if (secret) OPENSSL_cleanse(secret->data(), secret->size());
        }
    } wipe{passphrase};
    key_ = detail::read_private_key(private_key, passphrase);
}

std::string rsa_signer::sign(std::string_view text) const {
    auto context = detail::new_md_context();
    EVP_PKEY_CTX* key_context = nullptr;
    if (EVP_DigestSignInit(context.get(), &key_context, detail::digest_of(hash_), nullptr, key_.get()) != 1) {
        detail::fail_with_openssl_error("cannot sign with " + std::string(to_string(hash_)));
    }
    detail::use_pkcs1_padding(key_context);
    const auto* data = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t size = 0;
    if (EVP_DigestSign(context.get(), nullptr, &size, data, text.size()) != 1) {
        detail::fail_with_openssl_error("cannot sign");
    }
    std::string signature(size, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data, text.size()) != 1) {
        detail::fail_with_openssl_error("cannot sign");
    }
    signature.resize(size);
    return detail::base64_encoded(signature);
}

std::optional<std::string> passphrase_from_environment(const char* variable) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

}  // namespace regru::signing
