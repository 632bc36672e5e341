// The five charsets REG.API speaks (io_encoding), and conversions between them and UTF-8.
// Usable on its own: an application whose strings are in CP1251, say, can convert them here.
//
//     std::string wire = regru::encoding::from_utf8(regru::encoding::charset::cp1251, "Привет");
//     std::string text = regru::encoding::to_utf8(regru::encoding::charset::cp1251, wire);
//
// Tables come from glibc's charmaps (cmake/generate_charset_tables.cmake); conversions are
// table lookups with a fast path for ASCII, and allocate only their output.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace regru::encoding {

enum class charset { utf8, cp1251, koi8_r, koi8_u, cp866 };

inline constexpr std::array<charset, 5> all_charsets{charset::utf8, charset::cp1251, charset::koi8_r,
                                                     charset::koi8_u, charset::cp866};

// REG.API's name, as io_encoding takes it: "utf8", "cp1251", "koi8-r", "koi8-u", "cp866".
std::string_view name(charset set) noexcept;
// The MIME name, as a Content-Type carries it: "utf-8", "windows-1251", "koi8-r", "koi8-u", "ibm866".
std::string_view mime_name(charset set) noexcept;
// REG.API's names only.
std::optional<charset> from_name(std::string_view name) noexcept;
// Any usual label, in any case: REG.API's names, MIME names and common aliases
// ("UTF-8", "windows-1251", "cp866", "IBM866", "866", ...).
std::optional<charset> from_label(std::string_view label);

// What a conversion could not do, and where (a byte offset into its input).
class conversion_error : public std::runtime_error {
public:
    enum class reason { invalid_utf8, unrepresentable, undefined_byte };
    conversion_error(reason why, std::size_t offset, const std::string& what)
        : std::runtime_error(what), reason_(why), offset_(offset) {}
    reason why() const noexcept { return reason_; }
    std::size_t offset() const noexcept { return offset_; }

private:
    reason reason_;
    std::size_t offset_;
};

// What to do with a character the target charset does not have.
enum class unrepresentable {
    fail,         // throw conversion_error
    json_escape,  // write it as a JSON \uXXXX escape (a surrogate pair beyond U+FFFF); only
                  // for JSON text, where such characters can only stand inside strings
    xml_reference,  // write it as an XML character reference (&#1071;); only for XML text
};

// UTF-8 text -> `to`, appended to `out`. Throws conversion_error for invalid UTF-8 and, unless
// told to escape, for a character `to` does not have. For utf8 it checks and copies.
void from_utf8(charset to, std::string_view utf8, std::string& out, unrepresentable policy = unrepresentable::fail);
std::string from_utf8(charset to, std::string_view utf8, unrepresentable policy = unrepresentable::fail);

// Text in `from` -> UTF-8, appended to `out`. Throws conversion_error for a byte `from` does not
// define (CP1251's 0x98) and, for utf8, for invalid UTF-8.
void to_utf8(charset from, std::string_view text, std::string& out);
std::string to_utf8(charset from, std::string_view text);

// The offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates
// and code points beyond U+10FFFF included), or npos.
std::size_t find_invalid_utf8(std::string_view text) noexcept;

// Whether `set` has the character `code_point`.
bool can_represent(charset set, char32_t code_point) noexcept;

}  // namespace regru::encoding
