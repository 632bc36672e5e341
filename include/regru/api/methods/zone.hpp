// REG.API category `zone`: DNS resource records of domains served by REG.RU name servers.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_ZONE_METHODS(X) \
    X(add_aaaa,             clients,     write) \
    X(add_alias,            clients,     write) \
    X(add_caa,              unspecified, write) \
    X(add_cname,            clients,     write) \
    X(add_https,            unspecified, write) \
    X(add_mx,               clients,     write) \
    X(add_ns,               clients,     write) \
    X(add_spf,              unspecified, write) \
    X(add_srv,              clients,     write) \
    X(add_txt,              clients,     write) \
    X(clear,                clients,     write) \
    X(clear_forwarding,     clients,     write) \
    X(clear_parking,        clients,     write) \
    X(get_resource_records, clients,     read) \
    X(nop,                  clients,     read) \
    X(remove_record,        clients,     write) \
    X(tune_forwarding,      clients,     write) \
    X(tune_parking,         clients,     write) \
    X(update_records,       partners,    write) \
    X(update_soa,           clients,     write)
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
