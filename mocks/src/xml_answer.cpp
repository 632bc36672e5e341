#include <regru/mocks/xml_answer.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <vector>

namespace regru::mocks {
namespace {

namespace json = boost::json;

bool is_scalar(const json::value& value) { return !value.is_object() && !value.is_array(); }

std::string scalar_text(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_bool()) return value.get_bool() ? "1" : "0";
    if (value.is_null()) return {};
    return json::serialize(value);
}

void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
}

// The object's members whose values are (or are not) scalars, sorted by name.
std::vector<const json::key_value_pair*> members(const json::object& object, bool scalars) {
    std::vector<const json::key_value_pair*> chosen;
    for (const auto& member : object) {
        if (is_scalar(member.value()) == scalars) chosen.push_back(&member);
    }
    std::ranges::sort(chosen, {}, [](const json::key_value_pair* member) { return member->key(); });
    return chosen;
}

void write_value(std::string& out, std::string_view name, const json::value& value, const std::string& indent);

void write_object(std::string& out, std::string_view name, const json::object& object, const std::string& indent) {
    out += indent + "<" + std::string(name);
    for (const auto* attribute : members(object, true)) {
        out += " " + std::string(attribute->key()) + "=\"";
        append_escaped(out, scalar_text(attribute->value()));
        out += "\"";
    }
    auto children = members(object, false);
    if (children.empty()) {
        out += " />\n";
        return;
    }
    out += ">\n";
    for (const auto* child : children) write_value(out, child->key(), child->value(), indent + "  ");
    out += indent + "</" + std::string(name) + ">\n";
}

// `value` as the element(s) `name`: an object one element, an array its items repeated.
void write_value(std::string& out, std::string_view name, const json::value& value, const std::string& indent) {
    if (const auto* object = value.if_object()) return write_object(out, name, *object, indent);
    if (const auto* array = value.if_array()) {
        for (const auto& item : *array) write_value(out, name, item, indent);
        return;
    }
    out += indent + "<" + std::string(name) + ">";
    append_escaped(out, scalar_text(value));
    out += "</" + std::string(name) + ">\n";
}

}  // namespace

std::string xml_answer(const boost::json::value& envelope) {
    std::string out;
    write_value(out, "opt", envelope, "");
    return out;
}

}  // namespace regru::mocks
