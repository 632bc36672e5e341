// REG.API category `folder`: Folders that group services in an account.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_FOLDER_METHODS(X) \
    X(add_services,     everyone, write,   services) \
    X(create,           everyone, write,   none) \
    X(get_services,     everyone, read,    none) \
    X(move_services,    everyone, write,   services) \
    X(nop,              everyone, read,    none) \
    X(remove,           everyone, write,   none) \
    X(remove_services,  everyone, write,   services) \
    X(rename,           everyone, write,   none) \
    X(replace_services, everyone, write,   services)
// clang-format on

namespace regru::api {

using folder_table = category_table<"folder" REGRU_API_FOLDER_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class folder_view : public category_view<Client, folder_table> {
public:
    using category_view<Client, folder_table>::category_view;
    REGRU_API_FOLDER_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
