// Code points of UTF-8 text that libidn2 has accepted or produced, so known to be well formed.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace regru::idn::detail {

struct code_point {
    char32_t value;
    std::string_view bytes;  // its UTF-8 form, within the text
};

// The code point that starts at `at`, and moves `at` past it.
inline code_point next_code_point(std::string_view text, std::size_t& at) noexcept {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(at);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (at + length > text.size()) length = text.size() - at;
    char32_t value = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) value = (value << 6) | (byte(at + i) & 0x3F);
    code_point result{value, text.substr(at, length)};
    at += length;
    return result;
}

// The first code point of `text` that passes `test`, if any.
template <class Test>
std::optional<code_point> first_code_point(std::string_view text, Test&& test) {
    for (std::size_t at = 0; at < text.size();) {
        code_point next = next_code_point(text, at);
        if (test(next)) return next;
    }
    return std::nullopt;
}

}  // namespace regru::idn::detail
