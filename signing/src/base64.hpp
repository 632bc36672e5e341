// Base64 as `sig` carries it: the standard alphabet, padded, on one line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace regru::signing::detail {

std::string base64_encoded(std::string_view bytes);

// The bytes, or nothing when `text` is not padded standard Base64 on one line.
std::optional<std::string> base64_decoded(std::string_view text);

}  // namespace regru::signing::detail
