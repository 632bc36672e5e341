// REG.API category `service`: Services of any type (hosting, certificates, ...): orders, renewals, details.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_SERVICE_METHODS(X) \
    X(create,                    everyone, charges) \
    X(delete_,                   clients,  charges) \
    X(get_balance,               clients,  read) \
    X(get_bills,                 partners, read) \
    X(get_dedicated_server_list, clients,  read) \
    X(get_depreciated_period,    clients,  read) \
    X(get_details,               clients,  read) \
    X(get_folders,               clients,  read) \
    X(get_info,                  clients,  read) \
    X(get_list,                  clients,  read) \
    X(get_prices,                everyone, read) \
    X(get_servtype_details,      everyone, read) \
    X(nop,                       clients,  read) \
    X(partcontrol_grant,         clients,  write) \
    X(partcontrol_revoke,        clients,  write) \
    X(refill,                    clients,  charges) \
    X(refund,                    partners, charges) \
    X(renew,                     clients,  charges) \
    X(resend_mail,               clients,  write) \
    X(resume,                    clients,  charges) \
    X(seowizard_manage_link,     partners, read) \
    X(set_autorenew_flag,        clients,  write) \
    X(suspend,                   clients,  write) \
    X(update,                    clients,  write) \
    X(upgrade,                   clients,  charges)
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
