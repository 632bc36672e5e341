// REG.API category `service`: Services of any type (hosting, certificates, ...): orders, renewals, details.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_SERVICE_METHODS(X) \
    X(create,                    everyone, charges, none) \
    X(delete_,                   clients,  charges, none) \
    X(get_balance,               clients,  read,    none) \
    X(get_bills,                 partners, read,    services) \
    X(get_dedicated_server_list, clients,  read,    none) \
    X(get_depreciated_period,    clients,  read,    none) \
    X(get_details,               clients,  read,    services) \
    X(get_folders,               clients,  read,    none) \
    X(get_info,                  clients,  read,    services) \
    X(get_list,                  clients,  read,    none) \
    X(get_prices,                everyone, read,    none) \
    X(get_servtype_details,      everyone, read,    none) \
    X(nop,                       clients,  read,    services) \
    X(partcontrol_grant,         clients,  write,   none) \
    X(partcontrol_revoke,        clients,  write,   none) \
    X(refill,                    clients,  charges, none) \
    X(refund,                    partners, charges, none) \
    X(renew,                     clients,  charges, services) \
    X(resend_mail,               clients,  write,   none) \
    X(resume,                    clients,  charges, none) \
    X(seowizard_manage_link,     partners, read,    none) \
    X(set_autorenew_flag,        clients,  write,   none) \
    X(suspend,                   clients,  write,   none) \
    X(update,                    clients,  write,   none) \
    X(upgrade,                   clients,  charges, none)
// clang-format on

namespace regru::api {

using service_table = category_table<"service" REGRU_API_SERVICE_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class service_view : public category_view<Client, service_table> {
public:
    using category_view<Client, service_table>::category_view;
    REGRU_API_SERVICE_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
