#include <regru/api/errors.hpp>
#include <regru/api/options.hpp>
#include <regru/api/detail/settings.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace regru::api {
namespace {

constexpr std::array<std::string_view, 3> languages{"en", "ru", "th"};
constexpr std::array<std::string_view, 5> encodings{"utf8", "cp1251", "koi8-r", "koi8-u", "cp866"};

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

// "UTF-8" -> "utf8", "KOI8_R" -> "koi8r": to recognise a near miss.
std::string folded(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

void check_lang(const std::optional<std::string>& lang) {
    if (!lang) return;
    if (lang->empty()) throw usage_error("Empty language value (expected " + joined(languages) + ")");
    if (!listed(languages, *lang)) {
        throw usage_error("Unsupported language: " + *lang + " (expected " + joined(languages) + ")");
    }
}

void check_encoding(const std::optional<std::string>& encoding) {
    if (!encoding) return;
    if (encoding->empty()) throw usage_error("Empty encoding value (expected " + joined(encodings) + ")");
    if (listed(encodings, *encoding)) return;
    std::string message = "Unsupported encoding: " + *encoding + " (expected " + joined(encodings);
    for (std::string_view known : encodings) {
        if (folded(known) == folded(*encoding)) {
            message += "; REG.API spells it " + std::string(known);
        }
    }
    throw usage_error(message + ")");
}

[[noreturn]] void bad_endpoint(std::string_view origin, std::string_view why) {
    throw usage_error(std::string(origin) + ": " + std::string(why));
}

}  // namespace

namespace detail {

void check_endpoint(std::string_view endpoint, std::string_view origin) {
    auto url = boost::urls::parse_absolute_uri(endpoint);
    std::string quoted = "'" + std::string(endpoint) + "'";
    if (!url) bad_endpoint(origin, quoted + " is not an absolute URL");
    // Never repeat a URL that carries credentials in an error text.
    if (url->has_userinfo()) bad_endpoint(origin, "the URL must not hold user:password@");
    if (url->scheme() != "http" && url->scheme() != "https") {
        bad_endpoint(origin, quoted + " is not an http:// or https:// URL");
    }
    if (url->host().empty()) bad_endpoint(origin, quoted + " has no host");
    if (url->has_query() || url->has_fragment()) {
        bad_endpoint(origin, quoted + " has a query or fragment; REG.API takes every "
                                      "parameter in the body");
    }
}

}  // namespace detail

void validate(const options& opts) {
    if (opts.username.empty()) {
        throw usage_error("The username is empty (REG.API's test account is test/test)");
    }
    if (opts.password.empty()) throw usage_error("The password is empty");
    check_lang(opts.lang);
    check_encoding(opts.io_encoding);
    if (opts.endpoint) detail::check_endpoint(*opts.endpoint, "endpoint");
}

}  // namespace regru::api
