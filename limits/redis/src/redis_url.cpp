// redis://HOST[:PORT][/DB], both ways.
#include <regru/api/errors.hpp>
#include <regru/limits/redis_store.hpp>

#include <charconv>
#include <climits>
#include <optional>

namespace regru::api {
namespace {

constexpr std::string_view scheme = "redis://";

// A whole number in [0, max] and nothing else, or nothing.
std::optional<std::uint32_t> whole_number(std::string_view text, std::uint32_t max) {
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

struct authority_parts {
    std::string_view host;
    std::optional<std::string_view> port;  // what follows the ':', when there is one
};

// "host", "host:port", "[v6]", "[v6]:port"; nothing when the brackets do not close.
std::optional<authority_parts> split_authority(std::string_view authority) {
    std::size_t host_end = authority.find(':');
    std::string_view host = authority.substr(0, host_end);
    if (authority.starts_with('[')) {
        host_end = authority.find(']');
        if (host_end == std::string_view::npos) return std::nullopt;
        host = authority.substr(1, host_end - 1);
        ++host_end;
        if (host_end < authority.size() && authority[host_end] != ':') return std::nullopt;
    }
    if (host_end >= authority.size()) return authority_parts{host, std::nullopt};
    return authority_parts{host, authority.substr(host_end + 1)};
}

}  // namespace

redis_store_options parse_redis_url(std::string_view url) {
    // A URL with '@' holds credentials: the message must not repeat them.
    bool has_credentials = url.find('@') != std::string_view::npos;
    auto bad = [&](std::string_view why) {
        std::string shown = has_credentials ? "(not shown: it holds credentials)" : "'" + std::string(url) + "'";
        return usage_error("Invalid Redis URL " + shown + ": " + std::string(why) +
                           " (expected redis://HOST[:PORT][/DB], like redis://127.0.0.1:6379/0)");
    };
    if (url.starts_with("rediss://")) throw bad("TLS (rediss://) is not supported");
    if (!url.starts_with(scheme)) throw bad("it does not start with redis://");
    if (has_credentials) throw bad("a password does not belong in the URL; set REGRU_REDIS_PASSWORD instead");

    std::string_view rest = url.substr(scheme.size());
    std::size_t slash = rest.find('/');
    auto authority = split_authority(rest.substr(0, slash));
    if (!authority) throw bad("the host is not a name, an IPv4 address or an IPv6 address in brackets");
    if (authority->host.empty()) throw bad("no host");

    redis_store_options options;
    options.host = std::string(authority->host);
    if (authority->port) {
        auto port = whole_number(*authority->port, 65535);
        if (!port || *port == 0) throw bad("the port is not a number from 1 to 65535");
        options.port = static_cast<std::uint16_t>(*port);
    }
    if (slash != std::string_view::npos && slash + 1 < rest.size()) {
        auto database = whole_number(rest.substr(slash + 1), INT_MAX);
        if (!database) throw bad("the database is not a whole number (0, 1, ...)");
        options.database = static_cast<int>(*database);
    }
    return options;
}

std::string redis_url(const redis_store_options& options) {
    bool ipv6 = options.host.find(':') != std::string::npos;
    std::string host = ipv6 ? "[" + options.host + "]" : options.host;
    return std::string(scheme) + host + ":" + std::to_string(options.port) + "/" + std::to_string(options.database);
}

std::shared_ptr<limit_store> open_limit_store(std::string_view spec, store_failure_mode on_failure) {
    if (spec.starts_with("redis://")) {
        auto options = parse_redis_url(spec);
        options.on_failure = on_failure;
        return make_redis_store(std::move(options));
    }
    if (spec == "memory" || (spec.starts_with("file:") && spec.size() > 5)) return open_limit_store(spec);
    throw usage_error("A limit store is memory, file:PATH or redis://HOST[:PORT][/DB], not '" + std::string(spec) + "'");
}

}  // namespace regru::api
