// REG.API category `service`: Services of any type (hosting, certificates, ...): orders, renewals, details.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_SERVICE_METHODS(X) \
    X(create,                    everyone) \
    X(delete_,                   clients) \
    X(get_balance,               clients) \
    X(get_bills,                 partners) \
    X(get_dedicated_server_list, clients) \
    X(get_depreciated_period,    clients) \
    X(get_details,               clients) \
    X(get_folders,               clients) \
    X(get_info,                  clients) \
    X(get_list,                  clients) \
    X(get_prices,                everyone) \
    X(get_servtype_details,      everyone) \
    X(nop,                       clients) \
    X(partcontrol_grant,         clients) \
    X(partcontrol_revoke,        clients) \
    X(refill,                    clients) \
    X(refund,                    partners) \
    X(renew,                     clients) \
    X(resend_mail,               clients) \
    X(resume,                    clients) \
    X(seowizard_manage_link,     partners) \
    X(set_autorenew_flag,        clients) \
    X(suspend,                   clients) \
    X(update,                    clients) \
    X(upgrade,                   clients)
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
