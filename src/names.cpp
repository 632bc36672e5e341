#include <regru/api/names.hpp>

namespace regru::api {
namespace {

void convert_fields(boost::json::object& object, const name_converter& names) {
    for (auto& field : object) {
        if (auto* text = field.value().if_string(); text && is_domain_name_field(field.key())) {
            *text = names.to_ascii(*text);
        }
    }
}

}  // namespace

bool is_domain_name_field(std::string_view key) noexcept { return key == "dname" || key == "domain_name"; }

void convert_domain_names(params& input, const name_converter& names) {
    convert_fields(input, names);
    for (auto& field : input) {
        auto* list = field.value().if_array();
        if (list == nullptr) continue;
        for (auto& item : *list) {
            if (auto* object = item.if_object()) convert_fields(*object, names);
        }
    }
}

}  // namespace regru::api
