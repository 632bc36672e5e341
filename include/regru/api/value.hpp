// Reading answer values tolerantly. The live service sends the same field as a number in one
// mode and as a string in another (service_id: 12345 in test mode, "12345678" in production),
// so ids, counts and money are read from either.
#pragma once

#include <boost/json/value.hpp>

#include <concepts>
#include <optional>
#include <string>
#include <string_view>

namespace regru::api {

template <class T>
concept readable_value =
    std::same_as<T, std::string> || std::same_as<T, bool> || std::same_as<T, double> ||
    std::same_as<T, int> || std::same_as<T, long> || std::same_as<T, long long> ||
    std::same_as<T, unsigned> || std::same_as<T, unsigned long> ||
    std::same_as<T, unsigned long long>;

// `value` as T:
// - null (or an absent field) gives nullopt;
// - integers from integers, from whole doubles and from strings of decimal digits;
// - double from any number and from a decimal string ("19.95"), never NaN or an infinity;
// - bool from true/false, 0/1 and "0"/"1"/"true"/"false";
// - std::string from a string, or from a number written in decimal;
// anything else, or out of range, throws bad_value naming `what` (never the value itself,
// which might be a secret such as an authinfo code).
template <readable_value T>
std::optional<T> value_as(const boost::json::value& value, std::string_view what);

}  // namespace regru::api
