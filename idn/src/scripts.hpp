// Which script a letter belongs to, for the registry's rule that a label keeps to one script
// (REG.RU refuses "qqйй.com" with HAVE_MIXED_CODETABLES). IDNA2008 itself allows mixed
// scripts — it judges code points one by one, and leaves confusable mixtures ("раypal" with a
// Cyrillic "р") to registries — so libidn2 has no such check, and this small one is ours.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

namespace regru::idn::detail {

enum class script { common, latin, greek, cyrillic, armenian, georgian, hebrew, arabic, thai, hangul, han_kana };

// The script of `letter`; common for digits, '-', combining marks and whatever the table does
// not know, which mix with anything.
script script_of(char32_t letter) noexcept;

// "Latin", "Cyrillic", ...
std::string_view script_name(script s) noexcept;

// The first two different scripts among the letters of `label` (UTF-8), if it mixes any.
std::optional<std::pair<script, script>> mixed_scripts(std::string_view label);

}  // namespace regru::idn::detail
