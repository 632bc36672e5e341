// REG.API category `domain`: Domain names: availability, registration, transfer, name servers, contacts.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_DOMAIN_METHODS(X) \
    X(accept_or_refuse_entering_list, partners,    write,   services) \
    X(cancel_transfer,                unspecified, charges, none) \
    X(check,                          partners,    read,    services) \
    X(create,                         clients,     charges, domains) \
    X(create_authinfo_request,        clients,     write,   services) \
    X(delegate,                       partners,    write,   services) \
    X(delete_ns,                      everyone,    write,   none) \
    X(get_deleted,                    partners,    read,    none) \
    X(get_docs_upload_uri,            clients,     read,    none) \
    X(get_nss,                        clients,     read,    services) \
    X(get_premium,                    unspecified, read,    domains) \
    X(get_premium_prices,             partners,    read,    domains) \
    X(get_prices,                     everyone,    read,    none) \
    X(get_rereg_data,                 partners,    read,    none) \
    X(get_suggest,                    partners,    read,    none) \
    X(get_tld_info,                   clients,     read,    services) \
    X(get_transfer_status,            clients,     read,    services) \
    X(get_user_rereg_bids,            clients,     read,    none) \
    X(look_at_entering_list,          partners,    read,    services) \
    X(nop,                            everyone,    read,    none) \
    X(register_ns,                    everyone,    write,   none) \
    X(request_to_transfer,            partners,    charges, none) \
    X(send_email_verification_letter, partners,    write,   services) \
    X(set_new_authinfo,               clients,     write,   services) \
    X(set_rereg_bids,                 clients,     charges, services) \
    X(transfer,                       clients,     charges, domains) \
    X(transfer_to_another_account,    partners,    charges, services) \
    X(undelegate,                     partners,    write,   services) \
    X(update_contacts,                clients,     write,   services) \
    X(update_nss,                     clients,     write,   services) \
    X(update_private_person_flag,     clients,     write,   services)
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
