#include "proxy.hpp"

#include <regru/api/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace regru::api::detail {
namespace {

std::optional<std::string> environment(const char* lower, const char* upper) {
    for (const char* name : {lower, upper}) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return std::string(value);
    }
    return std::nullopt;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<proxy_server> parse_proxy(const std::string& text, std::string_view origin) {
    if (text.empty()) return std::nullopt;
    std::string url = text.find("://") == std::string::npos ? "http://" + text : text;
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        throw usage_error(std::string(origin) + ": not a URL");
    }
    if (uri.getScheme() != "http" || uri.getHost().empty()) {
        throw usage_error(std::string(origin) + ": the proxy must be an http:// URL with a host (HTTPS "
                                                "calls go through it with CONNECT)");
    }
    proxy_server proxy{uri.getHost(), uri.getPort(), {}, {}};
    if (std::string info = uri.getUserInfo(); !info.empty()) {
        auto colon = info.find(':');
        Poco::URI::decode(info.substr(0, colon), proxy.username);
        if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), proxy.password);
    }
    return proxy;
}

bool is_loopback(std::string_view host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

}  // namespace

proxy_rules::proxy_rules(const poco_transport_options& options) {
    if (options.proxy) {
        http_proxy_ = https_proxy_ = parse_proxy(*options.proxy, "proxy");
    } else {
        from_environment_ = true;
        if (auto value = environment("http_proxy", "HTTP_PROXY")) http_proxy_ = parse_proxy(*value, "$http_proxy");
        if (auto value = environment("https_proxy", "HTTPS_PROXY")) https_proxy_ = parse_proxy(*value, "$https_proxy");
    }
    std::string list = options.no_proxy ? *options.no_proxy : environment("no_proxy", "NO_PROXY").value_or("");
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = std::min(list.find(',', start), list.size());
        std::string entry = lowered(list.substr(start, comma - start));
        entry.erase(std::remove_if(entry.begin(), entry.end(), [](unsigned char c) { return std::isspace(c); }), entry.end());
        while (entry.starts_with('.')) entry.erase(0, 1);
        if (!entry.empty()) no_proxy_.push_back(entry);
        start = comma + 1;
    }
}

bool proxy_rules::bypassed(std::string_view host) const {
    std::string name = lowered(host);
    if (from_environment_ && is_loopback(name)) return true;
    return std::any_of(no_proxy_.begin(), no_proxy_.end(), [&](const std::string& entry) {
        return entry == "*" || name == entry ||
               (name.size() > entry.size() && name.ends_with(entry) && name[name.size() - entry.size() - 1] == '.');
    });
}

std::optional<proxy_server> proxy_rules::for_host(std::string_view host, bool secure) const {
    const auto& proxy = secure ? https_proxy_ : http_proxy_;
    if (!proxy || bypassed(host)) return std::nullopt;
    return proxy;
}

}  // namespace regru::api::detail
