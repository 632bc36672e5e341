// REG.API category `zone`: DNS resource records of domains served by REG.RU name servers.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_ZONE_METHODS(X) \
    X(add_aaaa,             clients,     write,   services) \
    X(add_alias,            clients,     write,   services) \
    X(add_caa,              unspecified, write,   services) \
    X(add_cname,            clients,     write,   services) \
    X(add_https,            unspecified, write,   services) \
    X(add_mx,               clients,     write,   services) \
    X(add_ns,               clients,     write,   services) \
    X(add_spf,              unspecified, write,   services) \
    X(add_srv,              clients,     write,   services) \
    X(add_txt,              clients,     write,   services) \
    X(clear,                clients,     write,   services) \
    X(clear_forwarding,     clients,     write,   services) \
    X(clear_parking,        clients,     write,   services) \
    X(get_resource_records, clients,     read,    services) \
    X(nop,                  clients,     read,    services) \
    X(remove_record,        clients,     write,   services) \
    X(tune_forwarding,      clients,     write,   services) \
    X(tune_parking,         clients,     write,   services) \
    X(update_records,       partners,    write,   services) \
    X(update_soa,           clients,     write,   services)
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
