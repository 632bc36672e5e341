// Per-item results (items.hpp) over every shipped recording that answers per item, deep reads
// at a path, and the checks of a method's lists before anything is sent.
#define BOOST_TEST_MODULE items
#include <boost/test/unit_test.hpp>

#include "support/shipped_recordings.hpp"
#include "support/test_client.hpp"
#include "support/thrown.hpp"

#include <regru/api/errors.hpp>
#include <regru/api/items.hpp>
#include <regru/api/response.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

namespace api = regru::api;
namespace json = boost::json;
using regru::testing::make_client;
using regru::testing::object;
using regru::testing::shipped;

namespace {

// The answer of the shipped recording called `name`.
json::value answer_of(std::string_view name) {
    for (const auto& entry : shipped().entries()) {
        if (entry.name == name) return json::parse(entry.body).at("answer");
    }
    BOOST_FAIL("no shipped recording is called " << name);
    return {};
}

// "dname:ERROR_CODE" for each failed item, in order.
std::vector<std::string> failures(const api::item_results& items) {
    std::vector<std::string> out;
    for (const auto& item : items.failed()) out.push_back(item.id() + ":" + std::string(item.error_code()));
    return out;
}

std::size_t objects_in_lists(const json::value& answer) {
    std::size_t count = 0;
    for (std::string_view list : {"domains", "services", "bills"}) {
        const auto* found = answer.is_object() ? answer.as_object().if_contains(list) : nullptr;
        if (found == nullptr || !found->is_array()) continue;
        for (const auto& item : found->as_array()) count += item.is_object() ? 1 : 0;
    }
    return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(views_over_the_recordings)

BOOST_AUTO_TEST_CASE(every_recorded_item_is_seen_and_judged_by_its_own_fields) {
    std::size_t recordings_with_items = 0, items_seen = 0, items_failed = 0;
    for (const auto& entry : shipped().entries()) {
        json::error_code ec;
        auto envelope = json::parse(entry.body, ec);
        if (ec || !envelope.is_object() || !envelope.as_object().contains("answer")) continue;
        const auto& answer = envelope.at("answer");
        api::item_results items(answer);
        BOOST_TEST_CONTEXT(entry.origin << " " << entry.name) {
            BOOST_TEST(items.size() == objects_in_lists(answer));
            for (const auto& item : items) {
                const auto& fields = item.item();
                bool has_code = fields.contains("error_code") && !fields.at("error_code").as_string().empty();
                if (has_code) BOOST_TEST(item.failed());
                if (item.failed()) BOOST_TEST(!(item.error_code().empty() && item.error_text().empty() &&
                                                item.result() != "error" && !fields.contains("action_list")));
                if (!item.failed()) BOOST_TEST(item.error_text().empty());
                if (fields.contains("dname")) BOOST_TEST(item.id() == fields.at("dname").as_string());
                items_failed += item.failed() ? 1 : 0;
            }
            BOOST_TEST(items.all_succeeded() == items.failed().empty());
        }
        recordings_with_items += items.empty() ? 0 : 1;
        items_seen += items.size();
    }
    BOOST_TEST_MESSAGE(recordings_with_items << " recordings with " << items_seen << " items, " << items_failed
                                             << " failed");
    BOOST_TEST(recordings_with_items >= 40u);
    BOOST_TEST(items_failed >= 15u);
}

BOOST_AUTO_TEST_CASE(domain_check_errors_are_named_with_the_text_the_service_put_in_result) {
    auto answer = answer_of("check nine names (documentation sample)");
    api::item_results items(answer);
    BOOST_TEST(items.size() == 9u);
    BOOST_TEST(!items.all_succeeded());
    BOOST_TEST(failures(items) == (std::vector<std::string>{
                                      "ya.ru:DOMAIN_ALREADY_EXISTS", "xn--000.com:INVALID_DOMAIN_NAME_PUNYCODE",
                                      "china.cn:TLD_DISABLED", "ййй.me:DOMAIN_BAD_NAME",
                                      "wwww.ww:INVALID_DOMAIN_NAME_FORMAT", "a.ru:DOMAIN_INVALID_LENGTH",
                                      "qqйй.com:HAVE_MIXED_CODETABLES"}),
               boost::test_tools::per_element());
    BOOST_TEST(items[0].error_text() == "Domain already exists, use whois service");
    BOOST_TEST(items[1].result() == "Available");
    BOOST_TEST(!items[1].failed());
    BOOST_TEST(items[8].get<double>("price").value_or(0) == 60000.0);
}

BOOST_AUTO_TEST_CASE(a_service_list_names_items_by_id_and_keeps_those_without_a_name) {
    auto answer = answer_of("nop on a five-item service list, two items with errors (documentation sample)");
    api::item_results items(answer);
    BOOST_TEST(items.size() == 5u);
    BOOST_TEST(items[0].list() == "services");
    BOOST_TEST(failures(items) == (std::vector<std::string>{"22bug22:INVALID_SERVICE_ID", ":NO_DOMAIN"}),
               boost::test_tools::per_element());
    BOOST_TEST(items[2].get<long>("service_id").value_or(0) == 111111L);
    BOOST_TEST(items[4].index() == 4u);
}

BOOST_AUTO_TEST_CASE(bills_without_result_fail_by_their_error_code) {
    auto answer = answer_of("delete three bills, two refused (documentation sample)");
    api::item_results items(answer);
    BOOST_TEST(failures(items) == (std::vector<std::string>{"12346:BILL_CAN_NOT_REMOVED", "12347:BILL_ID_NOT_FOUND"}),
               boost::test_tools::per_element());
    BOOST_TEST(items[0].list() == "bills");
}

BOOST_AUTO_TEST_CASE(a_domain_of_update_records_fails_by_its_own_code_or_by_one_of_its_actions) {
    auto refusal = answer_of("an invalid action: per-domain INVALID_ACTION (documentation sample)");
    api::item_results refused(refusal);
    BOOST_TEST(failures(refused) == std::vector<std::string>{"test.ru:INVALID_ACTION"}, boost::test_tools::per_element());
    BOOST_TEST(refused[0].error_text() == "Invalid action: add_aalias");

    auto answer = answer_of("two actions on test.ru (documentation sample)");
    BOOST_TEST(api::item_results(answer).all_succeeded());
    answer.at_pointer("/domains/0/action_list/1").as_object()["result"] = "error";
    BOOST_TEST(!api::item_results(answer).all_succeeded());
}

BOOST_AUTO_TEST_CASE(a_response_says_whether_every_item_succeeded) {
    auto client = regru::testing::client_answering(
        R"({"result":"success","answer":{"domains":[{"dname":"a.ru","result":"success"},
            {"dname":"b.ru","result":"error","error_code":"DOMAIN_NOT_FOUND","error_text":"Domain not found"}]}})");
    auto answer = client.zone().add_txt(object(R"({"domains":[{"dname":"a.ru"},{"dname":"b.ru"}],"subdomain":"@","text":"x"})"));
    BOOST_TEST(answer.is_success());
    BOOST_TEST(!answer.all_items_succeeded());
    BOOST_TEST_REQUIRE(answer.items().failed().size() == 1u);
    BOOST_TEST(answer.items().failed()[0].id() == "b.ru");
    BOOST_TEST(answer.items().failed()[0].error_text() == "Domain not found");
    BOOST_TEST(regru::testing::client_answering(R"({"result":"success","answer":{}})").nop().all_items_succeeded());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(paths)

BOOST_AUTO_TEST_CASE(value_at_walks_keys_and_indices) {
    auto answer = answer_of("check three names, two with per-item errors (documentation sample)");
    BOOST_TEST(api::value_at(answer, "domains/0/dname").as_string() == answer.at("domains").at(0).at("dname").as_string());
    BOOST_TEST(api::value_at(answer, "").is_object());
    for (auto missing : {"domains/3/dname", "domains/x", "domains/-1", "domains/0/dname/more", "nothing", "domains/01x"}) {
        BOOST_TEST(api::value_at(answer, missing).is_null(), missing);
    }
}

BOOST_AUTO_TEST_CASE(a_response_reads_deep_with_the_tolerant_conversions) {
    auto client = regru::testing::client_answering(
        R"({"result":"success","answer":{"domains":[{"dname":"test.ru","service_id":"12345"},{"dname":"b.ru","service_id":7}]}})");
    auto answer = client.zone().nop();
    BOOST_TEST(answer.get<long>("domains/0/service_id").value_or(0) == 12345L);
    BOOST_TEST(answer.get<std::string>("domains/1/service_id").value_or("") == "7");
    BOOST_TEST(!answer.get<long>("domains/2/service_id").has_value());
    BOOST_CHECK_THROW(answer.get<long>("domains/0/dname"), api::bad_value);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lists_checked_before_sending)

BOOST_AUTO_TEST_CASE(a_list_that_is_not_a_list_is_refused_naming_it) {
    auto client = make_client();
    auto error = regru::testing::message_thrown<api::usage_error>(
        [&] { client.domain().check(object(R"({"domains":"a.ru,b.ru"})")); });
    BOOST_TEST(error.find("'domains' of domain/check must be a list (a JSON array), not a string") != std::string::npos,
               error);
    BOOST_TEST(client.transport().requests().empty());
}

BOOST_AUTO_TEST_CASE(an_item_that_is_not_an_object_is_refused_naming_its_place) {
    auto client = make_client();
    auto error = regru::testing::message_thrown<api::usage_error>(
        [&] { client.service().get_info(object(R"({"services":[{"service_id":1},"b.ru"]})")); });
    BOOST_TEST(error.find("Item 1 of 'services' (service/get_info) must be an object") != std::string::npos, error);
    BOOST_TEST(client.transport().requests().empty());
}

BOOST_AUTO_TEST_CASE(bill_lists_take_ids_and_methods_without_lists_are_not_checked) {
    auto client = make_client();
    client.bill().delete_(object(R"({"bills":["1234",{"bill_id":"1235"}]})"));
    client.domain().get_suggest(object(R"({"domains":"not a list here"})"));
    BOOST_TEST(client.transport().requests().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
