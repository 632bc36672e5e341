// The mock REG.API: test-mode behaviour over real HTTP, and the regru-mock-server program.
#define BOOST_TEST_MODULE mock_server
#include <boost/test/unit_test.hpp>

#include "support/log_lines.hpp"
#include "support/mock_endpoint.hpp"
#include "support/mock_server_program.hpp"
#include "support/temp_folder.hpp"

#include <regru/api.hpp>
#include <regru/api/form.hpp>
#include <regru/mocks/mock_server.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace json = boost::json;
namespace mocks = regru::mocks;
namespace api = regru::api;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using regru::testing::log_lines;
using regru::testing::logged;
using regru::testing::shipped;

namespace {

struct raw_answer {
    int status = 0;
    std::string body;
    json::value json() const { return json::parse(body); }
};

// One HTTP request to the server on `port`, exactly as given.
raw_answer raw(std::uint16_t port, const std::string& method, const std::string& uri, const std::string& body,
               const std::string& content_type = "application/x-www-form-urlencoded") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(30, 0));  // a server that never answers fails the test, slowly
    Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    if (method == "POST") {
        request.setContentType(content_type);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    raw_answer answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer.body);
    answer.status = response.getStatus();
    return answer;
}

raw_answer raw(const mocks::mock_server& server, const std::string& method, const std::string& uri,
               const std::string& body, const std::string& content_type = "application/x-www-form-urlencoded") {
    return raw(server.port(), method, uri, body, content_type);
}

std::string form(std::initializer_list<std::pair<std::string, std::string>> fields) {
    std::string body;
    for (const auto& [name, value] : fields) regru::api::append_form_field(body, name, value);
    return body;
}

std::string json_call(const std::string& username, const std::string& password, const std::string& input = "{}",
                      const std::string& lang = "") {
    std::string body = form({{"username", username}, {"password", password}, {"output_format", "json"},
                             {"input_format", "json"}, {"input_data", input}});
    if (!lang.empty()) regru::api::append_form_field(body, "lang", lang);
    return body;
}

raw_answer post(const mocks::mock_server& server, const std::string& method, const std::string& body) {
    return raw(server, "POST", "/api/regru2/" + method, body);
}

std::string code_of(const raw_answer& answer) { return std::string(answer.json().at("error_code").as_string()); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_test_account_works_and_others_do_not) {
    mocks::mock_server server(shipped());
    auto ok = post(server, "nop", json_call("test", "test"));
    BOOST_TEST(ok.status == 200);
    BOOST_TEST(ok.json().at("result") == "success");
    BOOST_TEST(ok.json().at("answer").at("login") == "test");

    BOOST_TEST(code_of(post(server, "nop", json_call("test", "wrong"))) == "USER_AUTHENTICATION_FAILED");
    BOOST_TEST(code_of(post(server, "nop", json_call("someone", "test"))) == "USER_AUTHENTICATION_FAILED");
    auto russian = post(server, "user/get_balance", json_call("test", "wrong", "{}", "ru"));
    BOOST_TEST(russian.json().at("error_text") == "Неверный логин или пароль.");
    BOOST_TEST(code_of(post(server, "nop", json_call("", ""))) == "NO_AUTH");
    BOOST_TEST(code_of(post(server, "nop", json_call("", "test"))) == "NO_USERNAME");
    // Methods open to everyone need no account.
    BOOST_TEST(post(server, "user/nop", json_call("", "")).json().at("result") == "success");
}

BOOST_AUTO_TEST_CASE(an_ipv6_address_gives_an_endpoint_a_client_can_use) {
    mocks::mock_server_options options;
    options.address = "::1";
    mocks::mock_server server(shipped(), options);
    BOOST_TEST(server.endpoint() == "http://[::1]:" + std::to_string(server.port()) + "/api/regru2");
    BOOST_TEST(server.fault_endpoint("delay/1") ==
               "http://[::1]:" + std::to_string(server.port()) + "/fault/delay/1/api/regru2");
    regru::api::client client(regru::testing::options_for(server.endpoint()));
    auto answer = client.nop();
    BOOST_TEST(answer.is_success(), answer.error_text());
}

BOOST_AUTO_TEST_CASE(recordings_for_named_accounts_answer_for_them) {
    mocks::mock_server server(shipped());
    auto blocked = post(server, "nop", json_call("blocked", "anything"));
    BOOST_TEST(code_of(blocked) == "ACCESS_DENIED_FROM_IP");
    BOOST_TEST(blocked.json().at("error_params").at("command_name") == "nop");
}

BOOST_AUTO_TEST_CASE(a_redacted_username_binds_no_account) {
    mocks::mock_server server(mocks::recording_set::from_json(
        R"({"recordings":[{"method":"nop","request":{"username":"<redacted>"},"body":{"result":"success","answer":{"which":"redacted"}}}]})",
        "redacted.json"));
    BOOST_TEST(post(server, "nop", json_call("test", "test")).json().at("answer").at("which") == "redacted");
    BOOST_TEST(code_of(post(server, "nop", json_call("someone", "any"))) == "USER_AUTHENTICATION_FAILED");
}

BOOST_AUTO_TEST_CASE(only_post_with_parameters_in_the_body) {
    mocks::mock_server server(shipped());
    auto get = raw(server, "GET", "/api/regru2/nop", "");
    BOOST_TEST(code_of(get) == "ONLY_POST_ALLOWED");
    auto query = raw(server, "POST", "/api/regru2/nop?username=test&password=test", json_call("test", "test"));
    BOOST_TEST(code_of(query) == "QUERY_PARAMS_DISALLOWED");
    BOOST_TEST(query.json().at("error_text") == "Query string parameters are disallowed. Pass parameters in form data.");
    BOOST_TEST(query.json().at("error_params").at("command_name") == "nop");
    BOOST_TEST(raw(server, "POST", "/elsewhere/nop", json_call("test", "test")).status == 404);
    BOOST_TEST(raw(server, "POST", "/api/regru2/nop", "{}", "application/json").status == 415);
    BOOST_TEST(raw(server, "POST", "/api/regru2/nop", "a=b", "multipart/form-data").status == 400);  // no boundary
    // Forms are read leniently, as the service reads them: "%zz" is just text.
    BOOST_TEST(code_of(raw(server, "POST", "/api/regru2/nop", "username=test&password=%zz")) ==
               "USER_AUTHENTICATION_FAILED");
}

BOOST_AUTO_TEST_CASE(unknown_methods_and_bad_input_data_are_api_errors) {
    mocks::mock_server server(shipped());
    auto unknown = post(server, "zone/frobnicate", json_call("test", "test"));
    BOOST_TEST(code_of(unknown) == "NO_SUCH_COMMAND");
    BOOST_TEST(unknown.json().at("error_params").at("command_name") == "zone/frobnicate");
    auto broken = post(server, "nop", json_call("test", "test", "{not json"));
    BOOST_TEST(code_of(broken) == "PARAMETER_INCORRECT");
    BOOST_TEST(std::string(broken.json().at("error_text").as_string()).starts_with("input_data is not a JSON object"));
    BOOST_TEST(code_of(post(server, "nop", json_call("test", "test", "[1,2]"))) == "PARAMETER_INCORRECT");
}

BOOST_AUTO_TEST_CASE(parameters_may_come_as_plain_form_fields) {
    mocks::mock_server server(shipped());
    auto plain = post(server, "user/get_balance",
                      form({{"username", "test"}, {"password", "test"}, {"currency", "UAH"}}));
    BOOST_TEST(plain.json().at("answer").at("currency") == "UAH");
}

BOOST_AUTO_TEST_CASE(show_input_params_echoes_the_parameters_and_the_credentials_as_received) {
    mocks::mock_server server(shipped());
    auto echoed = post(server, "domain/nop",
                       json_call("test", "test", R"({"show_input_params":1,"domain_name":"qqq.ru","leftdata":[1,2,3]})"));
    auto envelope = echoed.json();
    BOOST_TEST(envelope.at("input_params") ==
               json::parse(R"({"show_input_params":1,"domain_name":"qqq.ru","leftdata":[1,2,3],"username":"test","password":"test"})"));

    // The flag may also be a form field, beside input_data or among plain parameters.
    auto flagged = post(server, "domain/nop", json_call("test", "test", R"({"domain_name":"qqq.ru"})") + "&show_input_params=1");
    BOOST_TEST(flagged.json().at("input_params").at("password") == "test");
    auto plain = post(server, "domain/nop",
                      form({{"username", "test"}, {"password", "test"}, {"domain_name", "qqq.ru"}, {"show_input_params", "1"}}));
    BOOST_TEST(plain.json().at("input_params") ==
               json::parse(R"({"domain_name":"qqq.ru","show_input_params":"1","username":"test","password":"test"})"));
    BOOST_TEST(!post(server, "domain/nop", json_call("test", "test")).json().as_object().contains("input_params"));
}

BOOST_AUTO_TEST_CASE(a_request_no_recording_matches_gets_an_explanation) {
    auto only_uah = mocks::recording_set::from_json(
        R"({"recordings":[{"method":"user/get_balance","request":{"input_data":{"currency":"UAH"}},"body":{"result":"success","answer":{}}}]})",
        "only-uah");
    mocks::mock_server server(only_uah);
    auto missed = post(server, "user/get_balance", json_call("test", "test", R"({"currency":"USD"})"));
    BOOST_TEST(code_of(missed) == "NO_RECORDING");
    BOOST_TEST(std::string(missed.json().at("error_text").as_string()).find(R"(recorded "UAH", sent "USD")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(absolute_form_requests_from_proxies_are_understood) {
    mocks::mock_server server(shipped());
    auto answer = raw(server, "POST", "http://127.0.0.1:" + std::to_string(server.port()) + "/api/regru2/nop",
                      json_call("test", "test"));
    BOOST_TEST(answer.json().at("result") == "success");
}

namespace {

// The test account, and "other", an account of these recordings that answers whatever its
// password: nop, a balance, and refill_balance (a charges method) for each.
const mocks::recording_set& two_accounts() {
    static const auto set = mocks::recording_set::from_json(R"({"recordings":[
        {"method":"nop","body":{"result":"success","answer":{"login":"test","user_id":0}}},
        {"method":"nop","request":{"username":"other"},"body":{"result":"success","answer":{"login":"other","user_id":7}}},
        {"method":"user/get_balance","body":{"result":"success","answer":{"prepay":"1000","currency":"RUR"}}},
        {"method":"user/refill_balance","body":{"result":"success","answer":{"bill_id":"1"}}},
        {"method":"user/refill_balance","request":{"username":"other"},"body":{"result":"success","answer":{"bill_id":"2"}}}
    ]})", "accounts.json");
    return set;
}

const std::string refill = R"({"pay_type":"WM","amount":100,"currency":"RUR"})";

// An account of its own, answered whatever its password, so that the echo tests can send
// credentials that appear nowhere else.
const char* echo_account = R"({"recordings":[
    {"method":"domain/nop","request":{"username":"u-7c1f"},"body":{"result":"success","answer":{"service_id":"123456"}}}]})";
const std::string echo_username = "u-7c1f", echo_password = "pw-Zq93-hunter2";
const std::string echo_call = json_call(echo_username, echo_password, R"({"show_input_params":1,"domain_name":"qqq.ru"})");

// Whether the echo of `answer` holds the credentials it was sent.
bool echoes_credentials(const raw_answer& answer) {
    auto envelope = answer.json();
    const auto& params = envelope.at("input_params");
    return params.at("username") == json::value(echo_username) && params.at("password") == json::value(echo_password);
}

// Whether any line holds the username or the password.
bool shows_credentials(const std::vector<std::string>& lines) {
    return std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
        return line.find(echo_username) != std::string::npos || line.find(echo_password) != std::string::npos;
    });
}

steady::duration since(steady::time_point start) { return steady::now() - start; }

// A call and how long its answer took.
struct timed_answer {
    raw_answer answer;
    steady::duration took;
};

timed_answer timed_post(const mocks::mock_server& server, const std::string& method, const std::string& body) {
    auto started = steady::now();
    auto answer = post(server, method, body);
    return {answer, steady::now() - started};
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_log_never_holds_the_credentials_the_echo_holds) {
    log_lines log;
    mocks::mock_server server(mocks::recording_set::from_json(echo_account, "accounts.json"), logged(log));
    BOOST_TEST(echoes_credentials(post(server, "domain/nop", echo_call)));
    BOOST_TEST(code_of(post(server, "domain/frobnicate", echo_call)) == "NO_SUCH_COMMAND");
    BOOST_TEST(log.all().size() == 2u);
    BOOST_TEST(log.all().front() == "POST /api/regru2/domain/nop 200 success recorded accounts.json#1");
    BOOST_TEST(!shows_credentials(log.all()));
}

BOOST_AUTO_TEST_SUITE(rate_limit)

BOOST_AUTO_TEST_CASE(an_account_past_its_rate_is_refused_until_the_window_frees) {
    log_lines log;
    mocks::mock_server server(two_accounts(), logged(log, api::parse_rate("5/1")));
    auto first = steady::now();
    for (int i = 0; i < 5; ++i) BOOST_TEST(post(server, "nop", json_call("test", "test")).json().at("result") == "success");
    auto fifth = steady::now();
    auto sixth = post(server, "nop", json_call("test", "test"));
    BOOST_TEST_REQUIRE(since(first) < 1s);  // all six in one window, else the test proves nothing
    BOOST_TEST(sixth.status == 200);
    BOOST_TEST(code_of(sixth) == "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");  // both full: the account's code
    BOOST_TEST(sixth.json().at("error_text") == "Account exceeded allowed connection rate");
    BOOST_TEST(sixth.json().at("error_params").at("command_name") == "nop");
    auto russian = post(server, "nop", json_call("test", "test", "{}", "ru"));
    BOOST_TEST(russian.json().at("error_text") == "Превышена допустимая частота запросов для аккаунта");

    // Refused calls take no permit: had these counted, most would still be in the window below.
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(code_of(post(server, "nop", json_call("test", "test"))) == "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");
        std::this_thread::sleep_for(80ms);
    }
    std::this_thread::sleep_until(fifth + 1100ms);  // the five permits have left the window
    for (int i = 0; i < 5; ++i) BOOST_TEST(post(server, "nop", json_call("test", "test")).json().at("result") == "success");
    BOOST_TEST(code_of(post(server, "nop", json_call("test", "test"))) == "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");

    auto lines = log.all();
    BOOST_TEST(lines.size() == 18u);
    BOOST_TEST(lines[0] == "POST /api/regru2/nop 200 success recorded accounts.json#1");
    BOOST_TEST(lines[5] == "POST /api/regru2/nop 200 ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");
    BOOST_TEST(log.with("ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE").size() == 8u);
}

BOOST_AUTO_TEST_CASE(two_accounts_on_one_address_meet_the_address_limit) {
    log_lines log;
    mocks::mock_server server(two_accounts(), logged(log, api::parse_rate("5/10")));
    for (int i = 0; i < 3; ++i) BOOST_TEST(post(server, "nop", json_call("test", "test")).json().at("result") == "success");
    for (int i = 0; i < 2; ++i) BOOST_TEST(post(server, "nop", json_call("other", "any")).json().at("result") == "success");
    auto refused = post(server, "nop", json_call("other", "any"));  // "other" has used 2 of 5, the address 5
    BOOST_TEST(refused.status == 200);
    BOOST_TEST(code_of(refused) == "IP_EXCEEDED_ALLOWED_CONNECTION_RATE");
    BOOST_TEST(refused.json().at("error_text") == "IP exceeded allowed connection rate");
    BOOST_TEST(code_of(post(server, "nop", json_call("", ""))) == "IP_EXCEEDED_ALLOWED_CONNECTION_RATE");
    BOOST_TEST(log.all().back() == "POST /api/regru2/nop 200 IP_EXCEEDED_ALLOWED_CONNECTION_RATE");

    // Without the option nothing is counted.
    mocks::mock_server unlimited(two_accounts());
    for (int i = 0; i < 12; ++i) BOOST_TEST(post(unlimited, "nop", json_call("test", "test")).json().at("result") == "success");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(billing_delay)

BOOST_AUTO_TEST_CASE(a_second_charges_call_for_the_account_gets_billing_lock_at_once) {
    log_lines log;
    mocks::mock_server server(two_accounts(), logged(log, {}, 1500ms));
    auto pending = std::async(std::launch::async, [&] { return timed_post(server, "user/refill_balance", json_call("test", "test", refill)); });
    BOOST_TEST_REQUIRE(log.wait_for("user/refill_balance 200 success"));  // the first holds the lock

    auto second = timed_post(server, "user/refill_balance", json_call("test", "test", refill, "ru"));
    BOOST_TEST(second.answer.status == 200);
    BOOST_TEST(code_of(second.answer) == "BILLING_LOCK");
    BOOST_TEST(second.answer.json().at("error_text") == "Уже выполняется другая операция с балансом этого аккаунта. Повторите попытку позже.");
    BOOST_TEST(second.took < 750ms);

    auto first = pending.get();
    BOOST_TEST(first.answer.json().at("result") == "success");
    BOOST_TEST(first.took >= 1500ms);
    BOOST_TEST(log.with("user/refill_balance 200 BILLING_LOCK") ==
               std::vector<std::string>{"POST /api/regru2/user/refill_balance 200 BILLING_LOCK"});

    // Once the first is answered, the lock is free again.
    BOOST_TEST(post(server, "user/refill_balance", json_call("test", "test", refill)).json().at("result") == "success");
}

BOOST_AUTO_TEST_CASE(other_accounts_and_other_effects_are_not_held) {
    log_lines log;
    mocks::mock_server server(two_accounts(), logged(log, {}, 1500ms));
    auto pending = std::async(std::launch::async, [&] { return timed_post(server, "user/refill_balance", json_call("test", "test", refill)); });
    BOOST_TEST_REQUIRE(log.wait_for("user/refill_balance 200 success"));

    auto read = timed_post(server, "user/get_balance", json_call("test", "test"));  // effect read
    BOOST_TEST(read.answer.json().at("result") == "success");
    BOOST_TEST(read.took < 750ms);
    auto other = timed_post(server, "user/refill_balance", json_call("other", "any", refill));
    BOOST_TEST(other.answer.json().at("result") == "success");
    BOOST_TEST(other.answer.json().at("answer").at("bill_id") == "2");
    BOOST_TEST(other.took >= 1500ms);  // charges: its own delay, under its own lock

    BOOST_TEST(pending.get().answer.json().at("result") == "success");
    BOOST_TEST(log.with("BILLING_LOCK").empty());
}

BOOST_AUTO_TEST_CASE(stopping_the_server_ends_a_pending_delay) {
    log_lines log;
    auto server = std::make_unique<mocks::mock_server>(two_accounts(), logged(log, {}, 60s));
    auto pending = std::async(std::launch::async, [&] { return post(*server, "user/refill_balance", json_call("test", "test", refill)); });
    BOOST_TEST_REQUIRE(log.wait_for("user/refill_balance 200 success"));
    auto started = steady::now();
    server->stop();
    BOOST_TEST(since(started) < 2s);
    BOOST_CHECK_THROW(pending.get(), Poco::Exception);  // stopped: no answer
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(first_n_faults_hit_the_first_n_requests_of_their_path_and_server) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto through = [&](const mocks::mock_server& which, const std::string& fault) {
        return raw(which, "POST", "/fault/" + fault + "/api/regru2/nop", json_call("test", "test"));
    };
    BOOST_TEST(through(server, "first/2/status/503").status == 503);
    BOOST_TEST(through(server, "first/2/status/503").status == 503);
    auto third = through(server, "first/2/status/503");
    BOOST_TEST(third.status == 200);
    BOOST_TEST(third.json().at("result") == "success");
    BOOST_TEST(through(server, "first/2/status/503").json().at("result") == "success");

    // Another path counts for itself, even for the same fault.
    BOOST_TEST(through(server, "first/1/status/503").status == 503);
    BOOST_TEST(through(server, "first/1/status/503").status == 200);
    BOOST_TEST(through(server, "first/2/status/502").status == 502);

    // Another server counts for itself.
    mocks::mock_server another(shipped());
    BOOST_TEST(through(another, "first/2/status/503").status == 503);

    auto lines = log.all();
    BOOST_TEST_REQUIRE(lines.size() == 7u);
    BOOST_TEST(lines[0] == "POST /api/regru2/nop 200 success recorded root.json#4 [fault first/2/status/503]");
    BOOST_TEST(lines[1] == lines[0]);
    BOOST_TEST(lines[2] == "POST /api/regru2/nop 200 success recorded root.json#4");
}

BOOST_AUTO_TEST_CASE(a_lost_answer_is_handled_but_never_sent) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto started = steady::now();
    BOOST_CHECK_THROW(raw(server, "POST", "/fault/lost-answer/api/regru2/nop", json_call("test", "test")), Poco::Exception);
    BOOST_TEST(since(started) < 5s);
    BOOST_TEST(log.all() == std::vector<std::string>{"POST /api/regru2/nop 200 success recorded root.json#4 [fault lost-answer]"});
}

BOOST_AUTO_TEST_CASE(a_lost_answer_to_a_charges_call_leaves_the_client_not_knowing) {
    log_lines log;
    mocks::mock_server server(two_accounts(), logged(log, {}, 200ms));
    api::options options;
    options.username = "test";
    options.password = "test";
    options.endpoint = server.fault_endpoint("first/1/lost-answer");
    api::basic_client<api::poco_transport, api::json_codec> client(options);
    const api::method_ref refill_balance = *api::find_method("user/refill_balance");
    api::params input = json::parse(refill).as_object();

    auto lost = client.invoke(refill_balance, input);
    BOOST_TEST(lost.kind() == api::outcome::transport_error);
    BOOST_TEST(lost.failure() == api::transport_failure::io, lost.error_text());
    BOOST_TEST(server.requests() == 1u);  // sent once, and the server handled it:
    BOOST_TEST(log.all() == std::vector<std::string>{
                                "POST /api/regru2/user/refill_balance 200 success recorded accounts.json#4 [fault first/1/lost-answer]"});

    // The lock was released with the call: the next one, past the fault's first 1, succeeds.
    BOOST_TEST(client.invoke(refill_balance, input).is_success());
    BOOST_TEST(log.all().back() == "POST /api/regru2/user/refill_balance 200 success recorded accounts.json#4");
}

BOOST_AUTO_TEST_CASE(an_unknown_fault_is_refused_at_once) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log));
    auto started = steady::now();
    auto refused = raw(server, "POST", "/fault/bogus/api/regru2/nop", json_call("test", "test"));
    BOOST_TEST(since(started) < 500ms);
    BOOST_TEST(refused.status == 400);
    BOOST_TEST(refused.body.find("unknown fault kind \"bogus\"") != std::string::npos, refused.body);
    BOOST_TEST(refused.body.find("delay/MS") != std::string::npos, refused.body);
    BOOST_TEST(refused.body.find("lost-answer") != std::string::npos, refused.body);
    BOOST_TEST(refused.body.find("first/N/KIND[/ARG]") != std::string::npos, refused.body);
    BOOST_TEST(log.all().at(0).starts_with("POST /fault/bogus/api/regru2/nop 400 - [bad fault: unknown fault kind \"bogus\""),
               log.all().at(0));

    // Bad arguments too, rather than a fault of 0.
    auto no_count = raw(server, "POST", "/fault/first/x/status/503/api/regru2/nop", json_call("test", "test"));
    BOOST_TEST(no_count.status == 400);
    BOOST_TEST(no_count.body.find("first/N takes a whole number") != std::string::npos, no_count.body);
    auto no_delay = raw(server, "POST", "/fault/delay/soon/api/regru2/nop", json_call("test", "test"));
    BOOST_TEST(no_delay.status == 400);
    BOOST_TEST(no_delay.body.find("delay/MS takes a whole number, not \"soon\"") != std::string::npos, no_delay.body);
    BOOST_TEST(raw(server, "POST", "/fault/first/1/bogus/api/regru2/nop", json_call("test", "test")).status == 400);
    BOOST_TEST(server.requests() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()

using program = regru::testing::mock_server_program;

BOOST_AUTO_TEST_CASE(the_program_prints_its_endpoint_and_stops_on_sigterm) {
    program server({"--port", "0", "--recordings", REGRU_TEST_RECORDINGS_DIR});
    auto port = server.port();
    BOOST_TEST_REQUIRE(port > 0);
    BOOST_TEST(raw(port, "POST", "/api/regru2/nop", json_call("test", "test")).json().at("result") == "success");
    BOOST_TEST(server.stop() == 0);
    BOOST_TEST(server.err_lines() == std::vector<std::string>{"POST /api/regru2/nop 200 success recorded root.json#4"});
}

BOOST_AUTO_TEST_CASE(the_program_echoes_credentials_but_never_prints_them) {
    regru::testing::temp_folder folder;
    std::ofstream(folder / "accounts.json") << echo_account;
    program server({"--recordings", (folder / "accounts.json").string()});
    auto port = server.port();
    BOOST_TEST_REQUIRE(port > 0);
    BOOST_TEST(echoes_credentials(raw(port, "POST", "/api/regru2/domain/nop", echo_call)));
    BOOST_TEST(server.stop() == 0);
    auto lines = server.err_lines();
    BOOST_TEST(lines == std::vector<std::string>{"POST /api/regru2/domain/nop 200 success recorded accounts.json#1"});
    BOOST_TEST(!shows_credentials(lines));
    BOOST_TEST(!shows_credentials(server.out_lines()));
}

BOOST_AUTO_TEST_CASE(the_program_plays_the_limits_it_is_given) {
    program server({"--recordings", REGRU_TEST_RECORDINGS_DIR, "--rate-limit", "2/60", "--billing-delay", "300"});
    auto port = server.port();
    BOOST_TEST_REQUIRE(port > 0);
    auto started = steady::now();
    auto refilled = raw(port, "POST", "/api/regru2/user/refill_balance", json_call("test", "test", refill));
    BOOST_TEST(refilled.json().at("result") == "success");
    BOOST_TEST(since(started) >= 300ms);
    BOOST_TEST(raw(port, "POST", "/api/regru2/nop", json_call("test", "test")).json().at("result") == "success");
    BOOST_TEST(code_of(raw(port, "POST", "/api/regru2/nop", json_call("test", "test"))) ==
               "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");
    BOOST_TEST(server.stop() == 0);
    auto lines = server.err_lines();
    BOOST_TEST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0].starts_with("POST /api/regru2/user/refill_balance 200 success recorded user.json#"), lines[0]);
    BOOST_TEST(lines[2] == "POST /api/regru2/nop 200 ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");
    for (const auto& line : lines) BOOST_TEST(line.find("test&") == std::string::npos);  // never the form
}

BOOST_AUTO_TEST_CASE(the_program_lets_its_extra_accounts_in_and_keeps_state_without_logging_passwords) {
    program server({"--recordings", REGRU_TEST_RECORDINGS_DIR, "--account", "alice:pa55word", "--stateful"});
    auto port = server.port();
    BOOST_TEST_REQUIRE(port > 0);
    auto added = raw(port, "POST", "/api/regru2/zone/add_txt",
                     json_call("alice", "pa55word", R"({"domain_name":"a.ru","subdomain":"@","text":"t"})"));
    BOOST_TEST(added.json().at("result") == "success");
    auto read = raw(port, "POST", "/api/regru2/zone/get_resource_records", json_call("alice", "pa55word", R"({"dname":"a.ru"})"));
    BOOST_TEST(read.json().at("answer").at("domains").at(0).at("rrs").at(0).at("content") == "t");
    BOOST_TEST(code_of(raw(port, "POST", "/api/regru2/nop", json_call("alice", "other"))) == "USER_AUTHENTICATION_FAILED");
    BOOST_TEST(server.stop() == 0);
    auto lines = server.err_lines();
    BOOST_TEST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0] == "POST /api/regru2/zone/add_txt 200 success simulated");
    for (const auto& line : lines) BOOST_TEST(line.find("pa55word") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_program_refuses_bad_options_with_exit_status_2) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--rate-limit", "5"}, "--rate-limit: Invalid rate '5': no '/'"},
        {{"--rate-limit", "x/1"}, "--rate-limit: Invalid rate 'x/1': the number of calls is not a whole number"},
        {{"--rate-limit", "5/0"}, "--rate-limit: Invalid rate '5/0': the window must be"},
        {{"--billing-delay", "-3"}, "--billing-delay takes a whole number from 0 to 86400000, not '-3'"},
        {{"--billing-delay", "soon"}, "--billing-delay takes a whole number"},
        {{"--billing-delay"}, "--billing-delay needs a value"},
        {{"--account", "alice"}, "--account: an account is NAME:PASSWORD, and this one has no ':'"},
        {{"--account", "alice:"}, "--account: account alice needs a password after ':'"},
        {{"--state", "state.json"}, "--state needs --stateful"},
    };
    for (const auto& [args, says] : cases) {
        BOOST_TEST_CONTEXT(args.back()) {
            program refused(args);
            BOOST_TEST(refused.process.wait() == 2);
            auto lines = refused.err_lines();
            BOOST_TEST_REQUIRE(!lines.empty());
            BOOST_TEST(lines[0].starts_with("regru-mock-server: " + says), lines[0]);
        }
    }
}
