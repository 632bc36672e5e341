// The compile-time yardstick of docs/architecture.md: the umbrella header and one method of
// each of the ten tables.
#include <regru/api.hpp>

int main() {
    regru::api::client client({.username = "test", .password = "test"});
    int ok = 0;
    ok += client.nop().is_success();
    ok += client.user().get_balance({{"currency", "RUR"}}).is_success();
    ok += client.domain().check({{"domain_name", "test.ru"}}).is_success();
    ok += client.zone().add_alias({{"subdomain", "www"}}).is_success();
    ok += client.dnssec().get_status().is_success();
    ok += client.service().get_info().is_success();
    ok += client.folder().create().is_success();
    ok += client.bill().get_not_payed().is_success();
    ok += client.hosting().nop().is_success();
    ok += client.shop().get_lot_list().is_success();
    return ok;
}
