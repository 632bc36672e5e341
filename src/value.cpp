#include <regru/api/errors.hpp>
#include <regru/api/value.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

namespace regru::api {
namespace {

[[noreturn]] void cannot_read(std::string_view what, std::string_view as,
                              const boost::json::value& value) {
    std::string kind = value.is_string() ? "a string" : value.is_bool() ? "a boolean"
                     : value.is_array()  ? "an array" : value.is_object() ? "an object"
                                         : "a number";
    throw bad_value("answer field '" + std::string(what) + "' cannot be read as " +
                    std::string(as) + ": it is " + kind + " that does not hold one in range");
}

// The whole of `text` parsed by from_chars, or nothing.
template <class T>
std::optional<T> parse_all(std::string_view text) {
    T parsed{};
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, parsed);
    if (error != std::errc{} || stop != end || text.empty()) return std::nullopt;
    return parsed;
}

template <class Int>
std::optional<Int> integer_from(const boost::json::value& value) {
    if (value.is_string()) return parse_all<Int>(value.get_string());
    if (!value.is_number()) return std::nullopt;
    boost::json::error_code ec;
    Int number = value.to_number<Int>(ec);  // exact: rejects fractions and out-of-range values
    if (ec) return std::nullopt;
    return number;
}

std::optional<double> double_from(const boost::json::value& value) {
    if (value.is_string()) {
        // from_chars also reads "nan" and "inf", and overflows to an infinity: no amount is.
        auto number = parse_all<double>(value.get_string());
        return number && std::isfinite(*number) ? number : std::nullopt;
    }
    if (!value.is_number()) return std::nullopt;
    return value.to_number<double>();
}

std::optional<bool> bool_from(const boost::json::value& value) {
    if (value.is_bool()) return value.get_bool();
    if (value.is_string()) {
        std::string_view text = value.get_string();
        if (text == "1" || text == "true") return true;
        if (text == "0" || text == "false") return false;
        return std::nullopt;
    }
    if (auto number = integer_from<long long>(value); number && (*number == 0 || *number == 1)) {
        return *number == 1;
    }
    return std::nullopt;
}

template <class T>
std::string decimal(T number) {
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    return std::string(buffer, result.ptr);
}

std::optional<std::string> string_from(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::string: return std::string(value.get_string());
        case boost::json::kind::int64: return decimal(value.get_int64());
        case boost::json::kind::uint64: return decimal(value.get_uint64());
        case boost::json::kind::double_: return decimal(value.get_double());  // shortest form
        default: return std::nullopt;
    }
}

template <class T>
std::optional<T> convert(const boost::json::value& value) {
    if constexpr (std::is_same_v<T, std::string>) return string_from(value);
    else if constexpr (std::is_same_v<T, bool>) return bool_from(value);
    else if constexpr (std::is_same_v<T, double>) return double_from(value);
    else return integer_from<T>(value);
}

template <class T>
constexpr std::string_view type_name() {
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    else if constexpr (std::is_same_v<T, bool>) return "a boolean";
    else if constexpr (std::is_same_v<T, double>) return "a number";
    else if constexpr (std::is_signed_v<T>) return "an integer";
    else return "an unsigned integer";
}

}  // namespace

template <readable_value T>
std::optional<T> value_as(const boost::json::value& value, std::string_view what) {
    if (value.is_null()) return std::nullopt;
    if (auto converted = convert<T>(value)) return converted;
    cannot_read(what, type_name<T>(), value);
}

template std::optional<std::string> value_as(const boost::json::value&, std::string_view);
template std::optional<bool> value_as(const boost::json::value&, std::string_view);
template std::optional<double> value_as(const boost::json::value&, std::string_view);
template std::optional<int> value_as(const boost::json::value&, std::string_view);
template std::optional<long> value_as(const boost::json::value&, std::string_view);
template std::optional<long long> value_as(const boost::json::value&, std::string_view);
template std::optional<unsigned> value_as(const boost::json::value&, std::string_view);
template std::optional<unsigned long> value_as(const boost::json::value&, std::string_view);
template std::optional<unsigned long long> value_as(const boost::json::value&, std::string_view);

}  // namespace regru::api
