#include <regru/api/redact.hpp>

#include <regru/api/value.hpp>

#include <boost/uuid/detail/sha1.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace regru::api {
namespace {

namespace json = boost::json;

constexpr std::size_t shortest_scrubbed = 4;

std::string lower_case(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> lower_case(const std::vector<std::string>& texts) {
    std::vector<std::string> out;
    for (const auto& text : texts) {
        if (!text.empty()) out.push_back(lower_case(text));
    }
    return out;
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool has_fragment(const std::vector<std::string>& fragments, std::string_view name) {
    return std::any_of(fragments.begin(), fragments.end(),
                       [&](const std::string& fragment) { return name.find(fragment) != std::string_view::npos; });
}

using sha1 = boost::uuids::detail::sha1;

std::array<unsigned char, 20> digest_bytes(sha1& hash) {
    sha1::digest_type words;
    hash.get_digest(words);
    std::array<unsigned char, 20> bytes{};
    for (std::size_t i = 0; i < 5; ++i) {
        for (std::size_t b = 0; b < 4; ++b) bytes[4 * i + b] = static_cast<unsigned char>(words[i] >> (24 - 8 * b));
    }
    return bytes;
}

// HMAC-SHA-1 (RFC 2104): enough to make equal values recognisable without showing them.
std::array<unsigned char, 20> hmac_sha1(std::string_view key, std::string_view text) {
    constexpr std::size_t block = 64;
    std::array<unsigned char, block> padded{};
    if (key.size() > block) {
        sha1 hash;
        hash.process_bytes(key.data(), key.size());
        auto digest = digest_bytes(hash);
        std::copy(digest.begin(), digest.end(), padded.begin());
    } else {
        std::copy(key.begin(), key.end(), padded.begin());
    }
    auto keyed = [&](unsigned char pad) {
        std::array<unsigned char, block> out{};
        for (std::size_t i = 0; i < block; ++i) out[i] = padded[i] ^ pad;
        return out;
    };
    sha1 inner;
    auto inner_pad = keyed(0x36);
    inner.process_bytes(inner_pad.data(), block);
    inner.process_bytes(text.data(), text.size());
    auto inner_digest = digest_bytes(inner);
    sha1 outer;
    auto outer_pad = keyed(0x5c);
    outer.process_bytes(outer_pad.data(), block);
    outer.process_bytes(inner_digest.data(), inner_digest.size());
    return digest_bytes(outer);
}

// A scalar as text, for hashing and scrubbing: strings as they are, numbers as written.
std::optional<std::string> scalar_text(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_number()) return value_as<std::string>(value, "");
    return std::nullopt;
}

}  // namespace

bool is_redaction_marker(std::string_view text) noexcept {
    if (text == redacted) return true;
    return text.size() == redacted.size() + 9 && text.starts_with("<redacted:") && text.back() == '>';
}

std::vector<std::string> default_secret_fields() {
    return {"password", "passwd", "passphrase", "authinfo", "auth_info", "secret", "token", "key"};
}

std::vector<std::string> default_personal_fields() {
    return {"passport", "birth", "person", "first_name", "last_name", "middle_name", "phone", "fax",
            "mail",     "addr",  "street", "city",      "postcode",  "zipcode",     "post_code"};
}

redactor::redactor() : redactor(redaction_rules{}) {}

redactor::redactor(redaction_rules rules) : rules_(std::move(rules)) {
    folded_.fragments = lower_case(rules_.secret_fields);
    auto personal = lower_case(rules_.personal_fields);
    folded_.fragments.insert(folded_.fragments.end(), personal.begin(), personal.end());
    folded_.exact = lower_case(rules_.exact_fields);
    folded_.shown = lower_case(rules_.always_shown);
    if (rules_.only_shown) folded_.only_shown = lower_case(*rules_.only_shown);
}

bool redactor::hides(std::string_view field) const {
    std::string name = lower_case(field);  // names are short: no allocation, as a rule
    if (folded_.only_shown) return !listed(*folded_.only_shown, name);
    if (listed(folded_.shown, name)) return false;
    return listed(folded_.exact, name) || has_fragment(folded_.fragments, name);
}

std::string redactor::hash_of(std::string_view text) const {
    auto digest = hmac_sha1(rules_.hash_key, text);
    char hex[9];
    std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    return hex;
}

json::value redactor::marker(const json::value& value) const {
    switch (value.kind()) {
        case json::kind::null:
            return nullptr;
        case json::kind::bool_:
            return false;
        case json::kind::string:
            if (is_redaction_marker(value.get_string())) return value;
            if (rules_.hash_key.empty()) return json::string(redacted);
            return json::string("<redacted:" + hash_of(value.get_string()) + ">");
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            if (rules_.hash_key.empty()) return 0;
            return std::stoll(hash_of(*scalar_text(value)), nullptr, 16);
        case json::kind::array: {
            json::array out;
            for (const auto& item : value.get_array()) out.push_back(marker(item));
            return out;
        }
        case json::kind::object: {
            json::object out;
            for (const auto& [name, item] : value.get_object()) out[name] = marker(item);
            return out;
        }
    }
    return nullptr;
}

json::object redactor::redact(const json::object& document) const {
    json::object out;
    out.reserve(document.size());
    for (const auto& [name, item] : document) {
        if (hides(name)) {
            out[name] = marker(item);
        } else {
            out[name] = redact(item);
        }
    }
    return out;
}

json::value redactor::redact(const json::value& document) const {
    if (document.is_object()) return redact(document.get_object());
    if (document.is_array()) {
        json::array out;
        out.reserve(document.get_array().size());
        for (const auto& item : document.get_array()) out.push_back(redact(item));
        return out;
    }
    return document;
}

void redactor::collect(const json::value& document, bool hidden, std::vector<std::string>& out) const {
    if (document.is_object()) {
        for (const auto& [name, item] : document.get_object()) collect(item, hidden || hides(name), out);
    } else if (document.is_array()) {
        for (const auto& item : document.get_array()) collect(item, hidden, out);
    } else if (hidden) {
        auto text = scalar_text(document);
        if (text && text->size() >= shortest_scrubbed && !is_redaction_marker(*text)) out.push_back(std::move(*text));
    }
}

std::vector<std::string> redactor::hidden_values(const json::value& document) const {
    std::vector<std::string> out;
    collect(document, false, out);
    add_hidden_values(out, {});
    return out;
}

std::vector<std::string> redactor::hidden_values(const json::object& document) const {
    std::vector<std::string> out;
    for (const auto& [name, item] : document) collect(item, hides(name), out);
    add_hidden_values(out, {});
    return out;
}

void add_hidden_values(std::vector<std::string>& hidden, std::vector<std::string> more) {
    hidden.insert(hidden.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    // Longest first, so that a value inside a longer one does not break the longer one up.
    std::sort(hidden.begin(), hidden.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    hidden.erase(std::unique(hidden.begin(), hidden.end()), hidden.end());
}

std::string scrub(std::string_view text, const std::vector<std::string>& secrets) {
    std::string out(text);
    for (const auto& secret : secrets) {
        if (secret.size() < shortest_scrubbed) continue;
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + redacted.size())) {
            out.replace(at, secret.size(), redacted);
        }
    }
    return out;
}

namespace {

// error_text, body_text, text, message: where a service writes prose around what it was sent.
bool is_text_field(std::string_view name) {
    return name.ends_with("_text") || name == "text" || name == "message";
}

void scrub_strings(json::value& document, const std::vector<std::string>& secrets) {
    if (document.is_object()) {
        for (auto& member : document.get_object()) scrub_strings(member.value(), secrets);
    } else if (document.is_array()) {
        for (auto& item : document.get_array()) scrub_strings(item, secrets);
    } else if (document.is_string() && !is_redaction_marker(document.get_string())) {
        document = scrub(document.get_string(), secrets);
    }
}

}  // namespace

void scrub_texts(json::value& document, const std::vector<std::string>& secrets) {
    if (document.is_object()) {
        for (auto& member : document.get_object()) {
            if (is_text_field(member.key())) {
                scrub_strings(member.value(), secrets);
            } else {
                scrub_texts(member.value(), secrets);
            }
        }
    } else if (document.is_array()) {
        for (auto& item : document.get_array()) scrub_texts(item, secrets);
    }
}

std::string clipped(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return std::string(text);
    std::size_t end = limit;
    // Step back over UTF-8 continuation bytes so that no character is cut in two.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "...";
}

bool is_secret_field(std::string_view name) {
    static const redactor defaults;
    return defaults.hides(name);
}

}  // namespace regru::api
