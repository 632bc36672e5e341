// The machinery behind the per-category method tables.
//
// Each category header lists its methods once, as an X-macro:
//
//     #define REGRU_API_ZONE_METHODS(X) X(add_aaaa, clients, write, services) X(nop, clients, read, none) ...
//
// (member name, who may call it, what it does: read, write or charges, and which list of
// items it takes: none, services, domains or bills; see method.hpp)
//
// and that one list produces both
//   - the compile-time table, a Boost.Hana tuple of method_spec (REGRU_API_TABLE_ENTRY), used
//     for dispatch by name (`call<"add_alias">`), listing and tests, and
//   - the named member functions of the category's view (REGRU_API_NAMED_METHOD), each of
//     which dispatches through the table, so a name that is not in the table cannot compile.
//
// A method whose name is a C++ keyword is listed with a trailing underscore (`delete_`): the
// member is `bill().delete_()`, the method on the wire is "delete".
#pragma once

#include <regru/api/fixed_string.hpp>
#include <regru/api/method.hpp>
#include <regru/api/options.hpp>
#include <regru/api/params.hpp>
#include <regru/api/response.hpp>

#include <boost/hana/bool.hpp>
#include <boost/hana/find_if.hpp>
#include <boost/hana/optional.hpp>
#include <boost/hana/tuple.hpp>

#include <type_traits>

namespace regru::api {

namespace detail {

// "delete_" -> "delete"; any other name unchanged.
template <fixed_string Member>
constexpr auto wire_name() {
    if constexpr (Member.size() > 0 && Member.chars[Member.size() - 1] == '_') {
        fixed_string<Member.size()> name;  // one character shorter, plus the NUL
        std::copy_n(Member.chars, Member.size() - 1, name.chars);
        return name;
    } else {
        return Member;
    }
}

template <fixed_string Member, access_level Access, effect Effect, item_list Items>
struct table_entry {
    static constexpr auto name = wire_name<Member>();
    static constexpr access_level access = Access;
    static constexpr api::effect effect = Effect;
    static constexpr item_list items = Items;
};

}  // namespace detail

// One category's compile-time table: its name and a Hana tuple of method_spec.
template <fixed_string Category, class... Entries>
struct category_table {
    static constexpr std::string_view name = Category.view();
    static constexpr auto methods =
        boost::hana::make_tuple(method_spec<Category, Entries::name, Entries::access, Entries::effect, Entries::items>{}...);
    static constexpr std::size_t size = sizeof...(Entries);
};

// The method_ref of `Name` in `Table`; a name the table does not list stops the build here.
template <class Table, fixed_string Name>
constexpr method_ref method_of() {
    constexpr auto found = boost::hana::find_if(Table::methods, [](auto spec) {
        return boost::hana::bool_c<decltype(spec)::name == Name.view()>;
    });
    static_assert(decltype(boost::hana::is_just(found))::value,
                  "regru::api: this method is not in the category's table (see docs/methods.md). "
                  "For a method the library does not know yet, use "
                  "client.call(category, method, params).");
    return std::remove_cvref_t<decltype(*found)>::ref;
}

// Dispatch by name for a class that can `invoke` a method_ref: the category views and, for
// the uncategorised methods, the client itself.
template <class Derived, class Table>
class methods_of {
public:
    using table = Table;

    template <fixed_string Name>
    response call(const params& input = {}, const call_options& per_call = {}) const {
        return static_cast<const Derived&>(*this).invoke(method_of<Table, Name>(), input, per_call);
    }
};

// A category of a client, as `client.zone()` returns it. It refers to the client and holds
// nothing else, so it always sees the client's current options; it must not outlive it.
template <class Client, class Table>
class category_view : public methods_of<category_view<Client, Table>, Table> {
public:
    explicit category_view(const Client& client) : client_(&client) {}

    response invoke(const method_ref& method, const params& input, const call_options& per_call) const {
        return client_->invoke(method, input, per_call);
    }

private:
    const Client* client_;
};

}  // namespace regru::api

#define REGRU_API_TABLE_ENTRY(member, who, what, list)                                                         \
    , ::regru::api::detail::table_entry<#member, ::regru::api::access_level::who, ::regru::api::effect::what, \
                                        ::regru::api::item_list::list>

#define REGRU_API_NAMED_METHOD(member, who, what, list)                                        \
    ::regru::api::response member(const ::regru::api::params& input = {},                        \
                                  const ::regru::api::call_options& per_call = {}) const {       \
        return this->template call<::regru::api::detail::wire_name<#member>()>(input, per_call); \
    }
