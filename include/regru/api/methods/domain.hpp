// REG.API category `domain`: Domain names: availability, registration, transfer, name servers, contacts.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_DOMAIN_METHODS(X) \
    X(accept_or_refuse_entering_list, partners) \
    X(cancel_transfer,                unspecified) \
    X(check,                          partners) \
    X(create,                         clients) \
    X(create_authinfo_request,        clients) \
    X(delegate,                       partners) \
    X(delete_ns,                      everyone) \
    X(get_deleted,                    partners) \
    X(get_docs_upload_uri,            clients) \
    X(get_nss,                        clients) \
    X(get_premium,                    unspecified) \
    X(get_premium_prices,             partners) \
    X(get_prices,                     everyone) \
    X(get_rereg_data,                 partners) \
    X(get_suggest,                    partners) \
    X(get_tld_info,                   clients) \
    X(get_transfer_status,            clients) \
    X(get_user_rereg_bids,            clients) \
    X(look_at_entering_list,          partners) \
    X(nop,                            everyone) \
    X(register_ns,                    everyone) \
    X(request_to_transfer,            partners) \
    X(send_email_verification_letter, partners) \
    X(set_new_authinfo,               clients) \
    X(set_rereg_bids,                 clients) \
    X(transfer,                       clients) \
    X(transfer_to_another_account,    partners) \
    X(undelegate,                     partners) \
    X(update_contacts,                clients) \
    X(update_nss,                     clients) \
    X(update_private_person_flag,     clients)
// clang-format on

namespace regru::api {

using domain_table = category_table<"domain" REGRU_API_DOMAIN_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class domain_view : public category_view<Client, domain_table> {
public:
    using category_view<Client, domain_table>::category_view;
    REGRU_API_DOMAIN_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
