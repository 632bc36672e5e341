// The mock REG.API's extra accounts and stateful mode (simulator.hpp), through the library's
// client over HTTP.
#define BOOST_TEST_MODULE mock_stateful
#include <boost/test/unit_test.hpp>

#include "support/log_lines.hpp"
#include "support/mock_endpoint.hpp"
#include "support/temp_folder.hpp"

#include <regru/api.hpp>
#include <regru/mocks/mock_server.hpp>
#include <regru/mocks/simulator.hpp>

#include <boost/json/array.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace json = boost::json;
namespace mocks = regru::mocks;
namespace api = regru::api;

namespace {

using regru::testing::log_lines;
using regru::testing::options_for;
using regru::testing::shipped;

mocks::mock_server_options stateful(std::filesystem::path state_file = {}) {
    mocks::mock_server_options options;
    options.stateful = true;
    options.state_file = std::move(state_file);
    return options;
}

api::client client_of(const mocks::mock_server& server, std::string username = "test", std::string password = "test") {
    auto opts = options_for(server.endpoint());
    opts.username = std::move(username);
    opts.password = std::move(password);
    return api::client(std::move(opts));
}

api::response call(const api::client& client, std::string_view path, const json::object& input = {}) {
    auto slash = path.find('/');
    return client.call(path.substr(0, slash), path.substr(slash + 1), input);
}

const json::object& first_domain(const api::response& answer) {
    return answer.answer().at("domains").at(0).as_object();
}

// The records of `domain`, as get_resource_records answers.
json::array records_of(const api::client& client, std::string_view domain) {
    auto answer = call(client, "zone/get_resource_records", {{"domains", json::array{json::object{{"dname", domain}}}}});
    BOOST_TEST_REQUIRE(answer.is_success());
    return first_domain(answer).at("rrs").as_array();
}

bool has_record(const json::array& rrs, std::string_view rectype, std::string_view subname, std::string_view content) {
    return std::any_of(rrs.begin(), rrs.end(), [&](const json::value& rr) {
        return rr.at("rectype") == json::value(rectype) && rr.at("subname") == json::value(subname) &&
               rr.at("content") == json::value(content);
    });
}

json::object on(std::string_view domain, json::object fields) {
    fields["domains"] = json::array{json::object{{"dname", domain}}};
    return fields;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_acme_dns01_round_adds_reads_and_removes_the_challenge) {
    mocks::mock_server server(shipped(), stateful());
    auto client = client_of(server);
    auto added = call(client, "zone/add_txt", on("example.com", {{"subdomain", "_acme-challenge"}, {"text", "token-1"}}));
    BOOST_TEST_REQUIRE(added.is_success());
    BOOST_TEST(first_domain(added).at("result") == "success");
    BOOST_TEST(has_record(records_of(client, "example.com"), "TXT", "_acme-challenge", "token-1"));

    auto removed = call(client, "zone/remove_record",
                        on("example.com", {{"subdomain", "_acme-challenge"}, {"record_type", "TXT"}, {"content", "token-1"}}));
    BOOST_TEST_REQUIRE(removed.is_success());
    BOOST_TEST(records_of(client, "example.com").empty());
}

BOOST_AUTO_TEST_CASE(records_added_from_many_threads_are_all_kept) {
    mocks::mock_server server(shipped(), stateful());
    constexpr int threads = 8, each = 10;
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t) {
        writers.emplace_back([&server, t] {
            auto client = client_of(server);
            for (int i = 0; i < each; ++i) {
                auto text = std::to_string(t) + "-" + std::to_string(i);
                call(client, "zone/add_txt", on("busy.ru", {{"subdomain", "@"}, {"text", text}}));
            }
        });
    }
    for (auto& writer : writers) writer.join();
    BOOST_TEST(records_of(client_of(server), "busy.ru").size() == std::size_t{threads * each});
}

BOOST_AUTO_TEST_CASE(update_records_applies_every_action_or_none) {
    mocks::mock_server server(shipped(), stateful());
    auto client = client_of(server);
    json::array actions{json::object{{"action", "add_alias"}, {"subdomain", "www"}, {"ipaddr", "11.22.33.44"}},
                        json::object{{"action", "add_mx"}, {"mail_server", "mx.test.ru"}, {"priority", "10"}}};
    auto done = call(client, "zone/update_records",
                     {{"domains", json::array{json::object{{"dname", "test.ru"}, {"action_list", actions}}}}});
    BOOST_TEST_REQUIRE(done.is_success());
    BOOST_TEST(first_domain(done).at("action_list").as_array().size() == 2u);
    auto rrs = records_of(client, "test.ru");
    BOOST_TEST(has_record(rrs, "A", "www", "11.22.33.44"));
    BOOST_TEST(has_record(rrs, "MX", "@", "mx.test.ru"));

    json::array bad{json::object{{"action", "add_txt"}, {"subdomain", "x"}, {"text", "kept?"}},
                    json::object{{"action", "add_aalias"}, {"subdomain", "www"}, {"ipaddr", "1.2.3.4"}}};
    auto refused = call(client, "zone/update_records", on("test.ru", {{"action_list", bad}}));
    BOOST_TEST_REQUIRE(refused.is_success());  // the error is the item's, as the service does
    BOOST_TEST(first_domain(refused).at("error_code") == "INVALID_ACTION");
    BOOST_TEST(records_of(client, "test.ru").size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_cname_cannot_share_its_name_and_duplicates_are_refused) {
    mocks::mock_server server(shipped(), stateful());
    auto client = client_of(server);
    BOOST_TEST_REQUIRE(call(client, "zone/add_alias", on("test.ru", {{"subdomain", "www"}, {"ipaddr", "1.2.3.4"}})).is_success());
    auto conflict = call(client, "zone/add_cname", on("test.ru", {{"subdomain", "www"}, {"canonical_name", "test.ru."}}));
    BOOST_TEST(first_domain(conflict).at("result") == "error");
    BOOST_TEST(first_domain(conflict).at("error_code") == "CONFLICT_CNAME");
    auto again = call(client, "zone/add_alias", on("test.ru", {{"subdomain", "www"}, {"ipaddr", "1.2.3.4"}}));
    BOOST_TEST(first_domain(again).at("error_code") == "RECORD_ALREADY_EXISTS");
    BOOST_TEST(records_of(client, "test.ru").size() == 1u);
}

BOOST_AUTO_TEST_CASE(folders_hold_what_was_put_in_them) {
    mocks::mock_server server(shipped(), stateful());
    auto client = client_of(server);
    BOOST_TEST_REQUIRE(call(client, "folder/create", {{"folder_name", "clients"}}).is_success());
    BOOST_TEST(call(client, "folder/create", {{"folder_name", "clients"}}).error_code() == "FOLDER_ALREADY_EXISTS");
    json::array services{json::object{{"domain_name", "a.ru"}}, json::object{{"domain_name", "b.ru"}}};
    BOOST_TEST_REQUIRE(call(client, "folder/add_services", {{"folder_name", "clients"}, {"services", services}}).is_success());
    BOOST_TEST_REQUIRE(call(client, "folder/rename", {{"folder_name", "clients"}, {"new_folder_name", "vip"}}).is_success());
    json::array one{json::object{{"domain_name", "a.ru"}}};
    BOOST_TEST_REQUIRE(call(client, "folder/remove_services", {{"folder_name", "vip"}, {"services", one}}).is_success());

    auto listed = call(client, "folder/get_services", {{"folder_name", "vip"}});
    BOOST_TEST_REQUIRE(listed.is_success());
    const json::array& content = listed.answer().at("folder_content").as_array();
    BOOST_TEST_REQUIRE(content.size() == 1u);
    BOOST_TEST(content.at(0).at("domain_name") == "b.ru");
    BOOST_TEST_REQUIRE(call(client, "folder/remove", {{"folder_name", "vip"}}).is_success());
    BOOST_TEST(call(client, "folder/get_services", {{"folder_name", "vip"}}).error_code() == "FOLDER_NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(charges_take_the_price_until_the_money_runs_out) {
    mocks::mock_server server(shipped(), stateful());
    auto client = client_of(server);
    json::object order{{"domain_name", "new-domain.ru"}};
    BOOST_TEST(call(client, "domain/create", order).error_code() != "NOT_ENOUGH_MONEY");  // 1000 - 590
    auto broke = call(client, "domain/create", order);
    BOOST_TEST(broke.error_code() == "NOT_ENOUGH_MONEY");
    BOOST_TEST(call(client, "user/get_balance").answer().at("prepay") == "410.00");

    BOOST_TEST_REQUIRE(call(client, "user/refill_balance", {{"amount", "1000"}, {"pay_type", "WM"}, {"currency", "RUR"}}).is_success());
    BOOST_TEST(call(client, "user/get_balance").answer().at("prepay") == "1410.00");
    BOOST_TEST(call(client, "domain/create", order).error_code() != "NOT_ENOUGH_MONEY");
    BOOST_TEST(call(client, "user/get_balance").answer().at("prepay") == "820.00");
}

BOOST_AUTO_TEST_CASE(a_domain_costs_the_recorded_price_of_its_zone) {
    mocks::mock_server server(shipped(), stateful());
    auto client = client_of(server);
    call(client, "domain/create", {{"domain_name", "new-domain.com"}});  // 450 in domain.json
    BOOST_TEST(call(client, "user/get_balance").answer().at("prepay") == "550.00");
    call(client, "service/create", {{"domain_name", "new-domain.com"}, {"servtype", "srv_hosting_ispmgr"}});  // 300, from price_list()
    BOOST_TEST(call(client, "user/get_balance").answer().at("prepay") == "250.00");
}

BOOST_AUTO_TEST_CASE(the_state_is_saved_reloaded_and_reset) {
    regru::testing::temp_folder folder;
    auto file = folder / "state.json";
    {
        mocks::mock_server server(shipped(), stateful(file));
        auto client = client_of(server);
        BOOST_TEST_REQUIRE(call(client, "zone/add_txt", on("kept.ru", {{"subdomain", "@"}, {"text", "saved"}})).is_success());
    }
    mocks::mock_server reloaded(shipped(), stateful(file));
    auto client = client_of(reloaded);
    BOOST_TEST(has_record(records_of(client, "kept.ru"), "TXT", "@", "saved"));

    BOOST_TEST_REQUIRE(call(client, "mock/reset").is_success());
    BOOST_TEST(records_of(client, "kept.ru").empty());
    mocks::mock_server after_reset(shipped(), stateful(file));
    BOOST_TEST(records_of(client_of(after_reset), "kept.ru").empty());
}

BOOST_AUTO_TEST_CASE(extra_accounts_are_let_in_with_their_own_state_and_their_passwords_stay_out_of_the_log) {
    log_lines log;
    auto options = stateful();
    options.accounts = {mocks::parse_account("alice:s3cret:x")};
    options.log = log.sink();
    mocks::mock_server server(shipped(), options);
    auto alice = client_of(server, "alice", "s3cret:x");
    BOOST_TEST(call(alice, "zone/nop", {{"domain_name", "a.ru"}}).is_success());  // from the recordings
    BOOST_TEST_REQUIRE(call(alice, "zone/add_txt", on("a.ru", {{"subdomain", "@"}, {"text", "alice's"}})).is_success());
    BOOST_TEST(records_of(client_of(server), "a.ru").empty());  // test's zone is another one
    BOOST_TEST(call(client_of(server, "alice", "wrong"), "zone/nop").error_code() == "USER_AUTHENTICATION_FAILED");
    BOOST_TEST(call(client_of(server, "bob", "s3cret:x"), "zone/nop").error_code() == "USER_AUTHENTICATION_FAILED");
    for (const auto& line : log.all()) BOOST_TEST(line.find("s3cret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_account_spec_needs_a_name_a_colon_and_a_password) {
    auto parsed = mocks::parse_account("a:b:c");
    BOOST_TEST(parsed.name == "a");
    BOOST_TEST(parsed.password == "b:c");
    for (std::string_view bad : {"nocolon", ":pw", "name:"}) BOOST_CHECK_THROW(mocks::parse_account(bad), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(without_stateful_mode_the_recordings_answer_and_nothing_is_kept) {
    mocks::mock_server server(shipped());
    auto client = client_of(server);
    BOOST_TEST(call(client, "mock/reset").error_code() == "NO_SUCH_COMMAND");
    auto balance = call(client, "user/get_balance");
    BOOST_TEST_REQUIRE(balance.is_success());
    auto again = call(client, "user/get_balance");
    BOOST_TEST(balance.answer() == again.answer());
}
