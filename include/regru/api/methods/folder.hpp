// REG.API category `folder`: Folders that group services in an account.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_FOLDER_METHODS(X) \
    X(add_services,     everyone, write) \
    X(create,           everyone, write) \
    X(get_services,     everyone, read) \
    X(move_services,    everyone, write) \
    X(nop,              everyone, read) \
    X(remove,           everyone, write) \
    X(remove_services,  everyone, write) \
    X(rename,           everyone, write) \
    X(replace_services, everyone, write)
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
