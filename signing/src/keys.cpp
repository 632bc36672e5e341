#include "keys.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace regru::signing::detail {
namespace {

// Key files are a few kilobytes; this keeps a wrong path (a device, a log) from being read whole.
constexpr std::size_t largest_key_file = 1 << 20;

// A string of key material, wiped when it goes.
struct wiped_string {
    std::string bytes;
    wiped_string() = default;
    wiped_string(const wiped_string&) = delete;
    wiped_string& operator=(const wiped_string&) = delete;
    ~wiped_string() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

std::string quoted(const std::filesystem::path& file) { return "'" + file.string() + "'"; }

[[noreturn]] void fail_to_read(const std::string& what, const std::filesystem::path& file, int error) {
    throw signing_error("cannot read the " + what + " file " + quoted(file) + ": " + std::strerror(error));
}

// The whole file into `out`; a signing_error naming the file and errno's text when it cannot.
void read_file(const std::string& what, const std::filesystem::path& file, wiped_string& out) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.c_str(), "rb"), std::fclose);
    if (!stream) fail_to_read(what, file, errno);
    char buffer[4096];
    while (std::size_t got = std::fread(buffer, 1, sizeof buffer, stream.get())) {
        if (out.bytes.size() + got > largest_key_file) {
            throw signing_error("the " + what + " file " + quoted(file) + " is too large to be a key");
        }
        out.bytes.append(buffer, got);
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
    if (std::ferror(stream.get())) fail_to_read(what, file, errno);
}

struct bio_free {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

std::unique_ptr<BIO, bio_free> memory_bio(const wiped_string& bytes) {
    std::unique_ptr<BIO, bio_free> bio(BIO_new_mem_buf(bytes.bytes.data(), static_cast<int>(bytes.bytes.size())));
    if (!bio) fail_with_openssl_error("cannot read a key");
    return bio;
}

key_handle owned(EVP_PKEY* key) { return key_handle(key, EVP_PKEY_free); }

// PKCS#1 v1.5 needs a plain RSA key; EC, Ed25519 or RSA-PSS keys are refused by name.
key_handle checked_rsa(key_handle key, const std::string& what, const std::filesystem::path& file) {
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        const char* type = EVP_PKEY_get0_type_name(key.get());
        throw signing_error("the " + what + " " + quoted(file) + " is not an RSA key (it is " +
                            (type != nullptr ? type : "of an unknown type") + ")");
    }
    return key;
}

// What OpenSSL's password callback reads and tells: the passphrase, and whether it was asked
// for (so the key is encrypted).
struct passphrase_request {
    const std::optional<std::string>& passphrase;
    bool asked = false;
};

int give_passphrase(char* buffer, int size, int /*writing*/, void* request_pointer) {
    auto& request = *static_cast<passphrase_request*>(request_pointer);
    request.asked = true;
    if (!request.passphrase || request.passphrase->size() > static_cast<std::size_t>(size)) return -1;
    std::memcpy(buffer, request.passphrase->data(), request.passphrase->size());
    return static_cast<int>(request.passphrase->size());
}

}  // namespace

void fail_with_openssl_error(const std::string& what) {
    char reason[256] = "no reason given";
    if (unsigned long code = ERR_peek_last_error()) ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    throw signing_error(what + ": " + reason);
}

key_handle read_private_key(const std::filesystem::path& file, const std::optional<std::string>& passphrase) {
    const std::string what = "private key";
    wiped_string pem;
    read_file(what, file, pem);
    passphrase_request request{passphrase};
    key_handle key = owned(PEM_read_bio_PrivateKey(memory_bio(pem).get(), nullptr, give_passphrase, &request));
    // OpenSSL's own reasons ("bad decrypt", "no start line") say less than what we know.
    ERR_clear_error();
    if (!key && request.asked && passphrase) {
        throw signing_error("cannot read the private key " + quoted(file) + ": wrong passphrase");
    }
    if (!key && request.asked) {
        throw signing_error("the private key " + quoted(file) + " is encrypted and no passphrase was given");
    }
    if (!key) throw signing_error("the file " + quoted(file) + " is not a PEM private key");
    return checked_rsa(std::move(key), what, file);
}

key_handle read_public_key(const std::filesystem::path& file) {
    const std::string what = "public key";
    wiped_string pem;
    read_file(what, file, pem);
    key_handle key = owned(PEM_read_bio_PUBKEY(memory_bio(pem).get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!key) throw signing_error("the file " + quoted(file) + " is not a PEM public key (BEGIN PUBLIC KEY)");
    return checked_rsa(std::move(key), what, file);
}

const EVP_MD* digest_of(hash h) noexcept {
    switch (h) {
    case hash::sha1: return EVP_sha1();
    case hash::sha256: return EVP_sha256();
    case hash::sha512: return EVP_sha512();
    }
    return EVP_sha256();
}

md_context new_md_context() {
    md_context context(EVP_MD_CTX_new());
    if (!context) fail_with_openssl_error("cannot make a digest context");
    return context;
}

void use_pkcs1_padding(EVP_PKEY_CTX* context) {
    // RSA's default already; said so that a change of default cannot change the signatures.
    if (EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) != 1) {
        fail_with_openssl_error("cannot use PKCS#1 v1.5 padding");
    }
}

}  // namespace regru::signing::detail
