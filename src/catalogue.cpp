#include <regru/api/catalogue.hpp>
#include <regru/api/methods.hpp>

#include <boost/hana/drop_front.hpp>
#include <boost/hana/unpack.hpp>

#include <algorithm>
#include <cctype>
#include <array>

namespace regru::api {
namespace {

template <class Table>
constexpr auto refs_of(boost::hana::basic_type<Table>) {
    return boost::hana::unpack(Table::methods, [](auto... spec) {
        return std::array<method_ref, sizeof...(spec)>{decltype(spec)::ref...};
    });
}

template <std::size_t... N>
constexpr auto concat(const std::array<method_ref, N>&... parts) {
    std::array<method_ref, (N + ...)> all{};
    auto out = all.begin();
    ((out = std::copy(parts.begin(), parts.end(), out)), ...);
    return all;
}

constexpr auto all_methods = boost::hana::unpack(
    all_tables, [](auto... table) { return concat(refs_of(table)...); });

constexpr auto all_categories = boost::hana::unpack(
    boost::hana::drop_front(all_tables), [](auto... table) {
        return std::array<std::string_view, sizeof...(table)>{decltype(table)::type::name...};
    });

}  // namespace

std::span<const method_ref> known_methods() noexcept { return all_methods; }

std::span<const std::string_view> known_categories() noexcept { return all_categories; }

bool is_method_word(std::string_view word) noexcept {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_';
    });
}

bool is_method_path(std::string_view path) noexcept {
    auto slash = path.find('/');
    if (slash == std::string_view::npos) return is_method_word(path);
    return is_method_word(path.substr(0, slash)) && is_method_word(path.substr(slash + 1));
}

std::optional<method_ref> find_method(std::string_view path) noexcept {
    auto found = std::find_if(all_methods.begin(), all_methods.end(),
                              [&](const method_ref& m) { return m.path == path; });
    if (found == all_methods.end()) return std::nullopt;
    return *found;
}

}  // namespace regru::api
