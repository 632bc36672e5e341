// Lists of any length (detail/bulk.hpp): a call with more items than one request may carry is
// split into requests of at most 1000 items, sent in order through the limiter and the retry
// rules, and merged into one response; when a request fails, the response names every item not
// processed. Against the mock REG.API over HTTP, which refuses more than 1000 items itself.
#define BOOST_TEST_MODULE bulk
#include <boost/test/unit_test.hpp>

#include "support/mock_endpoint.hpp"
#include "support/thrown.hpp"

#include <regru/api.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/items.hpp>
#include <regru/api/log.hpp>
#include <regru/mocks/mock_server.hpp>

#include <boost/json/serialize.hpp>

#include <string>
#include <vector>

namespace api = regru::api;
namespace json = boost::json;
namespace mocks = regru::mocks;
using namespace std::chrono_literals;
using regru::testing::limited_client;
using regru::testing::log_lines;
using regru::testing::logged;
using regru::testing::options_for;
using regru::testing::own_limiter;
using regru::testing::quick_retries;
using regru::testing::shipped;

namespace {

std::string name_of(std::size_t i) { return "bulk-" + std::to_string(i) + ".ru"; }

// {"domains": [{"dname": "bulk-0.ru"}, ...]} with `count` domains, and the other `fields`.
api::params domains(std::size_t count, api::params fields = {}) {
    json::array list;
    list.reserve(count);
    for (std::size_t i = 0; i < count; ++i) list.push_back(json::object{{"dname", name_of(i)}});
    fields["domains"] = std::move(list);
    return fields;
}

api::params txt_records(std::size_t count) { return domains(count, {{"subdomain", "@"}, {"text", "v=spf1 -all"}}); }

// Short pauses between attempts, and a limiter of its own allowing `per_minute` calls.
limited_client client_of(const std::string& endpoint, unsigned per_minute = 1000) {
    return limited_client(quick_retries(options_for(endpoint)), api::poco_transport(), {},
                          own_limiter({.per_user = api::rate{per_minute, 60'000ms}, .per_ip = std::nullopt}));
}

// The dname of each item, in order, checked against the names sent from `first` on.
void check_names_in_order(const json::array& items, std::size_t first, std::size_t count) {
    BOOST_TEST_REQUIRE(items.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
        if (items[i].at("dname").as_string() != name_of(first + i)) {
            BOOST_FAIL("item " << i << " is " << items[i].at("dname") << ", expected " << name_of(first + i));
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(split_and_merged)

BOOST_AUTO_TEST_CASE(a_check_of_2500_domains_takes_three_requests_and_answers_all_in_order) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.endpoint());
    auto answer = client.domain().check(domains(2500));
    BOOST_TEST_REQUIRE(answer.is_success(), answer.error_code() << " " << answer.error_text());
    BOOST_TEST(log.with("/domain/check 200 success").size() == 3u);
    check_names_in_order(answer.get("domains").as_array(), 0, 2500);
    BOOST_TEST_REQUIRE(answer.bulk() != nullptr);
    BOOST_TEST(answer.bulk()->list == "domains");
    BOOST_TEST(answer.bulk()->items == 2500u);
    BOOST_TEST(answer.bulk()->requests == 3u);
    BOOST_TEST(answer.bulk()->succeeded == 3u);
    BOOST_TEST(answer.bulk()->unprocessed.empty());
    BOOST_TEST(api::item_results(answer).size() == 2500u);
}

BOOST_AUTO_TEST_CASE(adding_2500_txt_records_takes_three_requests_each_within_the_services_limit) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.endpoint());
    auto answer = client.zone().add_txt(txt_records(2500));
    BOOST_TEST_REQUIRE(answer.is_success(), answer.error_code() << " " << answer.error_text());
    BOOST_TEST(log.with("/zone/add_txt 200 success").size() == 3u);
    check_names_in_order(answer.get("domains").as_array(), 0, 2500);
    BOOST_TEST(api::item_results(answer).all_succeeded());
}

BOOST_AUTO_TEST_CASE(the_mock_service_refuses_more_than_1000_items_as_the_service_does) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.endpoint());
    // 1001 items in one request: only a client that does not split can send that. Ours splits.
    BOOST_TEST(client.zone().add_txt(txt_records(1001)).is_success());
    BOOST_TEST(log.with("/zone/add_txt 200 success").size() == 2u);
    std::string endpoint = server.endpoint();
    api::http_request whole;
    whole.endpoint = endpoint;
    whole.method = *api::find_method("zone/add_txt");
    whole.body = "username=test&password=test&input_format=json&input_data=" +
                 json::serialize(txt_records(1001));
    whole.deadline = std::chrono::steady_clock::now() + 10s;
    auto raw = api::poco_transport().send(whole);
    BOOST_TEST(raw.body.find("TOO_MANY_OBJECTS_IN_ONE_REQUEST") != std::string::npos, raw.body.substr(0, 300));
}

BOOST_AUTO_TEST_CASE(each_request_is_a_call_of_its_own_for_the_observers) {
    mocks::mock_server server(shipped());
    auto opts = options_for(server.endpoint());
    std::vector<std::string> records;  // "part/parts: items"
    opts.observers.push_back(api::make_callback_log([&](const api::call_record& record) {
        auto line = api::to_json(record);  // as the JSONL log writes it
        records.push_back(json::serialize(line.at("part")) + "/" + json::serialize(line.at("parts")) + ": " +
                          std::to_string(record.params.at("domains").as_array().size()));
    }));
    std::vector<std::string> debug_lines;
    opts.debug = true;
    opts.debug_sink = [&](std::string_view line) { debug_lines.emplace_back(line); };
    opts.max_items_per_request = 400;
    api::client client(opts);
    BOOST_TEST(client.domain().check(domains(1000)).is_success());
    BOOST_TEST(records == (std::vector<std::string>{"1/3: 400", "2/3: 400", "3/3: 200"}), boost::test_tools::per_element());
    std::erase_if(debug_lines, [](const std::string& line) { return !line.starts_with("domain/check (request "); });
    BOOST_TEST(debug_lines.size() == 3u);
    BOOST_TEST(debug_lines.at(1).starts_with("domain/check (request 2 of 3): success"), debug_lines.at(1));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(a_request_that_fails)

BOOST_AUTO_TEST_CASE(a_write_whose_second_request_fails_names_every_item_not_processed) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.fault_endpoint("after/1/status/503"));
    auto answer = client.zone().add_txt(txt_records(2500));
    BOOST_TEST(answer.kind() == api::outcome::http_error);
    BOOST_TEST(answer.http_status() == 503);
    BOOST_TEST(log.with("/zone/add_txt 200 success").size() == 2u);  // the service acted on both
    BOOST_TEST(answer.attempts() == 1u);  // a write that may have reached it is never sent twice
    const auto* report = answer.bulk();
    BOOST_TEST_REQUIRE(report != nullptr);
    BOOST_TEST(report->succeeded == 1u);
    BOOST_TEST(report->failed_request_may_have_reached);
    check_names_in_order(report->processed.at("domains").as_array(), 0, 1000);
    check_names_in_order(report->unprocessed, 1000, 1500);
    BOOST_TEST(api::item_results(answer).size() == 1000u);
}

BOOST_AUTO_TEST_CASE(a_read_request_that_fails_is_retried_on_its_own_then_the_rest_is_unprocessed) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.fault_endpoint("after/1/status/503"));
    auto answer = client.domain().check(domains(2500));
    BOOST_TEST(answer.kind() == api::outcome::http_error);
    BOOST_TEST(answer.attempts() == 3u);
    BOOST_TEST(answer.why_stopped() == api::stop_reason::out_of_attempts);
    BOOST_TEST(log.with("/domain/check 200 success").size() == 4u);  // the first, then the second three times
    BOOST_TEST_REQUIRE(answer.bulk() != nullptr);
    check_names_in_order(answer.bulk()->unprocessed, 1000, 1500);
}

BOOST_AUTO_TEST_CASE(a_retried_request_that_then_succeeds_leaves_nothing_out) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    // The first two requests through this path fail: the first chunk is retried until it passes.
    auto client = client_of(server.fault_endpoint("first/2/status/503"));
    auto answer = client.domain().check(domains(2500));
    BOOST_TEST_REQUIRE(answer.is_success(), answer.error_code());
    BOOST_TEST(log.with("/domain/check 200 success").size() == 5u);
    check_names_in_order(answer.get("domains").as_array(), 0, 2500);
}

BOOST_AUTO_TEST_CASE(the_limiter_holds_the_third_request_and_nothing_more_is_sent) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.endpoint(), 2);
    auto answer = client.domain().check(domains(2500), {.on_limit = api::when_limited::fail});
    BOOST_TEST(answer.kind() == api::outcome::limited);
    BOOST_TEST(log.with("/domain/check").size() == 2u);
    BOOST_TEST_REQUIRE(answer.bulk() != nullptr);
    BOOST_TEST(answer.bulk()->succeeded == 2u);
    BOOST_TEST(!answer.bulk()->failed_request_may_have_reached);
    check_names_in_order(answer.bulk()->unprocessed, 2000, 500);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nothing_sent_on_bad_input)

BOOST_AUTO_TEST_CASE(a_bad_item_in_the_last_request_stops_the_call_before_the_first_is_sent) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto client = client_of(server.endpoint());
    auto input = domains(2500);
    input["domains"].as_array()[2400] = "not-an-object.ru";
    auto error = regru::testing::message_thrown<api::usage_error>([&] { client.domain().check(input); });
    BOOST_TEST(error.find("Item 2400 of 'domains'") != std::string::npos, error);
    input = domains(2500);
    input["domains"].as_array()[2400].as_object()["dname"] = "\xff\xfe.ru";  // not UTF-8
    error = regru::testing::message_thrown<api::usage_error>([&] { client.domain().check(input); });
    BOOST_TEST(error.find("not valid UTF-8") != std::string::npos, error);
    BOOST_TEST(log.all().empty());
}

BOOST_AUTO_TEST_CASE(two_long_lists_are_ambiguous_and_refused) {
    auto client = regru::testing::make_client();
    auto input = domains(1001);
    input["services"] = input["domains"];
    auto error = regru::testing::message_thrown<api::usage_error>([&] { client.service().get_info(input); });
    BOOST_TEST(error.find("Both 'domains' and 'services' of service/get_info hold more than 1000 items") !=
                   std::string::npos,
               error);
    BOOST_TEST(client.transport().requests().empty());
}

BOOST_AUTO_TEST_CASE(max_items_per_request_must_be_within_the_services_limit) {
    auto opts = regru::testing::test_options();
    for (std::size_t bad : {std::size_t{0}, std::size_t{1001}}) {
        opts.max_items_per_request = bad;
        auto error = regru::testing::message_thrown<api::usage_error>([&] { regru::testing::make_client(opts); });
        BOOST_TEST(error.find("max_items_per_request must be from 1 to 1000") != std::string::npos, error);
    }
}

BOOST_AUTO_TEST_SUITE_END()
