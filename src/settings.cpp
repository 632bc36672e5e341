#include <regru/api/detail/settings.hpp>
#include <regru/api/form.hpp>

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
    return endpoint;
}

std::string encode_prefix(const api::options& opts, std::string_view format) {
    std::string prefix;
    append_form_field(prefix, "username", opts.username);
    append_form_field(prefix, "password", opts.password);
    append_form_field(prefix, "output_format", format);
    append_form_field(prefix, "input_format", format);
    if (opts.lang) append_form_field(prefix, "lang", *opts.lang);
    if (opts.io_encoding) append_form_field(prefix, "io_encoding", *opts.io_encoding);
    append_form_field(prefix, "input_data", "");
    return prefix;
}

}  // namespace

settings::settings(api::options opts, std::string_view format)
    : options_((validate(opts), std::move(opts))),
      endpoint_(resolve_endpoint(options_.endpoint)),
      form_prefix_(encode_prefix(options_, format)),
      diagnostics_([this](std::string_view line) { debug_line(line); }) {}

void settings::debug_line(std::string_view line) const {
    if (options_.debug_sink) {
        options_.debug_sink(line);
    } else {
        std::clog << "regru-api: " << line << '\n';
    }
}

settings_holder::settings_holder(api::options opts, std::string_view format)
    : state_(std::make_unique<state>()) {
    state_->format = format;
    state_->current = std::make_shared<const settings>(std::move(opts), format);
}

}  // namespace regru::api::detail
