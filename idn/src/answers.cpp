// The library at the core's two ends: the name converter the client calls with the params, and
// the Unicode forms added to an answer.
#include <regru/idn/idn.hpp>

#include "labels.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace regru::idn {
namespace {

namespace json = boost::json;

class idn_converter final : public api::name_converter {
public:
    std::string to_ascii(std::string_view name) const override { return idn::to_ascii(name); }
    std::string to_unicode(std::string_view name) const override { return idn::to_unicode(name); }
};

bool is_ascii(std::string_view text) noexcept {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

// An ASCII name with at least one punycode label: the only ones whose Unicode form differs.
bool has_ace_label(std::string_view name) noexcept {
    if (!is_ascii(name)) return false;
    for (std::size_t start = 0; start <= name.size();) {
        std::size_t dot = std::min(name.find('.', start), name.size());
        if (detail::is_ace_label(name.substr(start, dot - start))) return true;
        start = dot + 1;
    }
    return false;
}

// The Unicode form of a field that holds a domain name in ASCII form with a punycode label.
std::optional<std::string> unicode_form(const json::key_value_pair& field) {
    const auto* text = field.value().if_string();
    if (!text || !api::is_domain_name_field(field.key()) || !has_ace_label(*text)) return std::nullopt;
    try {
        return to_unicode(*text);
    } catch (const invalid_name&) {
        return std::nullopt;  // the service's name, shown as it sent it
    }
}

void add_to_object(json::object& object) {
    std::vector<std::pair<std::string, std::string>> added;  // after the walk: inserting moves fields
    for (auto& field : object) {
        add_unicode_names(field.value());
        if (auto unicode = unicode_form(field)) added.emplace_back(std::string(field.key()) + "_unicode", *unicode);
    }
    for (auto& [key, unicode] : added) object[key] = unicode;
}

}  // namespace

std::shared_ptr<const api::name_converter> converter() {
    static const auto shared = std::make_shared<const idn_converter>();
    return shared;
}

void add_unicode_names(json::value& answer) {
    if (auto* object = answer.if_object()) {
        add_to_object(*object);
    } else if (auto* list = answer.if_array()) {
        for (auto& item : *list) add_unicode_names(item);
    }
}

}  // namespace regru::idn
