// The recorded-response mock transport: the shipped recordings, the matching rules, the
// charsets, and what becomes of requests and recordings that do not fit.
#define BOOST_TEST_MODULE replay
#include <boost/test/unit_test.hpp>

#include "support/shipped_recordings.hpp"
#include "support/test_client.hpp"
#include "support/valid_requests.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/encoding.hpp>
#include <regru/mocks/mock_service.hpp>
#include <regru/mocks/replay_transport.hpp>
#include <regru/mocks/validation.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <thread>

namespace api = regru::api;
namespace encoding = regru::encoding;
namespace json = boost::json;
namespace mocks = regru::mocks;
using regru::testing::form_sent;
using regru::testing::shipped;

namespace {

using replay_client = api::basic_client<mocks::replay_transport, api::json_codec>;

replay_client client_for(const mocks::replay_transport& replay, api::options opts = regru::testing::test_options()) {
    return replay_client(std::move(opts), replay);
}

replay_client client_for(const mocks::recording_set& set, api::options opts = regru::testing::test_options()) {
    return client_for(mocks::replay_transport(set), std::move(opts));
}

mocks::recording_set inline_set(std::string_view text) { return mocks::recording_set::from_json(text, "inline"); }

// Why the replay of this call missed: the text of its transport failure.
std::string refusal(const mocks::recording_set& set, std::string_view path, const api::params& input) {
    auto answer = client_for(set).invoke(*api::find_method(path), input);
    BOOST_TEST_REQUIRE(answer.failure() == api::transport_failure::no_answer);
    return std::string(answer.error_text());
}

bool holds(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// A request to `path` with the form `body`, as a client hands it to its transport.
api::http_request request_to(std::string_view path, std::string body) {
    api::http_request request;
    request.endpoint = "https://api.example.test/api/regru2";
    request.method = *api::find_method(path);
    request.body = std::move(body);
    return request;
}

api::options options_in(encoding::charset charset) {
    auto opts = regru::testing::test_options();
    opts.io_encoding = std::string(encoding::name(charset));
    return opts;
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

namespace {

// A call with Cyrillic parameters, recorded (in UTF-8, as recordings are) with an answer in
// Cyrillic, a character no single-byte charset has, and a "charset" field, as the service
// writes its envelopes.
const char* greeting = R"({"recordings":[
  {"name":"greeting","method":"zone/add_txt","request":{"input_data":{"subdomain":"почта","text":"Привет, мир"}},
   "body":{"result":"success","charset":"utf-8","answer":{"greeting":"Здравствуйте ✓"}}}]})";

const api::params greeting_input{{"domain_name", "test.ru"}, {"subdomain", "почта"}, {"text", "Привет, мир"}};

}  // namespace

BOOST_AUTO_TEST_SUITE(charsets)

BOOST_AUTO_TEST_CASE(a_cp1251_request_is_decoded_and_its_answer_encoded_in_cp1251) {
    mocks::replay_transport replay(inline_set(greeting));
    const auto cp1251 = encoding::charset::cp1251;
    std::string sent = form_sent(options_in(cp1251), "zone/add_txt", greeting_input);
    auto form = api::parse_form(sent);
    BOOST_TEST_REQUIRE(encoding::find_invalid_utf8(*api::find_field(form, "input_data")) != std::string::npos);

    auto raw = replay.send(request_to("zone/add_txt", sent));
    BOOST_TEST(raw.status == 200);
    BOOST_TEST(raw.content_type == "text/plain; charset=windows-1251");
    BOOST_TEST(holds(raw.body, encoding::from_utf8(cp1251, "Здравствуйте")));
    BOOST_TEST(!holds(raw.body, "Здравствуйте"));
    BOOST_TEST(holds(raw.body, "\\u2713"));  // not in CP1251: a JSON escape
    auto envelope = json::parse(encoding::to_utf8(cp1251, raw.body));
    BOOST_TEST(envelope.at("charset") == "windows-1251");
    BOOST_TEST(envelope.at("answer").at("greeting") == "Здравствуйте ✓");

    auto answer = client_for(replay, options_in(cp1251)).zone().add_txt(greeting_input);
    BOOST_TEST_REQUIRE(answer.is_success(), answer.error_text());
    BOOST_TEST(answer.body() == raw.body);
    BOOST_TEST(*answer.get<std::string>("greeting") == "Здравствуйте ✓");
}

BOOST_AUTO_TEST_CASE(every_single_byte_charset_is_read_and_written) {
    mocks::replay_transport replay(inline_set(greeting));
    for (auto charset : encoding::all_charsets) {
        if (charset == encoding::charset::utf8) continue;
        BOOST_TEST_CONTEXT(encoding::name(charset)) {
            auto answer = client_for(replay, options_in(charset)).zone().add_txt(greeting_input);
            BOOST_TEST_REQUIRE(answer.is_success(), answer.error_text());
            BOOST_TEST(answer.content_type() == "text/plain; charset=" + std::string(encoding::mime_name(charset)));
            BOOST_TEST(holds(answer.body(), encoding::from_utf8(charset, "Здравствуйте")));
            BOOST_TEST(*answer.get<std::string>("greeting") == "Здравствуйте ✓");
        }
    }
    BOOST_TEST(replay.misses().empty());
}

BOOST_AUTO_TEST_CASE(replay_and_the_mock_service_write_the_same_bytes_in_every_charset) {
    auto set = inline_set(greeting);
    mocks::replay_transport replay(set);
    mocks::mock_service service(set);
    for (auto charset : encoding::all_charsets) {
        BOOST_TEST_CONTEXT(encoding::name(charset)) {
            std::string sent = form_sent(options_in(charset), "zone/add_txt", greeting_input);
            auto served = service.answer({"POST", "/api/regru2/zone/add_txt", "", api::form_content_type, sent, "127.0.0.1"});
            auto replayed = replay.send(request_to("zone/add_txt", sent));
            BOOST_TEST(served.summary == "success recorded inline#1");
            BOOST_TEST(replayed.status == served.status);
            BOOST_TEST(replayed.content_type == served.content_type);
            BOOST_TEST(replayed.body == served.body);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(misses)

BOOST_AUTO_TEST_CASE(a_miss_is_a_transport_failure_that_explains_itself) {
    mocks::replay_transport replay(inline_set(balance_in_uah));
    auto answer = client_for(replay).invoke(*api::find_method("user/get_balance"), {{"currency", "USD"}});
    BOOST_TEST(answer.kind() == api::outcome::transport_error);
    BOOST_TEST(answer.failure() == api::transport_failure::no_answer);
    BOOST_TEST(answer.attempts() == 1u);  // nothing to gain by asking again
    BOOST_TEST(holds(answer.error_text(), R"(no recording matches POST user/get_balance with input_data {"currency":"USD"})"),
               answer.error_text());
    BOOST_TEST(replay.misses() == std::vector<std::string>{std::string(answer.error_text())});
}

BOOST_AUTO_TEST_CASE(bodies_are_read_and_answered_as_the_service_does) {
    mocks::replay_transport replay(inline_set(balance_in_uah));
    // Raw JSON in the form, the credentials and the answer's format inside input_data.
    auto answer = replay.send(request_to(
        "user/get_balance", R"(input_format=json&input_data={"username":"test", "output_format":"xml", "currency":"UAH"})"));
    BOOST_TEST(answer.content_type == "text/xml; charset=utf-8");
    BOOST_TEST(answer.body == "<opt result=\"success\">\n  <answer currency=\"UAH\" prepay=\"1000\" />\n</opt>\n");
    BOOST_TEST(replay.misses().empty());
}

BOOST_AUTO_TEST_CASE(a_body_that_cannot_be_read_is_a_miss_that_says_why) {
    mocks::replay_transport replay(inline_set(balance_in_uah));
    const std::vector<std::pair<std::string, std::string>> cases{
        {"io_encoding=latin1", "POST nop: io_encoding must be utf8, cp1251, koi8-r, koi8-u or cp866"},
        {"io_encoding=cp1251&x=%98", "POST nop: the form holds bytes that are not cp1251"},
        {"input_format=json&input_data=%5B1%5D", "POST nop: input_data is not a JSON object"},
    };
    for (const auto& [body, says] : cases) {
        BOOST_TEST_CONTEXT(body) {
            auto answer = replay.send(request_to("nop", body));
            BOOST_TEST(answer.failure == api::transport_failure::no_answer);
            BOOST_TEST(answer.failure_text.starts_with(says), answer.failure_text);
        }
    }
    BOOST_TEST(replay.misses().size() == cases.size());
}

BOOST_AUTO_TEST_CASE(strict_replay_throws_at_the_miss_and_still_lists_it) {
    mocks::replay_transport replay(inline_set(balance_in_uah), {.strict = true});
    auto client = client_for(replay);
    BOOST_CHECK_EXCEPTION(client.invoke(*api::find_method("user/get_balance"), {{"currency", "USD"}}),
                          mocks::unmatched_request, [](const auto& e) {
                              return holds(e.what(), R"(input_data.currency: recorded "UAH", sent "USD")");
                          });
    BOOST_TEST(client.invoke(*api::find_method("user/get_balance"), {{"currency", "UAH"}}).is_success());
    BOOST_TEST_REQUIRE(replay.misses().size() == 1u);
    BOOST_TEST(holds(replay.misses()[0], "no recording matches POST user/get_balance"));
}

BOOST_AUTO_TEST_CASE(misses_from_many_threads_are_listed_in_order_and_shared_by_copies) {
    mocks::replay_transport replay(inline_set(balance_in_uah));
    constexpr int threads = 4, calls = 25;
    std::vector<std::thread> callers;
    for (int t = 0; t < threads; ++t) {
        callers.emplace_back([t, copy = replay] {
            auto client = client_for(copy);
            for (int i = 0; i < calls; ++i) {
                client.invoke(*api::find_method("user/get_balance"), {{"currency", "T" + std::to_string(t) + "-" + std::to_string(i)}});
            }
        });
    }
    for (auto& caller : callers) caller.join();
    auto misses = replay.misses();
    BOOST_TEST_REQUIRE(misses.size() == std::size_t{threads * calls});
    for (int t = 0; t < threads; ++t) {
        std::vector<std::string> own;  // this thread's, in the order listed
        for (const auto& miss : misses) {
            if (holds(miss, "\"T" + std::to_string(t) + "-")) own.push_back(miss);
        }
        BOOST_TEST_REQUIRE(own.size() == std::size_t{calls});
        for (int i = 0; i < calls; ++i) {
            BOOST_TEST(holds(own[i], "\"T" + std::to_string(t) + "-" + std::to_string(i) + "\""), own[i]);
        }
    }
    mocks::replay_transport copy = replay;
    copy.clear_misses();
    BOOST_TEST(replay.misses().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(redaction_markers)

BOOST_AUTO_TEST_CASE(a_marker_matches_any_value_sent_there_but_not_an_absent_one) {
    auto set = inline_set(R"({"recordings":[
      {"name":"redacted","method":"nop","request":{"input_data":{"domain_name":"test.ru","authinfo":"<redacted>",
         "contacts":{"e_mail":"<redacted:1f2e3d4c>"}}},"body":{"result":"success","answer":{"which":"redacted"}}}]})");
    auto client = client_for(set);
    for (const json::value& authinfo : {json::value("x7-secret"), json::value(42), json::value(nullptr), json::value(true),
                                        json::value(json::array{1, 2}), json::value(json::object{{"code", "x"}})}) {
        BOOST_TEST_CONTEXT(json::serialize(authinfo)) {
            auto answer = client.nop({{"domain_name", "test.ru"}, {"authinfo", authinfo}, {"contacts", {{"e_mail", "a@b.ru"}}}});
            BOOST_TEST(answer.get("which") == "redacted");
        }
    }
    auto without = client.nop({{"domain_name", "test.ru"}, {"contacts", {{"e_mail", "a@b.ru"}}}});
    BOOST_TEST(without.failure() == api::transport_failure::no_answer);
    BOOST_TEST(holds(without.error_text(), R"(input_data.authinfo: recorded "<redacted>", not sent)"), without.error_text());
    auto other_domain = client.nop({{"domain_name", "other.ru"}, {"authinfo", "x"}, {"contacts", {{"e_mail", "a@b.ru"}}}});
    BOOST_TEST(other_domain.failure() == api::transport_failure::no_answer);
}

BOOST_AUTO_TEST_CASE(a_redacted_username_matches_any_username_but_not_none) {
    mocks::replay_transport replay(inline_set(R"({"recordings":[
      {"method":"nop","request":{"username":"<redacted>"},"body":{"result":"success","answer":{"login":"anyone"}}}]})"));
    auto opts = regru::testing::test_options();
    opts.username = "someone";
    BOOST_TEST(client_for(replay, opts).nop().get("login") == "anyone");
    auto anonymous = replay.send(request_to("nop", "input_format=json&input_data=%7B%7D"));
    BOOST_TEST(anonymous.failure == api::transport_failure::no_answer);
    BOOST_TEST(holds(anonymous.failure_text, R"(username: recorded "<redacted>", not sent)"), anonymous.failure_text);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(explanations)

BOOST_AUTO_TEST_CASE(personal_data_never_shows_however_it_differs) {
    auto set = inline_set(R"({"recordings":[
      {"name":"contacts","method":"nop","request":{"input_data":{"contacts":{"e_mail":"ivan@example.ru","phone":"+7.4951234567"}}},
       "body":{"result":"success","answer":{}}},
      {"name":"passport","method":"nop","request":{"input_data":{"passport_data":{"number":"4510 123456"}}},
       "body":{"result":"success","answer":{}}}]})");
    const std::vector<std::string> never{"ivan@", "petr@", "4951234567", "9997654321", "4510", "hunter2", "ivan.petrov"};
    auto opts = regru::testing::test_options();
    opts.username = "ivan.petrov";
    auto client = client_for(set, opts);
    const std::vector<api::params> calls{
        {{"contacts", {{"e_mail", "petr@example.ru"}, {"phone", "+7.9997654321"}}}, {"new_password", "hunter2-secret"}},
        {{"contacts", "none"}, {"passport_data", {{"number", "4510 999999"}}}},
        {{"contacts", {{"e_mail", json::array{"ivan@example.ru"}}, {"phone", 4951234567}}}, {"passport_data", "4510 999999"}},
    };
    for (const auto& input : calls) {
        auto answer = client.nop(input);
        std::string text(answer.error_text());
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST_REQUIRE(answer.failure() == api::transport_failure::no_answer);
            BOOST_TEST(holds(text, "<redacted>"));
            for (const auto& part : never) BOOST_TEST(!holds(text, part), part);
        }
    }
    std::string nested(client.nop({{"contacts", {{"e_mail", "petr@example.ru"}}}}).error_text());
    BOOST_TEST(holds(nested, R"(input_data.contacts.e_mail: recorded "<redacted>", sent "<redacted>")"), nested);
}

BOOST_AUTO_TEST_CASE(long_values_are_clipped) {
    auto set = inline_set(R"({"recordings":[{"method":"nop","request":{"input_data":{"note":"short"}},"body":{}}]})");
    std::string text(client_for(set).nop({{"note", std::string(500, 'y')}}).error_text());
    BOOST_TEST(holds(text, R"(input_data.note: recorded "short", sent "yyy)"), text);
    BOOST_TEST(holds(text, "yyy..."), text);
    BOOST_TEST(!holds(text, std::string(300, 'y')), text);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// The envelope the mock service answers to test/test calling `path` with `input`.
json::object served(const mocks::mock_service& service, std::string_view path, const api::params& input) {
    std::string sent = form_sent(regru::testing::test_options(), path, input);
    std::string uri = "/api/regru2/" + std::string(path);
    auto reply = service.answer({"POST", uri, "", api::form_content_type, sent, "127.0.0.1"});
    return json::parse(reply.body).as_object();
}

std::string code_of(const json::object& envelope) {
    const auto* code = envelope.if_contains("error_code");
    return code ? std::string(code->as_string()) : std::string();
}

// What test mode answers a method left without its domain or service.
std::string_view missing_identification_code(const mocks::method_requirements& row) {
    if (!row.missing_code.empty()) return row.missing_code;
    return row.identifies == mocks::identification::domain ? "NO_DOMAIN" : "SERVICE_NOT_SPECIFIED";
}

// The dname of each item of answer.domains.
std::vector<std::string> answered_domains(const json::object& envelope) {
    std::vector<std::string> names;
    for (const auto& item : envelope.at("answer").at("domains").as_array()) {
        names.emplace_back(item.at("dname").as_string());
    }
    return names;
}

const char* bound_to_dname = R"({"recordings":[
  {"method":"zone/get_resource_records","request":{"input_data":{"dname":"bound.ru"}},
   "body":{"result":"success","answer":{"domains":[{"dname":"bound.ru","result":"success"}]}}},
  {"method":"zone/clear","request":{"input_data":{"domains":[{"domain_name":"listed.ru"}]}},
   "body":{"result":"success","answer":{"domains":[{"dname":"listed.ru","result":"success"}]}}}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(test_mode_validation)

BOOST_AUTO_TEST_CASE(the_table_names_known_methods_and_its_examples_pass) {
    for (const auto& row : mocks::validation_table()) {
        BOOST_TEST(api::find_method(row.method).has_value(), row.method);
        BOOST_TEST(!mocks::validate(row.method, mocks::valid_example(row)).has_value(), row.method);
    }
}

BOOST_AUTO_TEST_CASE(each_required_parameter_left_out_gets_its_code) {
    mocks::mock_service service(shipped());
    for (const auto& row : mocks::validation_table()) {
        auto example = mocks::valid_example(row);
        for (const auto& member : example) {
            auto without = example;
            without.erase(member.key());
            auto envelope = served(service, row.method, without);
            std::string left_out(member.key());
            BOOST_TEST_CONTEXT(row.method << " without " << left_out) {
                if (left_out == "domain_name") {
                    BOOST_TEST(code_of(envelope) == missing_identification_code(row));
                } else {
                    BOOST_TEST(code_of(envelope) == "PARAMETER_MISSING");
                    BOOST_TEST(envelope.at("error_params").at("param").as_string() == left_out);
                }
                BOOST_TEST(envelope.at("error_params").at("command_name").as_string() == row.method);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_formats_get_the_documented_codes) {
    struct bad_value {
        std::string_view method, param, value, code;
    };
    const bad_value cases[] = {
        {"zone/nop", "domain_name", "-bad-.ru", "INVALID_DOMAIN_NAME_FORMAT"},
        {"zone/nop", "dname", "nodot", "INVALID_DOMAIN_NAME_FORMAT"},
        {"domain/get_nss", "domain_name", "test.123", "INVALID_DOMAIN_NAME_FORMAT"},
        {"service/get_info", "service_id", "22bug22", "INVALID_SERVICE_ID"},
        {"hosting/get_parallelswpb_constructor_url", "service_id", "12a", "INVALID_SERVICE_ID"},
        {"zone/add_alias", "ipaddr", "999.1.1.1", "IP_INVALID"},
        {"zone/add_alias", "ipaddr", "1.2.3", "IP_INVALID"},
        {"domain/register_ns", "ns0ip", "a.b.c.d", "IP_INVALID"},
        {"zone/add_aaaa", "ipaddr", "1.2.3.4", "IP_INVALID"},
        {"zone/add_aaaa", "ipaddr", "gggg::1", "IP_INVALID"},
        {"zone/remove_record", "record_type", "B", "PARAMETER_INCORRECT"},
        {"bill/get_for_period", "start_date", "2020-13-01", "PARAMETER_INCORRECT"},
        {"user/get_statistics", "date_from", "01.01.2020", "PARAMETER_INCORRECT"},
    };
    mocks::mock_service service(shipped());
    for (const auto& bad : cases) {
        auto input = mocks::valid_example(*mocks::requirements_of(bad.method));
        if (bad.param == "dname") input.erase("domain_name");
        input[bad.param] = bad.value;
        auto envelope = served(service, bad.method, input);
        BOOST_TEST_CONTEXT(bad.method << " " << bad.param << "=" << bad.value) {
            BOOST_TEST(code_of(envelope) == bad.code);
            // The domain is reported as domain_name, whichever alias was sent.
            auto reported = bad.param == "dname" ? std::string_view("domain_name") : bad.param;
            BOOST_TEST(envelope.at("error_params").at(reported).as_string() == bad.value);
        }
    }
}

BOOST_AUTO_TEST_CASE(well_formed_values_pass) {
    for (std::string_view domain : {"test.ru", "xn--80a1acny.xn--p1ai", "тест.рф", "my-own.com"}) {
        BOOST_TEST(!mocks::validate("zone/nop", {{"dname", domain}}).has_value(), domain);
    }
    BOOST_TEST(!mocks::validate("zone/add_aaaa", {{"domain_name", "test.ru"}, {"subdomain", "@"}, {"ipaddr", "aa11::a111:11aa:aaa1:aa1a"}}));
    BOOST_TEST(!mocks::validate("service/get_info", {{"service_id", 12345}}));
    BOOST_TEST(!mocks::validate("service/get_info", {{"services", json::array{json::object{{"service_id", "1"}}}}}));
    BOOST_TEST(!mocks::validate("nop", {}));
}

BOOST_AUTO_TEST_CASE(shipped_recordings_pass_validation_over_a_valid_request_or_record_its_error) {
    for (const auto& entry : shipped().entries()) {
        auto failed = mocks::validate(entry.method, regru::testing::valid_call(entry.method, entry.input_data));
        if (!failed) continue;
        // A recording of test mode's own refusal (an invalid IP) gives the same code.
        BOOST_TEST(holds(entry.body, "\"" + failed->code + "\""), entry.origin << ": " << failed->code);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(aliases)

BOOST_AUTO_TEST_CASE(dname_and_domain_name_match_each_other_in_replay) {
    auto client = client_for(inline_set(bound_to_dname));
    BOOST_TEST(client.zone().get_resource_records({{"domain_name", "bound.ru"}}).is_success());
    BOOST_TEST(client.zone().get_resource_records({{"dname", "bound.ru"}}).is_success());
    auto items = json::array{json::object{{"dname", "listed.ru"}}};
    BOOST_TEST(client.zone().clear({{"domains", items}}).is_success());
    BOOST_TEST(client.zone().get_resource_records({{"domain_name", "other.ru"}}).failure() == api::transport_failure::no_answer);
}

BOOST_AUTO_TEST_CASE(dname_and_domain_name_match_each_other_in_the_mock_service) {
    mocks::mock_service service(inline_set(bound_to_dname));
    BOOST_TEST(served(service, "zone/get_resource_records", {{"domain_name", "bound.ru"}}).at("result") == "success");
    auto items = json::array{json::object{{"dname", "listed.ru"}}};
    BOOST_TEST(served(service, "zone/clear", {{"domains", items}}).at("result") == "success");
    BOOST_TEST(code_of(served(service, "zone/get_resource_records", {{"dname", "other.ru"}})) == "NO_RECORDING");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(per_item_answers)

BOOST_AUTO_TEST_CASE(a_list_call_answers_the_items_it_named_in_its_order) {
    mocks::mock_service service(shipped());
    auto items = json::array{json::object{{"dname", "my-own.ru"}}, json::object{{"domain_name", "other.com"}}};
    auto envelope = served(service, "zone/add_alias", {{"domains", items}, {"subdomain", "www"}, {"ipaddr", "1.2.3.4"}});
    BOOST_TEST(answered_domains(envelope) == (std::vector<std::string>{"my-own.ru", "other.com"}), json::serialize(envelope));
    for (const auto& item : envelope.at("answer").at("domains").as_array()) {
        BOOST_TEST(item.at("result") == "success");  // the recording's item shape
        BOOST_TEST(item.as_object().contains("service_id"));
    }
}

BOOST_AUTO_TEST_CASE(a_service_named_by_id_gets_its_id_and_no_other_domain) {
    mocks::mock_service service(shipped());
    auto items = json::array{json::object{{"service_id", "777"}}, json::object{{"dname", "b.ru"}}};
    auto envelope = served(service, "service/nop", {{"services", items}});
    const auto& answered = envelope.at("answer").at("services").as_array();
    BOOST_TEST_REQUIRE(answered.size() == 2u, json::serialize(envelope));
    BOOST_TEST(answered[0].at("service_id") == "777");
    BOOST_TEST(!answered[0].as_object().contains("dname"));
    BOOST_TEST(answered[1].at("dname") == "b.ru");
    BOOST_TEST(answered[1].at("servtype") == "domain");  // the recording's item shape
}

BOOST_AUTO_TEST_CASE(a_recording_bound_to_the_items_answers_its_own) {
    mocks::mock_service service(shipped());
    auto items = json::array{json::object{{"dname", "example.com"}}};
    auto envelope = served(service, "zone/get_resource_records", {{"domains", items}});
    const auto* bound = &*std::find_if(shipped().entries().begin(), shipped().entries().end(), [](const auto& entry) {
        return entry.method == "zone/get_resource_records" && entry.input_data.contains("domains");
    });
    BOOST_TEST(envelope == json::parse(bound->body).as_object());
}

BOOST_AUTO_TEST_SUITE_END()
