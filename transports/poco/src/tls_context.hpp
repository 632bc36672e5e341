// The TLS side of the Poco transport, in OpenSSL terms where Poco's defaults are not what we
// want: verification of the chain and of the host name by OpenSSL during the handshake, the
// reason for a failed verification, and a client certificate whose key passphrase comes from
// the options rather than from Poco's SSLManager (which would ask on the console).
#pragma once

#include <regru/transports/poco_transport.hpp>

#include <Poco/Net/Context.h>

#include <string>

namespace regru::api::detail {

// OpenSSL is set up once per process.
void ensure_ssl_initialised();

// A client context for connections to `host`. Throws usage_error when the options name
// certificates or keys that do not load.
Poco::Net::Context::Ptr make_client_context(const poco_transport_options& options, const std::string& host);

// Forgets, and returns, why the last handshake on this thread failed verification ("" when
// it did not): "self-signed certificate (depth 0, CN=localhost)".
std::string take_verification_failure();

}  // namespace regru::api::detail
