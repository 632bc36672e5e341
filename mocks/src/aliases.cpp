#include <regru/mocks/aliases.hpp>

namespace regru::mocks {

const boost::json::value* find_aliased(const boost::json::object& object, std::string_view name) {
    if (const auto* value = object.if_contains(name)) return value;
    for (const auto& [one, other] : parameter_aliases) {
        std::string_view alias = name == one ? other : name == other ? one : std::string_view{};
        if (alias.empty()) continue;
        if (const auto* value = object.if_contains(alias)) return value;
    }
    return nullptr;
}

}  // namespace regru::mocks
