// What the library's parts share about labels.
#pragma once

#include <string_view>

namespace regru::idn::detail {

// An ASCII label in punycode ("xn--p1ai", "XN--P1AI"): ACE, ASCII-compatible encoding.
inline bool is_ace_label(std::string_view label) noexcept {
    return label.size() >= 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' && label.substr(2, 2) == "--";
}

}  // namespace regru::idn::detail
