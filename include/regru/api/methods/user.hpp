// REG.API category `user`: Account management: balance, statistics, sub-accounts of resellers.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_USER_METHODS(X) \
    X(create,           partners, write) \
    X(get_balance,      clients,  read) \
    X(get_reseller_url, partners, read) \
    X(get_statistics,   clients,  read) \
    X(nop,              everyone, read) \
    X(refill_balance,   clients,  charges) \
    X(set_reseller_url, partners, write)
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
