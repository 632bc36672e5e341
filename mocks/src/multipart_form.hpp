// multipart/form-data (RFC 7578), the other body REG.API takes: curl -F, browsers' forms,
// Python requests' files=. Only what a form needs: each part's name and bytes.
#pragma once

#include <regru/api/form.hpp>

#include <optional>
#include <string_view>

namespace regru::mocks {

// Whether `a` and `b` are the same text but for the case of ASCII letters (header names and
// values are case-insensitive).
bool equal_ignoring_case(std::string_view a, std::string_view b);

// The boundary named by a Content-Type "multipart/form-data; boundary=...", quoted or not;
// nullopt when it names none.
std::optional<std::string_view> multipart_boundary(std::string_view content_type);

// The fields of a multipart body, in order: each part's Content-Disposition name and its bytes
// as sent (a file's content for a file part). Throws std::invalid_argument, saying why, when
// the body is not multipart with that boundary.
api::form_fields read_multipart(std::string_view body, std::string_view boundary);

}  // namespace regru::mocks
