#include <regru/idn/idn.hpp>
#include <regru/api/redact.hpp>

#include "labels.hpp"
#include "scripts.hpp"
#include "utf8.hpp"

#include <idn2.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace regru::idn {
namespace {

// IDNA2008 with the UTS #46 mapping, non-transitional, as registries and browsers apply it.
// Not IDN2_USE_STD3_ASCII_RULES: libidn2 2.3 drops the characters it forbids ("a_b" becomes
// "ab") instead of refusing them, so the host-name rule for ASCII is checked here instead.
constexpr int idna_flags = IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL;
constexpr std::size_t max_label_octets = 63;
constexpr std::size_t max_name_octets = 253;
constexpr std::string_view too_long_label = "is longer than 63 octets in ASCII form";
// Messages quote what was given, cut to this: whole for any name near the limits, bounded for
// input of any length.
constexpr std::size_t max_quoted_name = 260;
constexpr std::size_t max_quoted_label = 100;

// The full stops UTS #46 maps to '.': ASCII, ideographic, fullwidth, halfwidth ideographic.
constexpr std::string_view full_stops[] = {".", "\u3002", "\uFF0E", "\uFF61"};

struct converted_label {
    std::string ascii, unicode;
};

// One label of the name being converted, to say which one breaks a rule.
struct label_ref {
    std::string_view name, text;
    std::size_t number;  // from 1

    [[noreturn]] void refuse(rule broken, std::string_view what) const {
        throw invalid_name(std::string(name), broken,
                           "label " + std::to_string(number) + " \"" + api::clipped(text, max_quoted_label) + "\" " +
                               std::string(what));
    }
};

// What libidn2 makes of `input`: its status, and its output when that is IDN2_OK.
struct idn2_result {
    int status;
    std::string text;
};

template <class Convert>
idn2_result run_idn2(Convert convert, std::string_view input) {
    char* output = nullptr;
    int status = convert(std::string(input).c_str(), &output, idna_flags);
    std::unique_ptr<char, void (*)(void*)> owned(output, idn2_free);
    return {status, status == IDN2_OK && output ? std::string(output) : std::string()};
}

idn2_result idn2_ascii(std::string_view label) { return run_idn2(idn2_to_ascii_8z, label); }
idn2_result idn2_unicode(std::string_view label) { return run_idn2(idn2_to_unicode_8z8z, label); }

// The length of the full stop at `at`, or 0. (UTF-8 never starts a character inside another.)
std::size_t full_stop_at(std::string_view name, std::size_t at) noexcept {
    for (auto stop : full_stops) {
        if (name.substr(at).starts_with(stop)) return stop.size();
    }
    return 0;
}

std::vector<std::string_view> split_labels(std::string_view name) {
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    for (std::size_t at = 0; at < name.size();) {
        std::size_t stop = full_stop_at(name, at);
        if (stop == 0) {
            ++at;
            continue;
        }
        labels.push_back(name.substr(start, at - start));
        start = at += stop;
    }
    labels.push_back(name.substr(start));
    return labels;
}

std::string u_plus(char32_t c) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
    return text;
}

// Host names are letters, digits and '-' (RFC 952, 1123); the first ASCII code point that is
// none of these. IDNA2008 leaves ASCII labels alone, so this is ours.
std::optional<detail::code_point> first_non_host_ascii(std::string_view label) {
    return detail::first_code_point(label, [](const detail::code_point& c) {
        bool letter_or_digit = (c.value >= U'a' && c.value <= U'z') || (c.value >= U'A' && c.value <= U'Z') ||
                               (c.value >= U'0' && c.value <= U'9');
        return c.value < 0x80 && !letter_or_digit && c.value != U'-';
    });
}

void check_host_characters(const label_ref& label, std::string_view text) {
    if (auto bad = first_non_host_ascii(text)) {
        label.refuse(rule::disallowed_character,
                     "holds a character domain names do not allow (" + u_plus(bad->value) + ")");
    }
}

// libidn2 says a label holds a disallowed character, not which one: each is tried alone.
std::optional<detail::code_point> first_disallowed(std::string_view label) {
    return detail::first_code_point(
        label, [](const detail::code_point& c) { return idn2_ascii(c.bytes).status == IDN2_DISALLOWED; });
}

[[noreturn]] void refuse_as_libidn2_does(const label_ref& label, int status) {
    switch (status) {
        case IDN2_TOO_BIG_LABEL:
        case IDN2_PUNYCODE_BIG_OUTPUT:  // libidn2 encodes a label into 63 octets at most
            label.refuse(rule::label_too_long, too_long_label);
        case IDN2_DISALLOWED: {
            auto bad = first_disallowed(label.text);
            label.refuse(rule::disallowed_character, "holds a character IDNA2008 does not allow" +
                                                         (bad ? " (" + u_plus(bad->value) + ")" : std::string()));
        }
        case IDN2_HYPHEN_STARTEND:
        case IDN2_2HYPHEN:
            label.refuse(rule::hyphen_placement, std::string("breaks an IDNA2008 rule: ") + idn2_strerror(status));
        default:
            label.refuse(rule::idna2008, std::string("breaks an IDNA2008 rule: ") + idn2_strerror(status));
    }
}

converted_label convert_label(const label_ref& label) {
    if (label.text.empty()) label.refuse(rule::empty_label, "is empty");
    check_host_characters(label, label.text);
    auto ascii = idn2_ascii(label.text);
    if (ascii.status != IDN2_OK) refuse_as_libidn2_does(label, ascii.status);
    check_host_characters(label, ascii.text);  // what the mapping made ASCII ("＿" is '_')
    if (ascii.text.size() > max_label_octets) label.refuse(rule::label_too_long, too_long_label);
    if (!detail::is_ace_label(ascii.text)) return {ascii.text, ascii.text};
    auto unicode = idn2_unicode(ascii.text);
    if (unicode.status != IDN2_OK) refuse_as_libidn2_does(label, unicode.status);
    if (auto mixed = detail::mixed_scripts(unicode.text)) {
        label.refuse(rule::mixed_scripts, "mixes " + std::string(detail::script_name(mixed->first)) + " and " +
                                              std::string(detail::script_name(mixed->second)) + " letters");
    }
    return {std::move(ascii.text), std::move(unicode.text)};
}

struct converted_name {
    std::vector<converted_label> labels;
    bool trailing_dot = false;

    std::string join(std::string converted_label::*form) const {
        std::string joined;
        for (const auto& label : labels) {
            if (!joined.empty()) joined += '.';
            joined += label.*form;
        }
        if (trailing_dot) joined += '.';
        return joined;
    }
};

converted_name convert(std::string_view name) {
    if (name.empty()) throw invalid_name("", rule::empty_name, "the name is empty");
    auto texts = split_labels(name);
    converted_name converted;
    converted.trailing_dot = texts.size() > 1 && texts.back().empty();  // the DNS root: "ya.ru."
    if (converted.trailing_dot) texts.pop_back();
    std::size_t octets = texts.size() - 1;  // the dots between labels
    for (std::size_t i = 0; i < texts.size(); ++i) {
        converted.labels.push_back(convert_label({name, texts[i], i + 1}));
        octets += converted.labels.back().ascii.size();
    }
    if (octets > max_name_octets) {
        throw invalid_name(std::string(name), rule::name_too_long,
                           "it is " + std::to_string(octets) + " octets in ASCII form, longer than 253");
    }
    return converted;
}

}  // namespace

std::string_view to_string(rule broken) noexcept {
    switch (broken) {
        case rule::empty_name: return "empty_name";
        case rule::empty_label: return "empty_label";
        case rule::label_too_long: return "label_too_long";
        case rule::name_too_long: return "name_too_long";
        case rule::disallowed_character: return "disallowed_character";
        case rule::hyphen_placement: return "hyphen_placement";
        case rule::mixed_scripts: return "mixed_scripts";
        case rule::idna2008: break;
    }
    return "idna2008";
}

invalid_name::invalid_name(std::string name, idn::rule broken, const std::string& reason)
    : api::usage_error("Invalid domain name \"" + api::clipped(name, max_quoted_name) + "\": " + reason),
      name_(std::move(name)),
      rule_(broken) {}

std::string to_ascii(std::string_view name) { return convert(name).join(&converted_label::ascii); }

std::string to_unicode(std::string_view name) { return convert(name).join(&converted_label::unicode); }

}  // namespace regru::idn
