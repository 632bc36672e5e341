// Which HTTP proxy, if any, a connection goes through: the transport's options, else the
// usual environment variables (https_proxy, http_proxy, no_proxy), as curl and most tools
// read them.
#pragma once

#include <regru/transports/poco_transport.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regru::api::detail {

struct proxy_server {
    std::string host;
    std::uint16_t port = 0;
    std::string username;  // never shown
    std::string password;  // never shown

    std::string where() const { return host + ":" + std::to_string(port); }
};

class proxy_rules {
public:
    // Reads the options, and the environment for what they leave unset. Throws usage_error
    // for a proxy that is not an http:// URL with a host.
    explicit proxy_rules(const poco_transport_options& options);

    // The proxy for a connection to `host`, or nullopt to connect directly.
    std::optional<proxy_server> for_host(std::string_view host, bool secure) const;

private:
    bool bypassed(std::string_view host) const;

    std::optional<proxy_server> http_proxy_;
    std::optional<proxy_server> https_proxy_;
    std::vector<std::string> no_proxy_;  // lower case, without leading dots; "*" for all
    bool from_environment_ = false;       // such proxies are never used for loopback hosts
};

}  // namespace regru::api::detail
