// All REG.API categories: their tables, their views, and the mixin that gives a client its
// category accessors (client.user(), client.zone(), ...).
#pragma once

#include <regru/api/methods/bill.hpp>
#include <regru/api/methods/dnssec.hpp>
#include <regru/api/methods/domain.hpp>
#include <regru/api/methods/folder.hpp>
#include <regru/api/methods/hosting.hpp>
#include <regru/api/methods/root.hpp>
#include <regru/api/methods/service.hpp>
#include <regru/api/methods/shop.hpp>
#include <regru/api/methods/user.hpp>
#include <regru/api/methods/zone.hpp>

namespace regru::api {

// Every table, the uncategorised methods first: the catalogue and the tests walk this.
inline constexpr auto all_tables = boost::hana::tuple_t<root_table, user_table, domain_table,
                                                        zone_table, dnssec_table, service_table,
                                                        folder_table, bill_table, hosting_table,
                                                        shop_table>;

// Category accessors, mixed into basic_client. Each returns a light view bound to the client.
template <class Client>
class category_accessors {
public:
    user_view<Client> user() const { return user_view<Client>(self()); }
    domain_view<Client> domain() const { return domain_view<Client>(self()); }
    zone_view<Client> zone() const { return zone_view<Client>(self()); }
    dnssec_view<Client> dnssec() const { return dnssec_view<Client>(self()); }
    service_view<Client> service() const { return service_view<Client>(self()); }
    folder_view<Client> folder() const { return folder_view<Client>(self()); }
    bill_view<Client> bill() const { return bill_view<Client>(self()); }
    hosting_view<Client> hosting() const { return hosting_view<Client>(self()); }
    shop_view<Client> shop() const { return shop_view<Client>(self()); }

private:
    const Client& self() const { return static_cast<const Client&>(*this); }
};

}  // namespace regru::api
