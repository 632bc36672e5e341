#include "tls_context.hpp"

#include <regru/api/errors.hpp>

#include <Poco/Net/SSLManager.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <cstring>
#include <utility>

namespace regru::api::detail {
namespace {

thread_local std::string verification_failure;

// Keeps OpenSSL's verdict, and remembers why it said no.
int remember_verification(int ok, X509_STORE_CTX* store) {
    if (ok == 0) {
        int error = X509_STORE_CTX_get_error(store);
        int depth = X509_STORE_CTX_get_error_depth(store);
        std::string text = X509_verify_cert_error_string(error);
        text += " (depth " + std::to_string(depth);
        if (X509* certificate = X509_STORE_CTX_get_current_cert(store)) {
            char subject[256];
            X509_NAME_oneline(X509_get_subject_name(certificate), subject, sizeof subject);
            text += std::string(", ") + subject;
        }
        verification_failure = text + ")";
    }
    return ok;
}

int give_passphrase(char* buffer, int size, int, void* passphrase) {
    const auto& text = *static_cast<const std::string*>(passphrase);
    int length = static_cast<int>(std::min<std::size_t>(text.size(), static_cast<std::size_t>(size)));
    std::memcpy(buffer, text.data(), static_cast<std::size_t>(length));
    return length;
}

std::string openssl_error() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

bool is_ip_address(const std::string& host) {
    unsigned char address[16];
    return inet_pton(AF_INET, host.c_str(), address) == 1 || inet_pton(AF_INET6, host.c_str(), address) == 1;
}

void expect_host(SSL_CTX* ssl, const std::string& host) {
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int ok = is_ip_address(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                                 : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (ok != 1) throw usage_error("cannot verify TLS certificates for host " + host);
}

void load_client_certificate(SSL_CTX* ssl, const poco_transport_options& options) {
    const std::string& key = options.client_key.empty() ? options.client_certificate : options.client_key;
    SSL_CTX_set_default_passwd_cb(ssl, give_passphrase);
    SSL_CTX_set_default_passwd_cb_userdata(ssl, const_cast<std::string*>(&options.client_key_passphrase));
    if (SSL_CTX_use_certificate_chain_file(ssl, options.client_certificate.c_str()) != 1) {
        throw usage_error("client certificate " + options.client_certificate + ": " + openssl_error());
    }
    if (SSL_CTX_use_PrivateKey_file(ssl, key.c_str(), SSL_FILETYPE_PEM) != 1) {
        throw usage_error("client key " + key + ": " + openssl_error() +
                          (options.client_key_passphrase.empty() ? "" : " (is the passphrase right?)"));
    }
    if (SSL_CTX_check_private_key(ssl) != 1) {
        throw usage_error("client key " + key + " does not belong to " + options.client_certificate);
    }
}

}  // namespace

void ensure_ssl_initialised() {
    struct ssl_library {
        ssl_library() { Poco::Net::initializeSSL(); }
        ~ssl_library() { Poco::Net::uninitializeSSL(); }
    };
    static ssl_library library;
}

Poco::Net::Context::Ptr make_client_context(const poco_transport_options& options, const std::string& host) {
    ensure_ssl_initialised();
    bool verify = !options.insecure_skip_tls_verification;
    Poco::Net::Context::Params params;
    params.verificationMode = verify ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
    params.caLocation = options.ca_location;
    params.loadDefaultCAs = verify && options.ca_location.empty();
    params.cipherList = "DEFAULT";
    Poco::Net::Context::Ptr context;
    try {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& e) {
        throw usage_error("TLS: " + e.displayText() + (options.ca_location.empty() ? "" : " (ca_location " + options.ca_location + ")"));
    }
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // OpenSSL checks the host name during the handshake; Poco's own check afterwards (which
    // misreads IP addresses) is not wanted, verifying or not.
    context->enableExtendedCertificateVerification(false);
    SSL_CTX* ssl = context->sslContext();
    if (verify) {
        SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER, remember_verification);
        expect_host(ssl, host);
    }
    if (!options.client_certificate.empty()) load_client_certificate(ssl, options);
    return context;
}

std::string take_verification_failure() { return std::exchange(verification_failure, {}); }

}  // namespace regru::api::detail
