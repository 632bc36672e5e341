#include <regru/mocks/pki.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace regru::mocks::pki {
namespace {

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const { Free(p); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using cert_ptr = std::unique_ptr<X509, deleter<X509, X509_free>>;
using bio_ptr = std::unique_ptr<BIO, deleter<BIO, BIO_free_all>>;

[[noreturn]] void fail(const std::string& what) {
    char reason[256] = "unknown error";
    if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    throw std::runtime_error("pki: " + what + ": " + reason);
}

template <class T>
T* checked(T* made, const char* what) {
    if (made == nullptr) fail(what);
    return made;
}

void check(int status, const char* what) {
    if (status != 1) fail(what);
}

std::string to_pem(X509* certificate) {
    bio_ptr out(checked(BIO_new(BIO_s_mem()), "BIO_new"));
    check(PEM_write_bio_X509(out.get(), certificate), "PEM_write_bio_X509");
    char* data = nullptr;
    long size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string to_pem(EVP_PKEY* key) {
    bio_ptr out(checked(BIO_new(BIO_s_mem()), "BIO_new"));
    check(PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr), "PEM_write_bio_PrivateKey");
    char* data = nullptr;
    long size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

cert_ptr read_certificate(const std::string& pem) {
    bio_ptr in(checked(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), "BIO_new_mem_buf"));
    return cert_ptr(checked(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr), "PEM_read_bio_X509"));
}

key_ptr read_key(const std::string& pem) {
    bio_ptr in(checked(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), "BIO_new_mem_buf"));
    return key_ptr(checked(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr), "PEM_read_bio_PrivateKey"));
}

void add_extension(X509* certificate, X509V3_CTX& context, int nid, const std::string& value) {
    X509_EXTENSION* extension = checked(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()), "X509V3_EXT_conf_nid");
    int added = X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
    check(added, "X509_add_ext");
}

std::string alt_names(const certificate_spec& spec) {
    std::string names;
    for (const auto& dns : spec.dns_names) names += (names.empty() ? "DNS:" : ",DNS:") + dns;
    for (const auto& ip : spec.ip_addresses) names += (names.empty() ? "IP:" : ",IP:") + ip;
    return names;
}

void set_serial(X509* certificate) {
    unsigned char bytes[8];
    check(RAND_bytes(bytes, sizeof bytes), "RAND_bytes");
    std::uint64_t serial = 0;
    for (unsigned char b : bytes) serial = (serial << 8) | b;
    check(ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), serial >> 1), "serial");
}

}  // namespace

void identity::write(const std::filesystem::path& certificate, const std::filesystem::path& private_key,
                     const std::string& passphrase) const {
    std::ofstream(certificate, std::ios::binary) << certificate_pem;
    std::string key_pem = private_key_pem;
    if (!passphrase.empty()) {
        key_ptr key = read_key(private_key_pem);
        bio_ptr out(checked(BIO_new(BIO_s_mem()), "BIO_new"));
        check(PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), passphrase.data(),
                                            static_cast<int>(passphrase.size()), nullptr, nullptr),
              "PEM_write_bio_PKCS8PrivateKey");
        char* data = nullptr;
        long size = BIO_get_mem_data(out.get(), &data);
        key_pem.assign(data, static_cast<std::size_t>(size));
    }
    std::ofstream(private_key, std::ios::binary) << key_pem;
    std::filesystem::permissions(private_key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

identity issue(const certificate_spec& spec, const identity* issuer) {
    key_ptr key(checked(EVP_EC_gen("P-256"), "EVP_EC_gen"));
    cert_ptr certificate(checked(X509_new(), "X509_new"));
    check(X509_set_version(certificate.get(), 2), "X509_set_version");
    set_serial(certificate.get());
    checked(X509_gmtime_adj(X509_getm_notBefore(certificate.get()), static_cast<long>(spec.valid_from.count())), "notBefore");
    checked(X509_gmtime_adj(X509_getm_notAfter(certificate.get()), static_cast<long>(spec.valid_until.count())), "notAfter");
    check(X509_set_pubkey(certificate.get(), key.get()), "X509_set_pubkey");
    X509_NAME* subject = X509_get_subject_name(certificate.get());
    check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0),
          "subject");

    cert_ptr issuer_certificate = issuer ? read_certificate(issuer->certificate_pem) : nullptr;
    key_ptr issuer_key = issuer ? read_key(issuer->private_key_pem) : nullptr;
    X509* signer = issuer ? issuer_certificate.get() : certificate.get();
    check(X509_set_issuer_name(certificate.get(), X509_get_subject_name(signer)), "issuer");

    X509V3_CTX context;
    X509V3_set_ctx(&context, signer, certificate.get(), nullptr, nullptr, 0);
    add_extension(certificate.get(), context, NID_basic_constraints,
                  spec.certificate_authority ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_extension(certificate.get(), context, NID_key_usage,
                  spec.certificate_authority ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    add_extension(certificate.get(), context, NID_subject_key_identifier, "hash");
    if (!spec.certificate_authority) {
        add_extension(certificate.get(), context, NID_ext_key_usage, spec.client ? "clientAuth" : "serverAuth");
    }
    if (auto names = alt_names(spec); !names.empty()) {
        add_extension(certificate.get(), context, NID_subject_alt_name, names);
    }
    if (X509_sign(certificate.get(), issuer ? issuer_key.get() : key.get(), EVP_sha256()) == 0) fail("X509_sign");
    return identity{to_pem(certificate.get()), to_pem(key.get())};
}

loopback_pki make_loopback_pki(const std::string& name) {
    certificate_spec authority{name + " CA", {}, {}, std::chrono::seconds(-3600), std::chrono::seconds(30 * 24 * 3600), true, false};
    loopback_pki made;
    made.authority = issue(authority);
    made.server = issue({"localhost", {"localhost"}, {"127.0.0.1", "::1"}}, &made.authority);
    return made;
}

}  // namespace regru::mocks::pki
