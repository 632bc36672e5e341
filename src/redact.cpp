#include <regru/api/redact.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace regru::api {
namespace {

bool same_letter(char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool contains(std::string_view text, std::string_view part) {
    return std::search(text.begin(), text.end(), part.begin(), part.end(), same_letter) != text.end();
}

}  // namespace

bool is_secret_field(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 7> marks{
        "password", "passwd", "authinfo", "secret", "token", "passphrase", "key"};
    if (name.size() == 3 && contains(name, "sig")) return true;
    return std::any_of(marks.begin(), marks.end(),
                       [&](std::string_view mark) { return contains(name, mark); });
}

}  // namespace regru::api
