// The run-time view of the method tables: every method the library knows, for tools that
// pick a method from a string (the `regru` command line) and for listing.
#pragma once

#include <regru/api/method.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace regru::api {

// Every known method: the uncategorised ones first, then by category as in methods.hpp,
// alphabetically inside a category.
std::span<const method_ref> known_methods() noexcept;

// The categories, in the same order ("" is not included).
std::span<const std::string_view> known_categories() noexcept;

// "nop" or "zone/add_alias" -> the method, if the tables list it.
std::optional<method_ref> find_method(std::string_view path) noexcept;

}  // namespace regru::api
