// A string usable as a template argument: method names are compile-time values, so that
// `view.call<"add_alias">()` can be checked against a category's table while compiling.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace regru::api {

template <std::size_t N>
struct fixed_string {
    char chars[N]{};  // the characters and a terminating NUL

    constexpr fixed_string(const char (&text)[N]) { std::copy_n(text, N, chars); }
    constexpr fixed_string() = default;

    constexpr std::string_view view() const { return {chars, N - 1}; }
    constexpr std::size_t size() const { return N - 1; }
};

template <std::size_t N>
fixed_string(const char (&)[N]) -> fixed_string<N>;

// "zone" + "add_alias" -> "zone/add_alias"; an empty category (the uncategorised methods)
// gives the bare name.
template <fixed_string Category, fixed_string Name>
constexpr auto join_path() {
    if constexpr (Category.size() == 0) {
        return Name;
    } else {
        fixed_string<Category.size() + 1 + Name.size() + 1> path;
        std::copy_n(Category.chars, Category.size(), path.chars);
        path.chars[Category.size()] = '/';
        std::copy_n(Name.chars, Name.size(), path.chars + Category.size() + 1);
        return path;
    }
}

}  // namespace regru::api
