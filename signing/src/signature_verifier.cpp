#include <regru/signing/signature_verifier.hpp>

#include "base64.hpp"
#include "keys.hpp"

#include <openssl/err.h>

namespace regru::signing {

signature_verifier::signature_verifier(const std::filesystem::path& public_key, hash h)
    : key_(detail::read_public_key(public_key)), hash_(h) {}

bool signature_verifier::verify(std::string_view text, std::string_view signature_base64) const {
    auto signature = detail::base64_decoded(signature_base64);
    if (!signature) return false;
    auto context = detail::new_md_context();
    EVP_PKEY_CTX* key_context = nullptr;
    if (EVP_DigestVerifyInit(context.get(), &key_context, detail::digest_of(hash_), nullptr, key_.get()) != 1) {
        detail::fail_with_openssl_error("cannot verify with " + std::string(to_string(hash_)));
    }
    detail::use_pkcs1_padding(key_context);
    int verdict = EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                                   signature->size(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    // A bad signature leaves its reason in OpenSSL's queue, which is this thread's to keep clean.
    ERR_clear_error();
    return verdict == 1;
}

}  // namespace regru::signing
