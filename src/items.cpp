#include <regru/api/errors.hpp>
#include <regru/api/items.hpp>
#include <regru/api/response.hpp>

#include <array>
#include <charconv>

namespace regru::api {
namespace {

constexpr std::array<std::string_view, 2> service_lists{"domains", "services"};
constexpr std::array<std::string_view, 1> domain_list{"domains"};
constexpr std::array<std::string_view, 1> bill_list{"bills"};
// The answer lists that hold per-item results, in the order item_results walks them.
constexpr std::array<std::string_view, 3> answer_lists{"domains", "services", "bills"};
// What names an item, most specific first.
constexpr std::array<std::string_view, 5> identifying_fields{"dname", "domain_name", "service_id", "bill_id", "id"};

const boost::json::value& null_value() noexcept {
    static const boost::json::value null;
    return null;
}

std::string_view kind_name(const boost::json::value& value) noexcept {
    switch (value.kind()) {
        case boost::json::kind::array: return "a list";
        case boost::json::kind::object: return "an object";
        case boost::json::kind::string: return "a string";
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "a boolean";
        default: return "a number";
    }
}

std::string_view string_field(const boost::json::object& object, std::string_view key) noexcept {
    const auto* field = object.if_contains(key);
    return field != nullptr && field->is_string() ? std::string_view(field->get_string()) : std::string_view();
}

bool failed_action(const boost::json::value& action) noexcept {
    const auto* object = action.if_object();
    if (object == nullptr) return false;
    return !string_field(*object, "error_code").empty() || string_field(*object, "result") == "error";
}

}  // namespace

std::span<const std::string_view> list_params(item_list kind) noexcept {
    switch (kind) {
        case item_list::services: return service_lists;
        case item_list::domains: return domain_list;
        case item_list::bills: return bill_list;
        case item_list::none: break;
    }
    return {};
}

void check_item_lists(const method_ref& method, const params& input) {
    for (std::string_view name : list_params(method.items)) {
        const auto* field = input.if_contains(name);
        if (field == nullptr) continue;
        const auto* list = field->if_array();
        if (list == nullptr) {
            throw usage_error("Parameter '" + std::string(name) + "' of " + std::string(method.path) +
                              " must be a list (a JSON array), not " + std::string(kind_name(*field)) +
                              ": nothing was sent");
        }
        if (method.items == item_list::bills) continue;  // bill ids, or objects naming them
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (!(*list)[i].is_object()) {
                throw usage_error("Item " + std::to_string(i) + " of '" + std::string(name) + "' (" +
                                  std::string(method.path) + ") must be an object such as {\"dname\": ...}, not " +
                                  std::string(kind_name((*list)[i])) + ": nothing was sent");
            }
        }
    }
}

const boost::json::value& value_at(const boost::json::value& root, std::string_view path) noexcept {
    const boost::json::value* at = &root;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string_view step = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        if (const auto* object = at->if_object()) {
            at = object->if_contains(step);
        } else if (const auto* list = at->if_array()) {
            std::size_t index = 0;
            auto [end, error] = std::from_chars(step.data(), step.data() + step.size(), index);
            at = error == std::errc() && end == step.data() + step.size() && index < list->size() ? &(*list)[index]
                                                                                                  : nullptr;
        } else {
            at = nullptr;
        }
        if (at == nullptr) return null_value();
    }
    return *at;
}

std::string item_result::id() const {
    for (std::string_view key : identifying_fields) {
        const auto* field = item_->if_contains(key);
        if (field == nullptr || field->is_null()) continue;
        if (auto text = value_as<std::string>(*field, key); text && !text->empty()) return *text;
    }
    return {};
}

std::string_view item_result::result() const noexcept { return string_field(*item_, "result"); }

std::string_view item_result::error_code() const noexcept { return string_field(*item_, "error_code"); }

std::string_view item_result::error_text() const noexcept {
    if (!failed()) return {};
    std::string_view text = string_field(*item_, "error_text");
    if (!text.empty()) return text;
    return result() != "error" ? result() : std::string_view();
}

bool item_result::failed() const noexcept {
    if (!error_code().empty() || result() == "error") return true;
    const auto* actions = item_->if_contains("action_list");
    if (actions == nullptr || !actions->is_array()) return false;
    for (const auto& action : actions->get_array()) {
        if (failed_action(action)) return true;
    }
    return false;
}

const boost::json::value& item_result::get(std::string_view path) const noexcept {
    auto slash = path.find('/');
    const auto* first = item_->if_contains(path.substr(0, slash));
    if (first == nullptr) return null_value();
    return slash == std::string_view::npos ? *first : value_at(*first, path.substr(slash + 1));
}

item_results::item_results(const boost::json::value& answer) {
    const auto* object = answer.if_object();
    if (object == nullptr) return;
    for (std::string_view name : answer_lists) {
        const auto* list = object->if_contains(name);
        if (list == nullptr || !list->is_array()) continue;
        const auto& items = list->get_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (const auto* item = items[i].if_object()) items_.emplace_back(*item, name, i);
        }
    }
}

item_results::item_results(const response& answer)
    : item_results(answer.bulk() != nullptr && !answer.is_success() ? answer.bulk()->processed : answer.answer()) {}

bool item_results::all_succeeded() const noexcept {
    for (const auto& item : items_) {
        if (item.failed()) return false;
    }
    return true;
}

std::vector<item_result> item_results::failed() const {
    std::vector<item_result> out;
    for (const auto& item : items_) {
        if (item.failed()) out.push_back(item);
    }
    return out;
}

}  // namespace regru::api
