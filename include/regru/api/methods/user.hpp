// REG.API category `user`: Account management: balance, statistics, sub-accounts of resellers.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_USER_METHODS(X) \
    X(create,           partners, write,   none) \
    X(get_balance,      clients,  read,    none) \
    X(get_reseller_url, partners, read,    none) \
    X(get_statistics,   clients,  read,    none) \
    X(nop,              everyone, read,    none) \
    X(refill_balance,   clients,  charges, none) \
    X(set_reseller_url, partners, write,   none)
// clang-format on

namespace regru::api {

using user_table = category_table<"user" REGRU_API_USER_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class user_view : public category_view<Client, user_table> {
public:
    using category_view<Client, user_table>::category_view;
    REGRU_API_USER_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
