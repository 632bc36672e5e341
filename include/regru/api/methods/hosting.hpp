// REG.API category `hosting`: Hosting specifics: Jelastic refill URL, site builder links, themes.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_HOSTING_METHODS(X) \
    X(get_jelastic_refill_url,          partners, read,    none) \
    X(get_parallelswpb_constructor_url, clients,  read,    none) \
    X(get_rs_themes,                    everyone, read,    none) \
    X(nop,                              clients,  read,    none) \
    X(set_jelastic_refill_url,          partners, write,   none)
// clang-format on

namespace regru::api {

using hosting_table = category_table<"hosting" REGRU_API_HOSTING_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class hosting_view : public category_view<Client, hosting_table> {
public:
    using category_view<Client, hosting_table>::category_view;
    REGRU_API_HOSTING_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
