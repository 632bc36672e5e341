// Certificates made on the spot, for TLS on loopback: the mock server's own CA and server
// certificate, and the good and bad certificates of the transport's tests. EC P-256 keys,
// SHA-256 signatures, PEM text.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace regru::mocks::pki {

struct identity {
    std::string certificate_pem;
    std::string private_key_pem;

    // Writes certificate and key to two files (the key readable by the owner only); with a
    // passphrase, the key is encrypted with it (AES-256).
    void write(const std::filesystem::path& certificate, const std::filesystem::path& private_key,
               const std::string& passphrase = {}) const;
};

struct certificate_spec {
    std::string common_name;
    std::vector<std::string> dns_names;     // subjectAltName DNS entries
    std::vector<std::string> ip_addresses;  // subjectAltName IP entries
    // Validity, relative to now: the defaults make a certificate valid from an hour ago for
    // thirty days; an expired one ends in the past.
    std::chrono::seconds valid_from{-3600};
    std::chrono::seconds valid_until{30 * 24 * 3600};
    bool certificate_authority = false;
    bool client = false;  // extendedKeyUsage clientAuth; otherwise serverAuth
};

// A certificate for `spec` signed by `issuer`, or self-signed when issuer is null.
// Throws std::runtime_error with OpenSSL's reason on failure.
identity issue(const certificate_spec& spec, const identity* issuer = nullptr);

// The usual pair: a CA, and a server certificate it signed for localhost and 127.0.0.1.
struct loopback_pki {
    identity authority;
    identity server;
};
loopback_pki make_loopback_pki(const std::string& name = "regru-api mock");

}  // namespace regru::mocks::pki
