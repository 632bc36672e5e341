// REG.API category `domain`: Domain names: availability, registration, transfer, name servers, contacts.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_DOMAIN_METHODS(X) \
    X(accept_or_refuse_entering_list, partners,    write) \
    X(cancel_transfer,                unspecified, charges) \
    X(check,                          partners,    read) \
    X(create,                         clients,     charges) \
    X(create_authinfo_request,        clients,     write) \
    X(delegate,                       partners,    write) \
    X(delete_ns,                      everyone,    write) \
    X(get_deleted,                    partners,    read) \
    X(get_docs_upload_uri,            clients,     read) \
    X(get_nss,                        clients,     read) \
    X(get_premium,                    unspecified, read) \
    X(get_premium_prices,             partners,    read) \
    X(get_prices,                     everyone,    read) \
    X(get_rereg_data,                 partners,    read) \
    X(get_suggest,                    partners,    read) \
    X(get_tld_info,                   clients,     read) \
    X(get_transfer_status,            clients,     read) \
    X(get_user_rereg_bids,            clients,     read) \
    X(look_at_entering_list,          partners,    read) \
    X(nop,                            everyone,    read) \
    X(register_ns,                    everyone,    write) \
    X(request_to_transfer,            partners,    charges) \
    X(send_email_verification_letter, partners,    write) \
    X(set_new_authinfo,               clients,     write) \
    X(set_rereg_bids,                 clients,     charges) \
    X(transfer,                       clients,     charges) \
    X(transfer_to_another_account,    partners,    charges) \
    X(undelegate,                     partners,    write) \
    X(update_contacts,                clients,     write) \
    X(update_nss,                     clients,     write) \
    X(update_private_person_flag,     clients,     write)
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
