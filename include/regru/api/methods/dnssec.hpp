// REG.API category `dnssec`: DNSSEC: status, keys and records of signed zones.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_DNSSEC_METHODS(X) \
    X(add_keys,    unspecified, write,   domains) \
    X(disable,     unspecified, write,   none) \
    X(enable,      unspecified, write,   none) \
    X(get_records, unspecified, read,    none) \
    X(get_status,  unspecified, read,    none) \
    X(nop,         unspecified, read,    none) \
    X(renew_ksk,   unspecified, write,   none) \
    X(renew_zsk,   unspecified, write,   none)
// clang-format on

namespace regru::api {

using dnssec_table = category_table<"dnssec" REGRU_API_DNSSEC_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class dnssec_view : public category_view<Client, dnssec_table> {
public:
    using category_view<Client, dnssec_table>::category_view;
    REGRU_API_DNSSEC_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
