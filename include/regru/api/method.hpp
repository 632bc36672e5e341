// What a REG.API method is, at compile time (method_spec) and at run time (method_ref).
#pragma once

#include <regru/api/fixed_string.hpp>

#include <cstddef>
#include <iosfwd>
#include <string_view>

namespace regru::api {

// Who may call a method, as REG.API documents it ("scope" in the reference client).
enum class access_level {
    everyone,     // no authentication needed
    clients,      // any REG.RU account
    partners,     // resellers
    unspecified,  // the reference client has the method, the documentation does not say
};

constexpr std::string_view to_string(access_level level) {
    switch (level) {
        case access_level::everyone: return "everyone";
        case access_level::clients: return "clients";
        case access_level::partners: return "partners";
        case access_level::unspecified: break;
    }
    return "unspecified";
}

std::ostream& operator<<(std::ostream& out, access_level level);

// What a call of the method does to the account: it decides what may be retried and which
// calls must not overlap (see docs/limits.md).
enum class effect {
    read,     // changes nothing: nop, get_*, check, ...
    write,    // changes state, moves no money: DNS records, folders, name servers, ...
    charges,  // may move money: orders, renewals, transfers, refills, bills, bids, refunds
};

constexpr std::string_view to_string(effect value) {
    switch (value) {
        case effect::read: return "read";
        case effect::write: return "write";
        case effect::charges: break;
    }
    return "charges";
}

std::ostream& operator<<(std::ostream& out, effect value);

// Which list of items a method takes, so that a call can name many domains or services at
// once (a bulk request; see docs/domains.md). The service takes at most 1000 items in one
// request; the client splits longer lists.
enum class item_list {
    none,      // no list of items
    services,  // `domains` or `services`: service identifications ({"dname": ...}, {"service_id": ...})
    domains,   // `domains`: objects naming a domain ({"dname": ...}) with its own fields
    bills,     // `bills`: bill ids
};

constexpr std::string_view to_string(item_list value) {
    switch (value) {
        case item_list::none: return "none";
        case item_list::services: return "services";
        case item_list::domains: return "domains";
        case item_list::bills: break;
    }
    return "bills";
}

std::ostream& operator<<(std::ostream& out, item_list value);

// The most items REG.API takes in one request's list; more gets TOO_MANY_OBJECTS_IN_ONE_REQUEST.
inline constexpr std::size_t service_item_limit = 1000;

// A method as the call path sees it: cheap to copy, views into static storage.
struct method_ref {
    std::string_view category;  // empty for the uncategorised methods (nop, get_user_id, ...)
    std::string_view name;
    std::string_view path;      // "zone/add_alias", or "nop": appended to the endpoint
    access_level access = access_level::unspecified;
    // A method the tables do not know may move money, as far as anyone here can tell.
    api::effect effect = api::effect::charges;
    // A method the tables do not know is sent as given: its lists are not split.
    api::item_list items = api::item_list::none;

    friend constexpr bool operator==(const method_ref& a, const method_ref& b) {
        return a.path == b.path;
    }
};

// One entry of a category's compile-time table.
template <fixed_string Category, fixed_string Name, access_level Access, effect Effect, item_list Items>
struct method_spec {
    static constexpr auto path_chars = join_path<Category, Name>();
    static constexpr method_ref ref{Category.view(), Name.view(), path_chars.view(), Access, Effect, Items};
    static constexpr std::string_view name = Name.view();
};

}  // namespace regru::api
