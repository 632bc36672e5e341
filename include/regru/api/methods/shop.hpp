// REG.API category `shop`: The domain shop: lots for sale, categories, tags.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_SHOP_METHODS(X) \
    X(add_lot,            everyone, write,   none) \
    X(delete_lot,         everyone, write,   none) \
    X(get_category_list,  everyone, read,    none) \
    X(get_info,           everyone, read,    none) \
    X(get_lot_list,       everyone, read,    none) \
    X(get_suggested_tags, everyone, read,    none) \
    X(nop,                clients,  read,    services) \
    X(update_lot,         everyone, write,   none)
// clang-format on

namespace regru::api {

using shop_table = category_table<"shop" REGRU_API_SHOP_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class shop_view : public category_view<Client, shop_table> {
public:
    using category_view<Client, shop_table>::category_view;
    REGRU_API_SHOP_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
