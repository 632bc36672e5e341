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

// Whether `word` can be a category or method name: [A-Za-z0-9_]+. Nothing else may reach a
// URL path.
bool is_method_word(std::string_view word) noexcept;
// Whether `path` is "name" or "category/name" made of such words.
bool is_method_path(std::string_view path) noexcept;

}  // namespace regru::api
