#include <regru/api/sign.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

namespace regru::api {
namespace {

using named_value = std::pair<std::string, std::string>;

// A floating-point number as people write it, "1.5" (Boost.JSON would write "1.5E0"): the
// shortest text that reads back as the same number.
std::string shortest(double number) {
    std::array<char, 32> text{};
    auto [end, error] = std::to_chars(text.data(), text.data() + text.size(), number);
    return error == std::errc() ? std::string(text.data(), end) : boost::json::serialize(boost::json::value(number));
}

// Every non-empty scalar under `value`, named by its path from the top.
void collect(const boost::json::value& value, const std::string& name, std::vector<named_value>& out) {
    if (const auto* object = value.if_object()) {
        for (const auto& field : *object) collect(field.value(), name + "." + std::string(field.key()), out);
    } else if (const auto* list = value.if_array()) {
        for (std::size_t i = 0; i < list->size(); ++i) collect((*list)[i], name + "." + std::to_string(i), out);
    } else if (const auto* text = value.if_string()) {
        if (!text->empty()) out.emplace_back(name, std::string(*text));
    } else if (const auto* number = value.if_double()) {
        out.emplace_back(name, shortest(*number));
    } else if (!value.is_null()) {
        out.emplace_back(name, boost::json::serialize(value));
    }
}

}  // namespace

std::string signed_text(std::string_view username, const params& input) {
    std::vector<named_value> values;
    if (!username.empty()) values.emplace_back("username", std::string(username));
    for (const auto& field : input) collect(field.value(), std::string(field.key()), values);
    std::stable_sort(values.begin(), values.end(),
                     [](const named_value& a, const named_value& b) { return a.first < b.first; });
    std::string text;
    for (const auto& [name, value] : values) {
        if (!text.empty()) text += ';';
        text += value;
    }
    return text;
}

}  // namespace regru::api
