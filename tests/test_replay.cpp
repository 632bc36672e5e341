// The recorded-response mock transport: the shipped recordings, the matching rules, and the
// errors for requests and recordings that do not fit.
#define BOOST_TEST_MODULE replay
#include <boost/test/unit_test.hpp>

#include "support/test_client.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/mocks/replay_transport.hpp>

#include <boost/json/parse.hpp>

namespace api = regru::api;
namespace json = boost::json;
namespace mocks = regru::mocks;

namespace {

using replay_client = api::basic_client<mocks::replay_transport, api::json_codec>;

const mocks::recording_set& shipped() {
    static const auto set = mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR);
    return set;
}

replay_client client_for(const mocks::recording_set& set, api::options opts = regru::testing::test_options()) {
    return replay_client(std::move(opts), mocks::replay_transport(set));
}

mocks::recording_set inline_set(std::string_view text) { return mocks::recording_set::from_json(text, "inline"); }

std::string refusal(const mocks::recording_set& set, std::string_view path, const api::params& input) {
    auto client = client_for(set);
    try {
        client.invoke(*api::find_method(path), input);
    } catch (const mocks::unmatched_request& e) {
        return e.what();
    }
    return "";
}

std::string load_error(std::string_view text) {
    try {
        inline_set(text);
    } catch (const mocks::bad_recording& e) {
        return e.what();
    }
    return "";
}

const char* balance_in_uah = R"({"recordings":[
  {"name":"balance in UAH","method":"user/get_balance","request":{"input_data":{"currency":"UAH"}},
   "body":{"result":"success","answer":{"currency":"UAH","prepay":"1000"}}},
  {"name":"create","method":"user/create","request":{"input_data":{"user_login":"digory","user_password":"x"}},
   "body":{"result":"success","answer":{"user_id":"777"}}}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(shipped_recordings)

BOOST_AUTO_TEST_CASE(every_method_has_a_default_success) {
    auto client = client_for(shipped());
    for (const auto& method : api::known_methods()) {
        BOOST_TEST_CONTEXT(method.path) {
            auto answer = client.invoke(method);
            BOOST_TEST(answer.is_success(), answer.error_code() << ": " << answer.error_text());
        }
    }
}

BOOST_AUTO_TEST_CASE(every_recording_answers_a_request_that_matches_it) {
    BOOST_TEST(shipped().entries().size() > 122u);
    for (const auto& entry : shipped().entries()) {
        BOOST_TEST_CONTEXT(entry.origin << " " << entry.name) {
            auto opts = regru::testing::test_options();
            for (const auto& [name, value] : entry.fields) {
                if (name == "username") opts.username = value;
                if (name == "lang") opts.lang = value;
                if (name == "io_encoding") opts.io_encoding = value;
            }
            auto client = client_for(shipped(), opts);
            auto slash = entry.method.find('/');
            auto answer = slash == std::string::npos
                              ? client.call("", entry.method, entry.input_data)
                              : client.call(entry.method.substr(0, slash), entry.method.substr(slash + 1), entry.input_data);
            // Served this very entry, not one that shadows it.
            BOOST_TEST(answer.body() == entry.body);
            BOOST_TEST(answer.http_status() == entry.status);
            if (entry.status != 200) {
                BOOST_TEST(answer.is_service_fail());
            } else if (answer.kind() != api::outcome::bad_answer) {
                auto result = json::parse(entry.body).at("result");
                BOOST_TEST(answer.is_success() == (result == "success"));
                if (!answer.is_success()) BOOST_TEST(!answer.error_code().empty());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_test_account_answers_like_test_mode) {
    auto client = client_for(shipped());
    auto nop = client.nop();
    BOOST_TEST(nop.is_success());
    BOOST_TEST(*nop.get<long>("user_id") == 0);
    BOOST_TEST(*nop.get<std::string>("login") == "test");

    auto opts = regru::testing::test_options();
    opts.username = "bad";
    auto refused = client_for(shipped(), opts).nop();
    BOOST_TEST(refused.error_code() == "USER_AUTHENTICATION_FAILED");
}

BOOST_AUTO_TEST_CASE(per_item_errors_are_recorded) {
    auto client = client_for(shipped());
    auto check = client.domain().check({{"domains", json::array{json::object{{"dname", "ya.ru"}},
                                                                json::object{{"dname", "yayayayayaya.ru"}},
                                                                json::object{{"dname", "xn--000.com"}}}}});
    BOOST_TEST(check.is_success());
    const auto& domains = check.get("domains").as_array();
    BOOST_TEST_REQUIRE(domains.size() == 3u);
    BOOST_TEST(domains[0].at("error_code") == "DOMAIN_ALREADY_EXISTS");
    BOOST_TEST(domains[1].at("result") == "Available");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(matching)

BOOST_AUTO_TEST_CASE(the_most_specific_match_wins_and_ties_go_to_the_first) {
    auto set = inline_set(R"({"recordings":[
      {"name":"any","method":"nop","body":{"result":"success","answer":{"which":"any"}}},
      {"name":"one","method":"nop","request":{"input_data":{"a":1}},"body":{"result":"success","answer":{"which":"one"}}},
      {"name":"two","method":"nop","request":{"input_data":{"a":1,"b":{"c":[1,"x"]}}},"body":{"result":"success","answer":{"which":"two"}}},
      {"name":"twin","method":"nop","request":{"input_data":{"a":1}},"body":{"result":"success","answer":{"which":"twin"}}},
      {"name":"ru","method":"nop","request":{"lang":"ru"},"body":{"result":"success","answer":{"which":"ru"}}}]})");
    auto client = client_for(set);
    BOOST_TEST(client.nop().get("which") == "any");
    BOOST_TEST(client.nop({{"a", 1}, {"z", 0}}).get("which") == "one");
    BOOST_TEST(client.nop({{"a", "1"}}).get("which") == "one");  // 1 and "1" are the same number
    BOOST_TEST(client.nop({{"a", 1}, {"b", {{"c", json::array{1, "x"}}}}}).get("which") == "two");
    BOOST_TEST(client.nop({{"a", 1}, {"b", {{"c", json::array{1, "x", 2}}}}}).get("which") == "one");
    client.set_lang("ru");
    BOOST_TEST(client.nop().get("which") == "ru");
}

BOOST_AUTO_TEST_CASE(an_unmatched_request_names_itself_and_the_nearest_recordings) {
    auto set = inline_set(balance_in_uah);
    std::string message = refusal(set, "user/get_balance", {{"currency", "USD"}});
    BOOST_TEST(message.find("no recording matches POST user/get_balance") != std::string::npos, message);
    BOOST_TEST(message.find(R"(input_data {"currency":"USD"})") != std::string::npos, message);
    BOOST_TEST(message.find(R"(inline#1 "balance in UAH" (input_data.currency: recorded "UAH", sent "USD"))") != std::string::npos, message);

    message = refusal(set, "user/nop", {});
    BOOST_TEST(message.find("there is no recording of user/nop") != std::string::npos, message);
    BOOST_TEST(message.find("recorded nearby: user/get_balance user/create") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(unmatched_messages_never_show_secrets) {
    auto set = inline_set(balance_in_uah);
    std::string message = refusal(set, "user/create", {{"user_login", "digory"}, {"user_password", "hunter2-secret"}});
    BOOST_TEST(!message.empty());
    BOOST_TEST(message.find("hunter2") == std::string::npos, message);
    BOOST_TEST(message.find("<redacted>") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(broken_recordings_are_refused_with_the_place_and_the_reason) {
    struct probe {
        const char* text;
        const char* says;
    };
    for (const auto& [text, says] : std::vector<probe>{
             {"{", "inline: not valid JSON"},
             {R"({"entries":[]})", "expected {\"recordings\": [...]}"},
             {R"({"recordings":[{"method":"nop","body":{},"request":{"password":"x"}}]})", "inline#1: recordings never hold passwords"},
             {R"({"recordings":[{"method":"nop","body":{}},{"method":"nop","bdy":{}}]})", "inline#2: unknown key \"bdy\""},
             {R"({"recordings":[{"method":"nop","body":{},"body_text":"x"}]})", "exactly one of \"body\" and \"body_text\""},
             {R"({"recordings":[{"method":"zone/../x","body":{}}]})", "\"method\" must be"},
             {R"({"recordings":[{"method":"nop","body":{},"status":42}]})", "\"status\" must be an HTTP status"},
             {R"({"recordings":[{"method":"nop","body":{},"request":{"lang":1}}]})", "request.lang must be a string"},
             {R"({"recordings":[{"method":"nop","body":{},"request":{"ipaddr":"1"}}]})", "unknown key request.ipaddr"}}) {
        BOOST_TEST_CONTEXT(text) {
            std::string message = load_error(text);
            BOOST_TEST(message.find(says) != std::string::npos, message);
        }
    }
}

BOOST_AUTO_TEST_CASE(body_text_is_served_verbatim_with_its_status) {
    auto set = inline_set(R"({"recordings":[{"method":"nop","status":503,"content_type":"text/html","body_text":"<h1>down</h1>"}]})");
    auto answer = client_for(set).nop();
    BOOST_TEST(answer.is_service_fail());
    BOOST_TEST(answer.http_status() == 503);
    BOOST_TEST(answer.body() == "<h1>down</h1>");
    BOOST_TEST(answer.content_type() == "text/html");
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_a_clear_error) {
    BOOST_CHECK_EXCEPTION(mocks::recording_set::from_directory("/nonexistent/recordings"), mocks::bad_recording,
                          [](const auto& e) { return std::string(e.what()).find("/nonexistent/recordings") == 0; });
}

BOOST_AUTO_TEST_SUITE_END()
