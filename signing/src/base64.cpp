#include "base64.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace regru::signing::detail {
namespace {

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

bool is_base64_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string base64_encoded(std::string_view bytes) {
    // EVP_EncodeBlock writes one line, no newlines, and a terminating NUL.
    std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), bytes_of(bytes),
                                  static_cast<int>(bytes.size()));
    text.resize(static_cast<std::size_t>(written));
    return text;
}

std::optional<std::string> base64_decoded(std::string_view text) {
    // EVP_DecodeBlock forgives surrounding blanks and counts padding as zero bytes: check the
    // shape first, then take the padding off its result.
    std::size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
    std::string_view body = text.substr(0, text.size() - padding);
    if (text.empty() || text.size() % 4 != 0 || !std::all_of(body.begin(), body.end(), is_base64_character)) {
        return std::nullopt;
    }
    std::string bytes(text.size() / 4 * 3, '\0');
    int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()), bytes_of(text),
                                  static_cast<int>(text.size()));
    if (decoded < 0) return std::nullopt;
    bytes.resize(static_cast<std::size_t>(decoded) - padding);
    return bytes;
}

}  // namespace regru::signing::detail
