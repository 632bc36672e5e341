// REG.API category `zone`: DNS resource records of domains served by REG.RU name servers.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_ZONE_METHODS(X) \
    X(add_aaaa,             clients) \
    X(add_alias,            clients) \
    X(add_caa,              unspecified) \
    X(add_cname,            clients) \
    X(add_https,            unspecified) \
    X(add_mx,               clients) \
    X(add_ns,               clients) \
    X(add_spf,              unspecified) \
    X(add_srv,              clients) \
    X(add_txt,              clients) \
    X(clear,                clients) \
    X(clear_forwarding,     clients) \
    X(clear_parking,        clients) \
    X(get_resource_records, clients) \
    X(nop,                  clients) \
    X(remove_record,        clients) \
    X(tune_forwarding,      clients) \
    X(tune_parking,         clients) \
    X(update_records,       partners) \
    X(update_soa,           clients)
// clang-format on

namespace regru::api {

using zone_table = category_table<"zone" REGRU_API_ZONE_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class zone_view : public category_view<Client, zone_table> {
public:
    using category_view<Client, zone_table>::category_view;
    REGRU_API_ZONE_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
