#include "scripts.hpp"

#include "utf8.hpp"

#include <algorithm>
#include <iterator>

namespace regru::idn::detail {
namespace {

struct script_range {
    char32_t first, last;
    script of;
};

// The blocks of the scripts registries sell names in, by code point, sorted. Small on purpose:
// a letter outside them counts as common, so the check refuses only mixtures it is sure of.
// Han, Hiragana and Katakana are one group, since Japanese writes them together.
constexpr script_range ranges[] = {
    {U'A', U'Z', script::latin},
    {U'a', U'z', script::latin},
    {0x00C0, 0x00D6, script::latin},  // Latin-1, without × and ÷
    {0x00D8, 0x00F6, script::latin},
    {0x00F8, 0x02AF, script::latin},  // Latin Extended-A and -B, IPA
    {0x0370, 0x03FF, script::greek},
    {0x0400, 0x052F, script::cyrillic},
    {0x0530, 0x058F, script::armenian},
    {0x0590, 0x05FF, script::hebrew},
    {0x0600, 0x06FF, script::arabic},
    {0x0750, 0x077F, script::arabic},
    {0x08A0, 0x08FF, script::arabic},
    {0x0E00, 0x0E7F, script::thai},
    {0x10A0, 0x10FF, script::georgian},
    {0x1100, 0x11FF, script::hangul},
    {0x1C80, 0x1C8F, script::cyrillic},
    {0x1C90, 0x1CBF, script::georgian},
    {0x1E00, 0x1EFF, script::latin},
    {0x1F00, 0x1FFF, script::greek},
    {0x2C60, 0x2C7F, script::latin},
    {0x2D00, 0x2D2F, script::georgian},
    {0x2DE0, 0x2DFF, script::cyrillic},
    {0x3040, 0x30FF, script::han_kana},  // Hiragana, Katakana
    {0x3130, 0x318F, script::hangul},
    {0x3400, 0x4DBF, script::han_kana},
    {0x4E00, 0x9FFF, script::han_kana},
    {0xA640, 0xA69F, script::cyrillic},
    {0xA720, 0xA7FF, script::latin},
    {0xAB30, 0xAB6F, script::latin},
    {0xAC00, 0xD7AF, script::hangul},
    {0x20000, 0x3134F, script::han_kana},
};

}  // namespace

script script_of(char32_t letter) noexcept {
    auto after = std::upper_bound(std::begin(ranges), std::end(ranges), letter,
                                  [](char32_t c, const script_range& r) { return c < r.first; });
    if (after == std::begin(ranges)) return script::common;
    const auto& range = *(after - 1);
    return letter <= range.last ? range.of : script::common;
}

std::string_view script_name(script s) noexcept {
    switch (s) {
        case script::latin: return "Latin";
        case script::greek: return "Greek";
        case script::cyrillic: return "Cyrillic";
        case script::armenian: return "Armenian";
        case script::georgian: return "Georgian";
        case script::hebrew: return "Hebrew";
        case script::arabic: return "Arabic";
        case script::thai: return "Thai";
        case script::hangul: return "Hangul";
        case script::han_kana: return "Han and Kana";
        case script::common: break;
    }
    return "common";
}

std::optional<std::pair<script, script>> mixed_scripts(std::string_view label) {
    script seen = script::common;
    auto other = first_code_point(label, [&](const code_point& c) {
        script s = script_of(c.value);
        if (s == script::common || s == seen) return false;
        if (seen == script::common) {
            seen = s;
            return false;
        }
        return true;
    });
    if (!other) return std::nullopt;
    return std::pair{seen, script_of(other->value)};
}

}  // namespace regru::idn::detail
