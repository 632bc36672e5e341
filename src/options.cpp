#include <regru/api/errors.hpp>
#include <regru/api/redact.hpp>

#include <charconv>
#include <regru/api/encoding.hpp>
#include <regru/api/options.hpp>
#include <regru/api/detail/settings.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace regru::api {
namespace {

constexpr std::array<std::string_view, 3> languages{"en", "ru", "th"};

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& words) {
    std::string text;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) text += i + 1 == N ? " or " : ", ";
        text += words[i];
    }
    return text;
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

void check_lang(const std::optional<std::string>& lang) {
    if (!lang) return;
    if (lang->empty()) throw usage_error("Empty language value (expected " + joined(languages) + ")");
    if (!listed(languages, *lang)) {
        throw usage_error("Unsupported language: " + *lang + " (expected " + joined(languages) + ")");
    }
}

std::array<std::string_view, encoding::all_charsets.size()> charset_names() {
    std::array<std::string_view, encoding::all_charsets.size()> names;
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = encoding::name(encoding::all_charsets[i]);
    return names;
}

void check_credentials(std::string_view username, std::string_view password) {
    if (username.empty()) throw usage_error("The username is empty (REG.API's test account is test/test)");
    if (password.empty()) throw usage_error("The password is empty");
}

void check_deadline(std::chrono::milliseconds deadline, std::string_view what) {
    if (deadline <= std::chrono::milliseconds::zero()) throw usage_error(std::string(what) + " must be longer than 0 ms");
}

void check_retry(const retry_options& retry) {
    if (retry.max_attempts == 0) throw usage_error("retry.max_attempts must be at least 1 (1: no retries)");
    if (retry.initial_backoff.count() < 0 || retry.max_backoff.count() < 0) {
        throw usage_error("retry backoffs must not be negative");
    }
    if (!(retry.multiplier >= 1.0 && retry.multiplier <= 100.0)) throw usage_error("retry.multiplier must be between 1 and 100");
    if (retry.budget && retry.budget->count() <= 0) throw usage_error("retry.budget must be longer than 0 ms");
}

// An endpoint as error texts quote it: without its query or fragment and without a
// user:password@ (either may hold credentials), cut to 80 bytes.
std::string quoted_endpoint(std::string_view endpoint) {
    std::string_view shown = endpoint.substr(0, endpoint.find_first_of("?#"));
    std::string text(shown);
    if (auto at = text.rfind('@'); at != std::string::npos) {
        auto scheme_end = text.find("://");
        std::size_t from = scheme_end == std::string::npos ? 0 : scheme_end + 3;
        if (at >= from) text.replace(from, at + 1 - from, "<redacted>@");
    }
    std::string quoted;
    quoted.reserve(text.size() + 8);
    quoted.append(1, '\'').append(clipped(text, 80));
    if (shown.size() < endpoint.size()) quoted.append("?...");
    quoted.append(1, '\'');
    return quoted;
}

bool port_in_range(std::string_view port) {
    unsigned long number = 0;
    auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    return error == std::errc() && end == port.data() + port.size() && number >= 1 && number <= 65535;
}

[[noreturn]] void bad_endpoint(std::string_view origin, std::string_view why) {
    throw usage_error(std::string(origin) + ": " + std::string(why));
}

}  // namespace

namespace detail {

void check_endpoint(std::string_view endpoint, std::string_view origin) {
    auto url = boost::urls::parse_absolute_uri(endpoint);
    std::string quoted = quoted_endpoint(endpoint);
    if (!url) bad_endpoint(origin, quoted + " is not an absolute URL");
    // Never repeat a URL that carries credentials in an error text.
    if (url->has_userinfo()) bad_endpoint(origin, "the URL must not hold user:password@");
    // Schemes are case-insensitive (RFC 3986): HTTPS:// is https://.
    if (url->scheme_id() != boost::urls::scheme::http && url->scheme_id() != boost::urls::scheme::https) {
        bad_endpoint(origin, quoted + " is not an http:// or https:// URL");
    }
    if (url->host().empty()) bad_endpoint(origin, quoted + " has no host");
    if (url->has_port() && !port_in_range(url->port())) {
        bad_endpoint(origin, quoted + ": its port " + clipped(url->port(), 20) + " is out of range (1 to 65535)");
    }
    if (url->has_query() || url->has_fragment()) {
        bad_endpoint(origin, quoted + " has a query or fragment; REG.API takes every "
                                      "parameter in the body");
    }
}

}  // namespace detail

namespace detail {

encoding::charset charset_option(const std::optional<std::string>& io_encoding) {
    if (!io_encoding) return encoding::charset::utf8;
    static const auto names = charset_names();
    if (io_encoding->empty()) throw usage_error("Empty encoding value (expected " + joined(names) + ")");
    if (auto known = encoding::from_name(*io_encoding)) return *known;
    std::string message = "Unsupported encoding: " + *io_encoding + " (expected " + joined(names);
    if (auto meant = encoding::from_label(*io_encoding)) {
        message += "; REG.API spells it " + std::string(encoding::name(*meant));
    }
    throw usage_error(message + ")");
}

void check_fixed_charset(encoding::charset fixed, const options& opts) {
    if (opts.io_encoding && charset_option(opts.io_encoding) != fixed) {
        throw usage_error("io_encoding " + *opts.io_encoding + " contradicts the client's Encoding policy, which is " +
                          std::string(encoding::name(fixed)));
    }
}

}  // namespace detail

namespace encodings {

encoding::charset by_option::charset_for(const options& opts) const { return detail::charset_option(opts.io_encoding); }

}  // namespace encodings

void validate(const options& opts) {
    check_credentials(opts.username, opts.password);
    check_lang(opts.lang);
    detail::charset_option(opts.io_encoding);
    if (opts.endpoint) detail::check_endpoint(*opts.endpoint, "endpoint");
    check_deadline(opts.deadline, "deadline");
    check_retry(opts.retry);
    for (const auto& observer : opts.observers) {
        if (!observer) throw usage_error("options.observers holds an empty pointer");
    }
    if (opts.max_items_per_request < 1 || opts.max_items_per_request > service_item_limit) {
        throw usage_error("options.max_items_per_request must be from 1 to " + std::to_string(service_item_limit) +
                          " (the service's limit), not " + std::to_string(opts.max_items_per_request));
    }
}

void validate(const call_options& opts) {
    if (opts.username || opts.password) {
        check_credentials(opts.username ? *opts.username : "-", opts.password ? *opts.password : "-");
    }
    check_lang(opts.lang);
    if (opts.deadline) check_deadline(*opts.deadline, "the call's deadline");
    if (opts.max_attempts && *opts.max_attempts == 0) throw usage_error("max_attempts must be at least 1");
}

}  // namespace regru::api
