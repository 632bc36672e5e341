// Parameter names REG.API reads as one: the documentation's service identification names
// `domain_name` "also `dname`". The one list, used by the matcher (recordings.hpp), the
// validation (validation.hpp) and the per-item answers.
#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <string_view>
#include <utility>

namespace regru::mocks {

// {name, the other name of the same parameter}; both directions hold.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 1> parameter_aliases{{
    {"domain_name", "dname"},
}};

// The value of `name` in `object`, or of one of its aliases when `name` itself is absent;
// nullptr when neither is there.
const boost::json::value* find_aliased(const boost::json::object& object, std::string_view name);

}  // namespace regru::mocks
