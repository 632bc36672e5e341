#include <regru/api/detail/settings.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/form.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

namespace regru::api::detail {
namespace {

std::string resolve_endpoint(const std::optional<std::string>& configured) {
    std::string endpoint;
    if (configured) {
        endpoint = *configured;  // validate() has checked it
    } else if (const char* variable = std::getenv(endpoint_variable); variable && *variable) {
        check_endpoint(variable, endpoint_variable);
        endpoint = variable;
    } else {
        endpoint = default_endpoint;
    }
    while (endpoint.ends_with('/')) endpoint.pop_back();
    // The scheme in lower case ("HTTPS://" is accepted), as transports compare it.
    std::transform(endpoint.begin(), endpoint.begin() + static_cast<std::ptrdiff_t>(endpoint.find(':')),
                   endpoint.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return endpoint;
}

// Plain http:// to another machine: REG.API refuses it (HTTPS_ONLY) and the password would
// travel in clear. Allowed, for proxies and test servers, but said.
void warn_of_plain_http(const settings& current) {
    if (!current.endpoint().starts_with("http://")) return;  // checked, its scheme in lower case
    std::string_view host = current.host();
    bool loopback = host == "localhost" || host.starts_with("127.") || host == "[::1]";
    if (loopback) return;
    current.debug_line("WARNING: plain http:// to " + std::string(host) +
                       ": REG.API refuses it (HTTPS_ONLY), and the password would cross the network in clear");
}

// A credential in the exchange's charset. The error names the field; for the password it says
// nothing of the character, which would be a piece of the password.
std::string credential(std::string_view field, const std::string& value, encoding::charset charset) {
    try {
        return encoding::from_utf8(charset, value);
    } catch (const encoding::conversion_error& e) {
        std::string problem = e.why() == encoding::conversion_error::reason::invalid_utf8
                                  ? "is not valid UTF-8"
                                  : "has a character that " + std::string(encoding::name(charset)) + " cannot represent";
        if (field == "username") problem += " (" + std::string(e.what()) + ")";
        throw usage_error("The " + std::string(field) + " " + problem);
    }
}

std::string encode_prefix(const api::options& opts, std::string_view format, encoding::charset charset) {
    std::string prefix;
    append_form_field(prefix, "username", credential("username", opts.username, charset));
    append_form_field(prefix, "password", credential("password", opts.password, charset));
    append_form_field(prefix, "output_format", format);
    append_form_field(prefix, "input_format", format);
    if (opts.lang) append_form_field(prefix, "lang", *opts.lang);
    if (opts.io_encoding || charset != encoding::charset::utf8) {
        append_form_field(prefix, "io_encoding", encoding::name(charset));
    }
    append_form_field(prefix, "input_data", "");
    return prefix;
}

std::string host_of(std::string_view endpoint) {
    auto url = boost::urls::parse_absolute_uri(endpoint);  // checked before
    return url ? std::string(url->encoded_host()) : std::string();
}

}  // namespace

settings::settings(api::options opts, std::string_view format, encoding::charset charset)
    : options_((validate(opts), std::move(opts))),
      format_(format),
      charset_(charset),
      endpoint_(resolve_endpoint(options_.endpoint)),
      host_(host_of(endpoint_)),
      form_prefix_(encode_prefix(options_, format, charset)),
      diagnostics_([this](std::string_view line) { debug_line(line); }),
      redactor_(options_.redaction),
      observers_(options_.observers) {
    if (options_.debug) observers_.push_back(make_debug_lines(*this));
    warn_of_plain_http(*this);
}

std::string_view settings::form_prefix(const call_options& call, std::string& storage) const {
    if (!call.username && !call.password && !call.lang) return form_prefix_;
    api::options own = options_;
    if (call.username) own.username = *call.username;
    if (call.password) own.password = *call.password;
    if (call.lang) own.lang = *call.lang;
    storage = encode_prefix(own, format_, charset_);
    return storage;
}

void settings::debug_line(std::string_view line) const {
    if (options_.debug_sink) {
        options_.debug_sink(line);
    } else {
        write_to_standard_error(line);
    }
}

settings_holder::settings_holder(api::options opts, std::string_view format, charset_rule rule)
    : state_(std::make_unique<state>()) {
    state_->format = format;
    state_->rule = std::move(rule);
    auto charset = state_->rule(opts);  // checks io_encoding; settings checks the rest
    state_->current = std::make_shared<const settings>(std::move(opts), format, charset);
}

}  // namespace regru::api::detail

namespace regru::api {

void write_to_standard_error(std::string_view line) { std::clog << "regru-api: " << line << '\n'; }

}  // namespace regru::api
