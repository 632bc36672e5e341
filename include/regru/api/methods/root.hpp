// REG.API category `(none)`: The uncategorised methods: members of the client itself (client.nop()).
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_ROOT_METHODS(X) \
    X(get_service_id, clients,  read,    none) \
    X(get_user_id,    clients,  read,    none) \
    X(nop,            clients,  read,    none) \
    X(reseller_nop,   partners, read,    none)
// clang-format on

namespace regru::api {

using root_table = category_table<"" REGRU_API_ROOT_METHODS(REGRU_API_TABLE_ENTRY)>;

// The uncategorised methods are members of the client itself: client.nop().
template <class Client>
class root_methods : public methods_of<Client, root_table> {
public:
    REGRU_API_ROOT_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
