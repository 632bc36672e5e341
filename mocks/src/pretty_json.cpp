#include <regru/mocks/pretty_json.hpp>

#include <boost/json/serialize.hpp>

#include <charconv>
#include <string_view>

namespace regru::mocks {
namespace {

namespace json = boost::json;

constexpr std::size_t indent_width = 2;

void new_line(std::string& out, std::size_t level) {
    out += '\n';
    out.append(indent_width * level, ' ');
}

// The shortest text that reads back as the same double, and as a double: "225.0", "0.1", "1e+21".
void append_double(std::string& out, double number) {
    char text[32];
    auto end = std::to_chars(text, text + sizeof text, number).ptr;
    std::string_view written(text, static_cast<std::size_t>(end - text));
    out += written;
    if (written.find_first_of(".e") == std::string_view::npos) out += ".0";
}

// `open`, then each item on a line of its own one level deeper, then `close` on a line at
// `level`; "{}" or "[]" when there are no items.
template <class Items, class AppendItem>
void append_block(std::string& out, char open, char close, const Items& items, std::size_t level,
                  AppendItem&& append_item) {
    out += open;
    const char* separator = "";
    for (const auto& item : items) {
        out += separator;
        separator = ",";
        new_line(out, level + 1);
        append_item(item);
    }
    if (!items.empty()) new_line(out, level);
    out += close;
}

}  // namespace

void append_pretty_json(std::string& out, const json::value& value, std::size_t level) {
    switch (value.kind()) {
        case json::kind::object:
            return append_block(out, '{', '}', value.get_object(), level, [&](const json::key_value_pair& member) {
                out += json::serialize(member.key());
                out += ": ";
                append_pretty_json(out, member.value(), level + 1);
            });
        case json::kind::array:
            return append_block(out, '[', ']', value.get_array(), level,
                                [&](const json::value& item) { append_pretty_json(out, item, level + 1); });
        case json::kind::double_: return append_double(out, value.get_double());
        default: out += json::serialize(value);
    }
}

std::string pretty_json(const json::value& value, std::size_t level) {
    std::string out;
    append_pretty_json(out, value, level);
    return out;
}

}  // namespace regru::mocks
