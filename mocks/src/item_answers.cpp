#include "item_answers.hpp"

#include <regru/mocks/aliases.hpp>

#include <regru/api/items.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>

namespace regru::mocks::detail {
namespace {

namespace json = boost::json;

// What names an item; an answer item names its domain as dname.
constexpr std::array<std::string_view, 2> item_names{"dname", "service_id"};

// One answer item for a requested item: the shape with the request's names put in.
json::object item_for(const json::object& shape, const json::value& requested) {
    json::object item = shape;
    if (!requested.is_object()) return item;
    for (auto name : item_names) {
        const json::value* value = find_aliased(requested.get_object(), name);
        if (value != nullptr) {
            item[name] = *value;
        } else if (name == "dname") {
            item.erase(name);  // a service named by id only: the shape's domain is not its own
        }
    }
    return item;
}

// The list of `answer` to rebuild from `requested`, or nullptr.
json::array* answer_list(json::value& envelope, std::string_view list) {
    if (!envelope.is_object()) return nullptr;
    auto* answer = envelope.get_object().if_contains("answer");
    auto* items = answer && answer->is_object() ? answer->get_object().if_contains(list) : nullptr;
    if (items == nullptr || !items->is_array() || items->get_array().empty()) return nullptr;
    return items->get_array().front().is_object() ? &items->get_array() : nullptr;
}

}  // namespace

std::string with_requested_items(const std::string& body, const recording& found, const recorded_request& request) {
    for (auto list : api::list_params(api::item_list::services)) {
        const auto* requested = request.input_data.if_contains(list);
        if (requested == nullptr || !requested->is_array() || found.input_data.contains(list)) continue;
        boost::system::error_code ec;
        json::value envelope = json::parse(body, ec);
        json::array* items = ec ? nullptr : answer_list(envelope, list);
        if (items == nullptr) continue;
        json::object shape = items->front().get_object();
        items->clear();
        for (const auto& item : requested->get_array()) items->push_back(item_for(shape, item));
        return json::serialize(envelope);
    }
    return body;
}

}  // namespace regru::mocks::detail
