#include <regru/signing/hash.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace regru::signing {
namespace {

struct hash_name {
    hash value;
    std::string_view name, hyphenated;
};

constexpr std::array<hash_name, 3> hash_names{{
    {hash::sha1, "sha1", "sha-1"},
    {hash::sha256, "sha256", "sha-256"},
    {hash::sha512, "sha512", "sha-512"},
}};

std::string lower_case(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

}  // namespace

hash parse_hash(std::string_view name) {
    std::string lower = lower_case(name);
    for (const auto& known : hash_names) {
        if (lower == known.name || lower == known.hyphenated) return known.value;
    }
    throw signing_error("unknown hash '" + std::string(name) +
                        "': the accepted ones are sha1, sha256 and sha512 (also written SHA-1, SHA-256, SHA-512)");
}

std::string_view to_string(hash h) noexcept {
    for (const auto& known : hash_names) {
        if (known.value == h) return known.name;
    }
    return "?";
}

}  // namespace regru::signing
