// Every REG.API method through its named member: the right path, the right fields, the
// parameters intact. And the tables agree with the reference list of methods.
#define BOOST_TEST_MODULE methods
#include <boost/test/unit_test.hpp>

#include "support/test_client.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/api/errors.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace api = regru::api;
namespace json = boost::json;
using regru::testing::capture_client;
using regru::testing::make_client;

namespace {

// A column of the reference list (a copy of shared/reference/methods.tsv) for each method:
// path -> cell ("zone/add_alias" -> "yes").
std::map<std::string, std::string> reference_column(std::size_t column) {
    std::ifstream tsv(REGRU_TEST_DATA_DIR "/methods.tsv");
    BOOST_TEST_REQUIRE(tsv.good());
    std::map<std::string, std::string> out;
    std::string line;
    std::getline(tsv, line);  // header
    while (std::getline(tsv, line)) {
        std::vector<std::string> cells;
        std::istringstream row(line);
        for (std::string cell; std::getline(row, cell, '\t');) cells.push_back(cell);
        if (cells.size() <= column) continue;
        out[cells[0] == "root" ? cells[1] : cells[0] + "/" + cells[1]] = cells[column];
    }
    return out;
}

// The reference's access level of each method, in the tables' words.
std::map<std::string, std::string> reference_methods() {
    auto methods = reference_column(4);
    for (auto& [path, access] : methods) {
        if (access.starts_with("partners")) access = "partners";
        if (access == "-") access = "unspecified";
    }
    return methods;
}

// Calls one named member and checks what reached the transport.
template <class Call>
void check_named(capture_client& client, Call call, std::string_view path) {
    BOOST_TEST_CONTEXT(path) {
        json::object input{{"probe", path}, {"n", 1}, {"list", json::array{1, "two"}}};
        auto answer = call(input);
        BOOST_TEST(answer.is_success());
        auto sent = client.transport().last();
        BOOST_TEST(sent.path == path);
        BOOST_TEST(sent.url() == "https://api.example.test/api/regru2/" + std::string(path));
        BOOST_TEST(sent.input_data() == json::value(input));
        auto fields = sent.fields();
        BOOST_TEST_REQUIRE(fields.size() == 5u);
        const char* expected[][2] = {{"username", "test"}, {"password", "test"},
                                     {"output_format", "json"}, {"input_format", "json"}};
        for (std::size_t i = 0; i < 4; ++i) {
            BOOST_TEST(fields[i].first == expected[i][0]);
            BOOST_TEST(fields[i].second == expected[i][1]);
        }
        BOOST_TEST(fields[4].first == "input_data");
    }
}

#define CHECK_NAMED_METHOD(member, path) \
    check_named(client, [&](const api::params& p) { return member(p); }, path)

}  // namespace

BOOST_AUTO_TEST_CASE(the_tables_list_exactly_the_reference_methods_with_their_access) {
    auto reference = reference_methods();
    BOOST_TEST(reference.size() == 122u);
    std::map<std::string, std::string> tables;
    for (const auto& m : api::known_methods()) tables[std::string(m.path)] = api::to_string(m.access);
    BOOST_TEST(tables == reference);
}

// The page's "lists" cell for a table's item_list.
std::string list_cell(api::item_list items) {
    switch (items) {
        case api::item_list::services: return " domains, services ";
        case api::item_list::domains: return " domains ";
        case api::item_list::bills: return " bills ";
        case api::item_list::none: break;
    }
    return " no ";
}

BOOST_AUTO_TEST_CASE(the_service_lists_of_the_tables_are_those_of_the_catalogue) {
    auto service_lists = reference_column(5);
    const std::set<std::string> by_analogy{"zone/add_caa", "zone/add_https", "zone/add_spf"};
    for (const auto& m : api::known_methods()) {
        std::string path(m.path);
        bool catalogued = service_lists.at(path) == "yes" || by_analogy.contains(path);
        BOOST_TEST((m.items == api::item_list::services) == catalogued, path);
    }
}

BOOST_AUTO_TEST_CASE(the_method_catalogue_page_lists_the_tables) {
    std::ifstream page(REGRU_TEST_DOCS_DIR "/methods.md");
    BOOST_TEST_REQUIRE(page.good());
    // "| `zone/add_alias` | `zone().add_alias()` | clients | write | ..." -> "clients write"
    std::map<std::string, std::string> documented;
    std::string line;
    while (std::getline(page, line)) {
        if (!line.starts_with("| `")) continue;
        std::vector<std::string> cells;
        std::istringstream row(line.substr(1));
        for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
        BOOST_TEST_REQUIRE(cells.size() >= 4u);
        auto unquote = [](const std::string& cell) { return cell.substr(cell.find('`') + 1, cell.rfind('`') - cell.find('`') - 1); };
        auto word = [](const std::string& cell) { return cell.substr(1, cell.find_first_of(" (", 1) - 1); };
        documented[unquote(cells[0])] = word(cells[2]) + " " + word(cells[3]) + " " + cells[4];
    }
    std::map<std::string, std::string> tables;
    for (const auto& m : api::known_methods()) {
        tables[std::string(m.path)] = std::string(api::to_string(m.access)) + " " +
                                      std::string(api::to_string(m.effect)) + " " + list_cell(m.items);
    }
    BOOST_TEST(documented == tables);
}

BOOST_AUTO_TEST_CASE(every_method_has_an_effect_and_unknown_ones_count_as_charges) {
    std::map<api::effect, int> counts;
    for (const auto& m : api::known_methods()) ++counts[m.effect];
    BOOST_TEST(counts[api::effect::read] == 53);
    BOOST_TEST(counts[api::effect::write] == 53);
    BOOST_TEST(counts[api::effect::charges] == 16);
    static_assert(api::method_of<api::root_table, "nop">().effect == api::effect::read);
    static_assert(api::method_of<api::zone_table, "add_alias">().effect == api::effect::write);
    static_assert(api::method_of<api::domain_table, "create">().effect == api::effect::charges);
    static_assert(api::method_of<api::bill_table, "delete">().effect == api::effect::charges);
    static_assert(api::method_of<api::user_table, "refill_balance">().effect == api::effect::charges);
    // Every get_* and nop reads; nothing named so charges or writes.
    for (const auto& m : api::known_methods()) {
        if (m.name.starts_with("get_") || m.name == "nop") BOOST_TEST(m.effect == api::effect::read, m.path);
    }
    std::string storage;
    BOOST_TEST(api::detail::resolve_method("zone", "brand_new", storage).effect == api::effect::charges);
    BOOST_TEST(api::detail::resolve_method("zone", "add_alias", storage).effect == api::effect::write);
}

BOOST_AUTO_TEST_CASE(the_hana_tables_have_one_entry_per_method) {
    static_assert(api::root_table::size == 4);
    static_assert(api::user_table::size == 7);
    static_assert(api::domain_table::size == 31);
    static_assert(api::zone_table::size == 20);
    static_assert(api::dnssec_table::size == 8);
    static_assert(api::service_table::size == 25);
    static_assert(api::folder_table::size == 9);
    static_assert(api::bill_table::size == 5);
    static_assert(api::hosting_table::size == 5);
    static_assert(api::shop_table::size == 8);
    static_assert(api::method_of<api::zone_table, "add_alias">().path == "zone/add_alias");
    static_assert(api::method_of<api::bill_table, "delete">().name == "delete");
    static_assert(api::method_of<api::root_table, "nop">().path == "nop");
    BOOST_TEST(api::known_methods().size() == 122u);
}

BOOST_AUTO_TEST_CASE(every_method_has_a_named_member_that_sends_the_right_request) {
    auto client = make_client();
    CHECK_NAMED_METHOD(client.get_service_id, "get_service_id");
    CHECK_NAMED_METHOD(client.get_user_id, "get_user_id");
    CHECK_NAMED_METHOD(client.nop, "nop");
    CHECK_NAMED_METHOD(client.reseller_nop, "reseller_nop");
    CHECK_NAMED_METHOD(client.user().create, "user/create");
    CHECK_NAMED_METHOD(client.user().get_balance, "user/get_balance");
    CHECK_NAMED_METHOD(client.user().get_reseller_url, "user/get_reseller_url");
    CHECK_NAMED_METHOD(client.user().get_statistics, "user/get_statistics");
    CHECK_NAMED_METHOD(client.user().nop, "user/nop");
    CHECK_NAMED_METHOD(client.user().refill_balance, "user/refill_balance");
    CHECK_NAMED_METHOD(client.user().set_reseller_url, "user/set_reseller_url");
    CHECK_NAMED_METHOD(client.domain().accept_or_refuse_entering_list, "domain/accept_or_refuse_entering_list");
    CHECK_NAMED_METHOD(client.domain().cancel_transfer, "domain/cancel_transfer");
    CHECK_NAMED_METHOD(client.domain().check, "domain/check");
    CHECK_NAMED_METHOD(client.domain().create, "domain/create");
    CHECK_NAMED_METHOD(client.domain().create_authinfo_request, "domain/create_authinfo_request");
    CHECK_NAMED_METHOD(client.domain().delegate, "domain/delegate");
    CHECK_NAMED_METHOD(client.domain().delete_ns, "domain/delete_ns");
    CHECK_NAMED_METHOD(client.domain().get_deleted, "domain/get_deleted");
    CHECK_NAMED_METHOD(client.domain().get_docs_upload_uri, "domain/get_docs_upload_uri");
    CHECK_NAMED_METHOD(client.domain().get_nss, "domain/get_nss");
    CHECK_NAMED_METHOD(client.domain().get_premium, "domain/get_premium");
    CHECK_NAMED_METHOD(client.domain().get_premium_prices, "domain/get_premium_prices");
    CHECK_NAMED_METHOD(client.domain().get_prices, "domain/get_prices");
    CHECK_NAMED_METHOD(client.domain().get_rereg_data, "domain/get_rereg_data");
    CHECK_NAMED_METHOD(client.domain().get_suggest, "domain/get_suggest");
    CHECK_NAMED_METHOD(client.domain().get_tld_info, "domain/get_tld_info");
    CHECK_NAMED_METHOD(client.domain().get_transfer_status, "domain/get_transfer_status");
    CHECK_NAMED_METHOD(client.domain().get_user_rereg_bids, "domain/get_user_rereg_bids");
    CHECK_NAMED_METHOD(client.domain().look_at_entering_list, "domain/look_at_entering_list");
    CHECK_NAMED_METHOD(client.domain().nop, "domain/nop");
    CHECK_NAMED_METHOD(client.domain().register_ns, "domain/register_ns");
    CHECK_NAMED_METHOD(client.domain().request_to_transfer, "domain/request_to_transfer");
    CHECK_NAMED_METHOD(client.domain().send_email_verification_letter, "domain/send_email_verification_letter");
    CHECK_NAMED_METHOD(client.domain().set_new_authinfo, "domain/set_new_authinfo");
    CHECK_NAMED_METHOD(client.domain().set_rereg_bids, "domain/set_rereg_bids");
    CHECK_NAMED_METHOD(client.domain().transfer, "domain/transfer");
    CHECK_NAMED_METHOD(client.domain().transfer_to_another_account, "domain/transfer_to_another_account");
    CHECK_NAMED_METHOD(client.domain().undelegate, "domain/undelegate");
    CHECK_NAMED_METHOD(client.domain().update_contacts, "domain/update_contacts");
    CHECK_NAMED_METHOD(client.domain().update_nss, "domain/update_nss");
    CHECK_NAMED_METHOD(client.domain().update_private_person_flag, "domain/update_private_person_flag");
    CHECK_NAMED_METHOD(client.zone().add_aaaa, "zone/add_aaaa");
    CHECK_NAMED_METHOD(client.zone().add_alias, "zone/add_alias");
    CHECK_NAMED_METHOD(client.zone().add_caa, "zone/add_caa");
    CHECK_NAMED_METHOD(client.zone().add_cname, "zone/add_cname");
    CHECK_NAMED_METHOD(client.zone().add_https, "zone/add_https");
    CHECK_NAMED_METHOD(client.zone().add_mx, "zone/add_mx");
    CHECK_NAMED_METHOD(client.zone().add_ns, "zone/add_ns");
    CHECK_NAMED_METHOD(client.zone().add_spf, "zone/add_spf");
    CHECK_NAMED_METHOD(client.zone().add_srv, "zone/add_srv");
    CHECK_NAMED_METHOD(client.zone().add_txt, "zone/add_txt");
    CHECK_NAMED_METHOD(client.zone().clear, "zone/clear");
    CHECK_NAMED_METHOD(client.zone().clear_forwarding, "zone/clear_forwarding");
    CHECK_NAMED_METHOD(client.zone().clear_parking, "zone/clear_parking");
    CHECK_NAMED_METHOD(client.zone().get_resource_records, "zone/get_resource_records");
    CHECK_NAMED_METHOD(client.zone().nop, "zone/nop");
    CHECK_NAMED_METHOD(client.zone().remove_record, "zone/remove_record");
    CHECK_NAMED_METHOD(client.zone().tune_forwarding, "zone/tune_forwarding");
    CHECK_NAMED_METHOD(client.zone().tune_parking, "zone/tune_parking");
    CHECK_NAMED_METHOD(client.zone().update_records, "zone/update_records");
    CHECK_NAMED_METHOD(client.zone().update_soa, "zone/update_soa");
    CHECK_NAMED_METHOD(client.dnssec().add_keys, "dnssec/add_keys");
    CHECK_NAMED_METHOD(client.dnssec().disable, "dnssec/disable");
    CHECK_NAMED_METHOD(client.dnssec().enable, "dnssec/enable");
    CHECK_NAMED_METHOD(client.dnssec().get_records, "dnssec/get_records");
    CHECK_NAMED_METHOD(client.dnssec().get_status, "dnssec/get_status");
    CHECK_NAMED_METHOD(client.dnssec().nop, "dnssec/nop");
    CHECK_NAMED_METHOD(client.dnssec().renew_ksk, "dnssec/renew_ksk");
    CHECK_NAMED_METHOD(client.dnssec().renew_zsk, "dnssec/renew_zsk");
    CHECK_NAMED_METHOD(client.service().create, "service/create");
    CHECK_NAMED_METHOD(client.service().delete_, "service/delete");
    CHECK_NAMED_METHOD(client.service().get_balance, "service/get_balance");
    CHECK_NAMED_METHOD(client.service().get_bills, "service/get_bills");
    CHECK_NAMED_METHOD(client.service().get_dedicated_server_list, "service/get_dedicated_server_list");
    CHECK_NAMED_METHOD(client.service().get_depreciated_period, "service/get_depreciated_period");
    CHECK_NAMED_METHOD(client.service().get_details, "service/get_details");
    CHECK_NAMED_METHOD(client.service().get_folders, "service/get_folders");
    CHECK_NAMED_METHOD(client.service().get_info, "service/get_info");
    CHECK_NAMED_METHOD(client.service().get_list, "service/get_list");
    CHECK_NAMED_METHOD(client.service().get_prices, "service/get_prices");
    CHECK_NAMED_METHOD(client.service().get_servtype_details, "service/get_servtype_details");
    CHECK_NAMED_METHOD(client.service().nop, "service/nop");
    CHECK_NAMED_METHOD(client.service().partcontrol_grant, "service/partcontrol_grant");
    CHECK_NAMED_METHOD(client.service().partcontrol_revoke, "service/partcontrol_revoke");
    CHECK_NAMED_METHOD(client.service().refill, "service/refill");
    CHECK_NAMED_METHOD(client.service().refund, "service/refund");
    CHECK_NAMED_METHOD(client.service().renew, "service/renew");
    CHECK_NAMED_METHOD(client.service().resend_mail, "service/resend_mail");
    CHECK_NAMED_METHOD(client.service().resume, "service/resume");
    CHECK_NAMED_METHOD(client.service().seowizard_manage_link, "service/seowizard_manage_link");
    CHECK_NAMED_METHOD(client.service().set_autorenew_flag, "service/set_autorenew_flag");
    CHECK_NAMED_METHOD(client.service().suspend, "service/suspend");
    CHECK_NAMED_METHOD(client.service().update, "service/update");
    CHECK_NAMED_METHOD(client.service().upgrade, "service/upgrade");
    CHECK_NAMED_METHOD(client.folder().add_services, "folder/add_services");
    CHECK_NAMED_METHOD(client.folder().create, "folder/create");
    CHECK_NAMED_METHOD(client.folder().get_services, "folder/get_services");
    CHECK_NAMED_METHOD(client.folder().move_services, "folder/move_services");
    CHECK_NAMED_METHOD(client.folder().nop, "folder/nop");
    CHECK_NAMED_METHOD(client.folder().remove, "folder/remove");
    CHECK_NAMED_METHOD(client.folder().remove_services, "folder/remove_services");
    CHECK_NAMED_METHOD(client.folder().rename, "folder/rename");
    CHECK_NAMED_METHOD(client.folder().replace_services, "folder/replace_services");
    CHECK_NAMED_METHOD(client.bill().change_pay_type, "bill/change_pay_type");
    CHECK_NAMED_METHOD(client.bill().delete_, "bill/delete");
    CHECK_NAMED_METHOD(client.bill().get_for_period, "bill/get_for_period");
    CHECK_NAMED_METHOD(client.bill().get_not_payed, "bill/get_not_payed");
    CHECK_NAMED_METHOD(client.bill().nop, "bill/nop");
    CHECK_NAMED_METHOD(client.hosting().get_jelastic_refill_url, "hosting/get_jelastic_refill_url");
    CHECK_NAMED_METHOD(client.hosting().get_parallelswpb_constructor_url, "hosting/get_parallelswpb_constructor_url");
    CHECK_NAMED_METHOD(client.hosting().get_rs_themes, "hosting/get_rs_themes");
    CHECK_NAMED_METHOD(client.hosting().nop, "hosting/nop");
    CHECK_NAMED_METHOD(client.hosting().set_jelastic_refill_url, "hosting/set_jelastic_refill_url");
    CHECK_NAMED_METHOD(client.shop().add_lot, "shop/add_lot");
    CHECK_NAMED_METHOD(client.shop().delete_lot, "shop/delete_lot");
    CHECK_NAMED_METHOD(client.shop().get_category_list, "shop/get_category_list");
    CHECK_NAMED_METHOD(client.shop().get_info, "shop/get_info");
    CHECK_NAMED_METHOD(client.shop().get_lot_list, "shop/get_lot_list");
    CHECK_NAMED_METHOD(client.shop().get_suggested_tags, "shop/get_suggested_tags");
    CHECK_NAMED_METHOD(client.shop().nop, "shop/nop");
    CHECK_NAMED_METHOD(client.shop().update_lot, "shop/update_lot");
    BOOST_TEST(client.transport().count() == 122u);
}

BOOST_AUTO_TEST_CASE(named_members_default_to_no_parameters) {
    auto client = make_client();
    client.user().get_balance();
    BOOST_TEST(client.transport().last().input_data() == json::value(json::object()));
    client.nop();
    BOOST_TEST(client.transport().last().path == "nop");
}

BOOST_AUTO_TEST_CASE(dispatch_by_name_is_checked_while_compiling) {
    auto client = make_client();
    client.call<"reseller_nop">();
    BOOST_TEST(client.transport().last().path == "reseller_nop");
    client.zone().call<"update_soa">({{"ttl", "1d"}});
    BOOST_TEST(client.transport().last().path == "zone/update_soa");
    BOOST_TEST(client.transport().last().input_data() == json::value({{"ttl", "1d"}}));
    client.bill().call<"delete">();
    BOOST_TEST(client.transport().last().path == "bill/delete");
}

BOOST_AUTO_TEST_CASE(generic_call_reaches_methods_the_tables_do_not_know) {
    auto client = make_client();
    client.call("zone", "add_future_record", {{"subdomain", "www"}});
    BOOST_TEST(client.transport().last().path == "zone/add_future_record");
    BOOST_TEST(client.transport().last().input_data() == json::value({{"subdomain", "www"}}));
    client.call("", "future_nop");
    BOOST_TEST(client.transport().last().path == "future_nop");
    client.call("user", "get_balance");
    BOOST_TEST(client.transport().last().path == "user/get_balance");
}

BOOST_AUTO_TEST_CASE(generic_call_rejects_names_that_could_leave_the_api_path) {
    auto client = make_client();
    for (auto [category, method] : std::vector<std::pair<std::string, std::string>>{
             {"zone", ""}, {"zone", "../admin"}, {"../..", "nop"}, {"zone", "add alias"},
             {"zone/x", "nop"}, {"zone", "nop?x=1"}}) {
        BOOST_TEST_CONTEXT(category << " / " << method) {
            BOOST_CHECK_THROW(client.call(category, method), api::usage_error);
        }
    }
    BOOST_TEST(client.transport().count() == 0u);
}
