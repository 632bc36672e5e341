#include <regru/encoding.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace regru::encoding {
namespace {

#include "charset_tables.inc"

constexpr char32_t undefined = 0xFFFF;

// The reverse of a byte -> code point table: code point -> byte for every code point below
// U+2600, where all of these charsets live (9.5 KB; the Cyrillic part, the hot one, is 256
// bytes). 0 means "not in the charset"; byte 0 itself is ASCII and never looked up.
struct reverse_table {
    static constexpr char32_t covered = 0x2600;
    std::array<std::uint8_t, covered> byte_of{};

    constexpr explicit reverse_table(const char32_t (&high)[128]) {
        for (unsigned byte = 0x80; byte <= 0xFF; ++byte) {
            char32_t cp = high[byte - 0x80];
            if (cp != undefined) byte_of[cp] = static_cast<std::uint8_t>(byte);
        }
    }

    std::uint8_t byte_for(char32_t cp) const noexcept { return cp < covered ? byte_of[cp] : 0; }
};

// Byte -> its UTF-8 form, for bytes 0x80-0xFF.
struct utf8_form {
    std::uint8_t length;  // 0: undefined
    char bytes[3];
};

struct forward_table {
    std::array<utf8_form, 128> high{};

    constexpr explicit forward_table(const char32_t (&code_points)[128]) {
        for (std::size_t i = 0; i < 128; ++i) {
            char32_t cp = code_points[i];
            if (cp == undefined) continue;
            if (cp < 0x800) {
                high[i] = {2, {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F)), 0}};
            } else {
                high[i] = {3, {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                               static_cast<char>(0x80 | (cp & 0x3F))}};
            }
        }
    }
};

struct single_byte_charset {
    forward_table forward;
    reverse_table reverse;
};

constexpr single_byte_charset cp1251{forward_table(cp1251_high), reverse_table(cp1251_high)};
constexpr single_byte_charset koi8_r{forward_table(koi8_r_high), reverse_table(koi8_r_high)};
constexpr single_byte_charset koi8_u{forward_table(koi8_u_high), reverse_table(koi8_u_high)};
constexpr single_byte_charset cp866{forward_table(cp866_high), reverse_table(cp866_high)};

const single_byte_charset& table_of(charset set) {
    switch (set) {
        case charset::koi8_r: return koi8_r;
        case charset::koi8_u: return koi8_u;
        case charset::cp866: return cp866;
        default: return cp1251;
    }
}

// Copies the ASCII bytes at `in` to `out`, eight at a time where it can; returns how many.
std::size_t copy_ascii(const unsigned char* in, std::size_t size, char* out) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, in + i, 8);
        if (chunk & 0x8080808080808080ull) break;
        std::memcpy(out + i, &chunk, 8);
    }
    for (; i < size && in[i] < 0x80; ++i) out[i] = static_cast<char>(in[i]);
    return i;
}

// How many bytes have their high bit set, eight at a time.
std::size_t high_bytes(const unsigned char* in, std::size_t size) noexcept {
    std::size_t count = 0, i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, in + i, 8);
        count += static_cast<std::size_t>(__builtin_popcountll(chunk & 0x8080808080808080ull));
    }
    for (; i < size; ++i) count += in[i] >> 7;
    return count;
}

// How many bytes from `from` on are ASCII, eight at a time where it can.
std::size_t ascii_run(const unsigned char* data, std::size_t from, std::size_t size) noexcept {
    std::size_t i = from;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, data + i, 8);
        if (chunk & 0x8080808080808080ull) break;
    }
    while (i < size && data[i] < 0x80) ++i;
    return i - from;
}

// Decodes the UTF-8 sequence at data[i] (not ASCII); returns its length, or 0 if invalid.
std::size_t decode_sequence(const unsigned char* data, std::size_t i, std::size_t size, char32_t& cp) noexcept {
    unsigned char lead = data[i];
    auto continuation = [&](std::size_t k, unsigned char low = 0x80, unsigned char high = 0xBF) {
        return i + k < size && data[i + k] >= low && data[i + k] <= high;
    };
    if (lead >= 0xC2 && lead <= 0xDF) {
        if (!continuation(1)) return 0;
        cp = (char32_t(lead & 0x1F) << 6) | (data[i + 1] & 0x3F);
        return 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
        unsigned char high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
        if (!continuation(1, low, high) || !continuation(2)) return 0;
        cp = (char32_t(lead & 0x0F) << 12) | (char32_t(data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F);
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        unsigned char low = lead == 0xF0 ? 0x90 : 0x80;   // no overlong forms
        unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing beyond U+10FFFF
        if (!continuation(1, low, high) || !continuation(2) || !continuation(3)) return 0;
        cp = (char32_t(lead & 0x07) << 18) | (char32_t(data[i + 1] & 0x3F) << 12) |
             (char32_t(data[i + 2] & 0x3F) << 6) | (data[i + 3] & 0x3F);
        return 4;
    }
    return 0;
}

[[noreturn]] void invalid_utf8(std::size_t offset) {
    throw conversion_error(conversion_error::reason::invalid_utf8, offset,
                           "not valid UTF-8 at byte " + std::to_string(offset));
}

// Writes `cp` as \uXXXX (two escapes beyond the BMP); returns the bytes written.
std::size_t json_escape(char32_t cp, char* out) noexcept {
    auto escape = [](unsigned unit, char* at) {
        static constexpr char hex[] = "0123456789abcdef";
        at[0] = '\\';
        at[1] = 'u';
        for (int digit = 0; digit < 4; ++digit) at[2 + digit] = hex[(unit >> (12 - 4 * digit)) & 0xF];
    };
    if (cp < 0x10000) {
        escape(static_cast<unsigned>(cp), out);
        return 6;
    }
    cp -= 0x10000;
    escape(0xD800 + static_cast<unsigned>(cp >> 10), out);
    escape(0xDC00 + static_cast<unsigned>(cp & 0x3FF), out + 6);
    return 12;
}

void check_utf8(std::string_view text) {
    if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) invalid_utf8(bad);
}

}  // namespace

std::string_view name(charset set) noexcept {
    switch (set) {
        case charset::utf8: return "utf8";
        case charset::cp1251: return "cp1251";
        case charset::koi8_r: return "koi8-r";
        case charset::koi8_u: return "koi8-u";
        case charset::cp866: break;
    }
    return "cp866";
}

std::string_view mime_name(charset set) noexcept {
    switch (set) {
        case charset::utf8: return "utf-8";
        case charset::cp1251: return "windows-1251";
        case charset::koi8_r: return "koi8-r";
        case charset::koi8_u: return "koi8-u";
        case charset::cp866: break;
    }
    return "ibm866";
}

std::optional<charset> from_name(std::string_view text) noexcept {
    for (charset set : all_charsets) {
        if (name(set) == text) return set;
    }
    return std::nullopt;
}

std::optional<charset> from_label(std::string_view label) {
    std::string folded;
    for (unsigned char c : label) {
        if (std::isalnum(c)) folded.push_back(static_cast<char>(std::tolower(c)));
    }
    struct alias {
        std::string_view folded;
        charset set;
    };
    static constexpr alias aliases[] = {
        {"utf8", charset::utf8},         {"cp1251", charset::cp1251}, {"windows1251", charset::cp1251},
        {"win1251", charset::cp1251},    {"koi8r", charset::koi8_r},  {"koi8u", charset::koi8_u},
        {"cp866", charset::cp866},       {"ibm866", charset::cp866},  {"866", charset::cp866},
        {"csibm866", charset::cp866},    {"xcp1251", charset::cp1251},
    };
    for (const auto& known : aliases) {
        if (known.folded == folded) return known.set;
    }
    return std::nullopt;
}

std::size_t find_invalid_utf8(std::string_view text) noexcept {
    const auto* data = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
        i += ascii_run(data, i, text.size());
        if (i == text.size()) break;
        char32_t cp;
        std::size_t length = decode_sequence(data, i, text.size(), cp);
        if (length == 0) return i;
        i += length;
    }
    return std::string_view::npos;
}

bool can_represent(charset set, char32_t cp) noexcept {
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (set == charset::utf8) return cp <= 0x10FFFF;
    return cp < 0x80 || table_of(set).reverse.byte_for(cp) != 0;
}

void from_utf8(charset to, std::string_view utf8, std::string& out, unrepresentable policy) {
    if (to == charset::utf8) {
        check_utf8(utf8);
        out.append(utf8);
        return;
    }
    const auto& table = table_of(to).reverse;
    const auto* in = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t size = utf8.size();
    const std::size_t base = out.size();
    out.resize(base + size);  // one byte per character at most, escapes aside
    std::size_t written = 0;
    std::size_t i = 0;
    while (i < size) {
        if (in[i] < 0x80) {
            std::size_t run = copy_ascii(in + i, size - i, out.data() + base + written);
            written += run;
            i += run;
            continue;
        }
        // Two-byte sequences (all of Cyrillic) straight from the table: the common case.
        if (in[i] >= 0xC2 && in[i] <= 0xDF && i + 1 < size && (in[i + 1] & 0xC0) == 0x80) {
            char32_t cp = (char32_t(in[i] & 0x1F) << 6) | (in[i + 1] & 0x3F);
            if (std::uint8_t byte = table.byte_of[cp]; byte != 0) {
                out[base + written++] = static_cast<char>(byte);
                i += 2;
                continue;
            }
        }
        char32_t cp;
        std::size_t length = decode_sequence(in, i, size, cp);
        if (length == 0) invalid_utf8(i);
        if (std::uint8_t byte = table.byte_for(cp); byte != 0) {
            out[base + written++] = static_cast<char>(byte);
        } else if (policy == unrepresentable::json_escape) {
            out.resize(out.size() + 12);  // an escape is longer than what it replaces
            written += json_escape(cp, out.data() + base + written);
        } else if (policy == unrepresentable::xml_reference) {
            out.resize(out.size() + 12);  // "&#1114111;" at most
            written += static_cast<std::size_t>(
                std::snprintf(out.data() + base + written, 12, "&#%u;", static_cast<unsigned>(cp)));
        } else {
            char text[16];
            std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
            throw conversion_error(conversion_error::reason::unrepresentable, i,
                                   std::string(text) + " cannot be written in " + std::string(name(to)) +
                                       " (at byte " + std::to_string(i) + ")");
        }
        i += length;
    }
    out.resize(base + written);
}

std::string from_utf8(charset to, std::string_view utf8, unrepresentable policy) {
    std::string out;
    from_utf8(to, utf8, out, policy);
    return out;
}

void to_utf8(charset from, std::string_view text, std::string& out) {
    if (from == charset::utf8) {
        check_utf8(text);
        out.append(text);
        return;
    }
    const auto& table = table_of(from).forward;
    const auto* in = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    const std::size_t base = out.size();
    out.resize(base + size + 2 * high_bytes(in, size));  // three UTF-8 bytes per high byte at most
    char* w = out.data() + base;
    std::size_t i = 0;
    while (i < size) {
        std::size_t run = copy_ascii(in + i, size - i, w);
        w += run;
        i += run;
        for (; i < size && in[i] >= 0x80; ++i) {
            const utf8_form& form = table.high[in[i] - 0x80];
            if (form.length == 0) {
                char byte[8];
                std::snprintf(byte, sizeof byte, "0x%02X", in[i]);
                throw conversion_error(conversion_error::reason::undefined_byte, i,
                                       "byte " + std::string(byte) + " (at offset " + std::to_string(i) +
                                           ") is not a character of " + std::string(name(from)));
            }
            std::memcpy(w, form.bytes, 3);  // the buffer has room for three; extra bytes are overwritten
            w += form.length;
        }
    }
    out.resize(static_cast<std::size_t>(w - out.data()));
}

std::string to_utf8(charset from, std::string_view text) {
    std::string out;
    to_utf8(from, text, out);
    return out;
}

}  // namespace regru::encoding
