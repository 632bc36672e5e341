// application/x-www-form-urlencoded, the body REG.API takes. Built on Boost.URL.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regru::api {

// Appends `value` percent-encoded: unreserved characters as they are, space as '+', every
// other byte as %XX. Bytes are bytes: UTF-8, or whatever charset the caller chose.
void append_form_encoded(std::string& out, std::string_view value);

// How many bytes append_form_encoded adds for `value`.
std::size_t form_encoded_size(std::string_view value) noexcept;

// Appends "name=value", with a leading '&' unless `out` is empty.
void append_form_field(std::string& out, std::string_view name, std::string_view value);

using form_fields = std::vector<std::pair<std::string, std::string>>;

// Decodes a whole body into its fields, in order. Throws usage_error on a malformed body.
form_fields parse_form(std::string_view body);

// The value of the first field called `name`, if any.
const std::string* find_field(const form_fields& fields, std::string_view name) noexcept;

}  // namespace regru::api
