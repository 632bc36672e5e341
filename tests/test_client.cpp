// The client's options on the wire, their changes at run time, and values with every awkward
// character arriving byte-exact.
#define BOOST_TEST_MODULE client
#include <boost/test/unit_test.hpp>

#include "support/test_client.hpp"
#include "support/thrown.hpp"

#include <regru/api/errors.hpp>

#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <set>
#include <thread>

namespace api = regru::api;
namespace json = boost::json;
using regru::testing::make_client;
using regru::testing::test_options;

namespace {

// Every character a form or a JSON text can stumble on.
const std::string awkward =
    "spaces  & ampersand = equals + plus % percent %41 \n newline \r\n crlf \t tab "
    "\"quote\" \\ backslash / slash ? question # hash ; semicolon "
    "Кириллица ґєії € 😀🇷🇺 \x7f";

std::optional<std::string> field(const regru::testing::capture_client& client, std::string_view name) {
    return client.transport().last().field(name);
}

// Sets or unsets an environment variable for one scope.
struct scoped_environment {
    scoped_environment(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~scoped_environment() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(lang_and_io_encoding_are_sent_only_when_set) {
    auto client = make_client();
    client.nop();
    BOOST_TEST(!field(client, "lang").has_value());
    BOOST_TEST(!field(client, "io_encoding").has_value());

    auto opts = test_options();
    opts.lang = "ru";
    opts.io_encoding = "cp1251";
    auto localised = make_client(opts);
    localised.nop();
    BOOST_TEST(*field(localised, "lang") == "ru");
    BOOST_TEST(*field(localised, "io_encoding") == "cp1251");
    BOOST_TEST(localised.transport().last().fields().back().first == "input_data");
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_at_construction) {
    auto opts = test_options();
    opts.lang = "xx";
    BOOST_CHECK_THROW(make_client(opts), api::usage_error);
    opts = test_options();
    opts.io_encoding = "";
    BOOST_CHECK_THROW(make_client(opts), api::usage_error);
    opts = test_options();
    opts.password.clear();
    BOOST_CHECK_THROW(make_client(opts), api::usage_error);
}

BOOST_AUTO_TEST_CASE(plain_http_beyond_this_machine_is_warned_about) {
    auto warnings_for = [](std::string endpoint) {
        std::vector<std::string> lines;
        auto opts = test_options();
        opts.endpoint = std::move(endpoint);
        opts.debug_sink = [&](std::string_view line) { lines.emplace_back(line); };
        make_client(opts);
        return lines;
    };
    auto far = warnings_for("http://api.example.test/api/regru2");
    BOOST_TEST_REQUIRE(far.size() == 1u);
    BOOST_TEST(far[0].starts_with("WARNING: plain http:// to api.example.test"), far[0]);
    for (const char* near : {"http://127.0.0.1:8080/api/regru2", "http://localhost/api/regru2", "http://[::1]:80/x",
                             "https://api.example.test/api/regru2"}) {
        BOOST_TEST(warnings_for(near).empty(), near);
    }
    // The client's endpoint is the normalised one: the scheme in lower case.
    auto opts = test_options();
    opts.endpoint = "HTTPS://api.example.test/api/regru2";
    BOOST_TEST(make_client(opts).endpoint() == "https://api.example.test/api/regru2");
}

BOOST_AUTO_TEST_CASE(a_view_taken_before_a_change_sees_the_change) {
    auto client = make_client();
    auto user = client.user();
    auto zone = client.zone();
    client.set_username("other");
    client.set_password("n3w-pa55");
    client.set_lang("th");
    user.get_balance();
    BOOST_TEST(*field(client, "username") == "other");
    BOOST_TEST(*field(client, "password") == "n3w-pa55");
    BOOST_TEST(*field(client, "lang") == "th");
    client.set_lang(std::nullopt);
    client.set_endpoint("http://127.0.0.1:1/api/regru2/");
    zone.nop();
    BOOST_TEST(!field(client, "lang").has_value());
    BOOST_TEST(client.transport().last().url() == "http://127.0.0.1:1/api/regru2/zone/nop");
    BOOST_TEST(client.options().username == "other");
}

BOOST_AUTO_TEST_CASE(a_rejected_change_leaves_the_options_as_they_were) {
    auto client = make_client();
    client.set_lang("ru");
    BOOST_CHECK_THROW(client.set_lang("klingon"), api::usage_error);
    BOOST_CHECK_THROW(client.set_io_encoding("utf-8"), api::usage_error);
    BOOST_CHECK_THROW(client.set_username(""), api::usage_error);
    BOOST_CHECK_THROW(client.set_endpoint("gopher://x"), api::usage_error);
    client.nop();
    BOOST_TEST(*field(client, "lang") == "ru");
    BOOST_TEST(*field(client, "username") == "test");
    BOOST_TEST(!field(client, "io_encoding").has_value());
}

BOOST_AUTO_TEST_CASE(awkward_values_arrive_byte_exact) {
    auto opts = test_options();
    opts.username = "user " + awkward;
    opts.password = "pass " + awkward;
    auto client = make_client(opts);
    json::object input{{"text", awkward}, {awkward, "as a key"}, {"nested", json::object{{"list", json::array{awkward, 42, nullptr, true}}}}};
    client.domain().update_contacts(input);
    auto sent = client.transport().last();
    BOOST_TEST(*sent.field("username") == opts.username);
    BOOST_TEST(*sent.field("password") == opts.password);
    BOOST_TEST(sent.input_data() == json::value(input));
    // Nothing that would split the form travels unencoded.
    BOOST_TEST(sent.body.find(' ') == std::string::npos);
    BOOST_TEST(sent.body.find('\n') == std::string::npos);
    BOOST_TEST(std::count(sent.body.begin(), sent.body.end(), '&') == 4);
    BOOST_TEST(std::count(sent.body.begin(), sent.body.end(), '=') == 5);
}

BOOST_AUTO_TEST_CASE(input_data_is_compact_json) {
    auto client = make_client();
    client.zone().add_alias({{"domain_name", "test.ru"}, {"subdomain", "www"}, {"ipaddr", "1.2.3.4"}});
    BOOST_TEST(*field(client, "input_data") == R"({"domain_name":"test.ru","subdomain":"www","ipaddr":"1.2.3.4"})");
}

BOOST_AUTO_TEST_CASE(parameters_cannot_change_the_formats) {
    auto client = make_client();
    json::object input{{"input_format", "xml"}, {"output_format", "yaml"}, {"domain_name", "test.ru"}};
    client.service().get_info(input);
    BOOST_TEST(*field(client, "output_format") == "json");
    BOOST_TEST(*field(client, "input_format") == "json");
    BOOST_TEST(client.transport().last().input_data() == json::value({{"domain_name", "test.ru"}}));
    BOOST_TEST(input.size() == 3u);  // the caller's object is not touched
}

BOOST_AUTO_TEST_CASE(the_endpoint_comes_from_the_options_then_the_environment_then_the_default) {
    {
        scoped_environment unset(api::endpoint_variable, nullptr);
        auto opts = test_options();
        opts.endpoint.reset();
        BOOST_TEST(make_client(opts).endpoint() == "https://api.reg.ru/api/regru2");
    }
    {
        scoped_environment set(api::endpoint_variable, "http://127.0.0.1:8080/api/regru2/");
        auto opts = test_options();
        opts.endpoint.reset();
        auto client = make_client(opts);
        BOOST_TEST(client.endpoint() == "http://127.0.0.1:8080/api/regru2");
        client.nop();
        BOOST_TEST(client.transport().last().url() == "http://127.0.0.1:8080/api/regru2/nop");
        BOOST_TEST(make_client(test_options()).endpoint() == "https://api.example.test/api/regru2");
    }
    {
        scoped_environment broken(api::endpoint_variable, "api.reg.ru");
        auto opts = test_options();
        opts.endpoint.reset();
        try {
            make_client(opts);
            BOOST_FAIL("a bad REGRU_API_ENDPOINT was accepted");
        } catch (const api::usage_error& e) {
            BOOST_TEST(std::string(e.what()).starts_with("REGRU_API_ENDPOINT: "));
        }
    }
}

BOOST_AUTO_TEST_CASE(debug_lines_describe_calls_without_secrets) {
    std::vector<std::string> lines;
    auto opts = test_options();
    opts.password = "Zx9-very-secret";
    opts.debug = true;
    opts.debug_sink = [&](std::string_view line) { lines.emplace_back(line); };
    auto client = make_client(opts);
    client.user().create({{"user_login", "digory"}, {"user_password", "gof4iSewvy8aK5at"}});
    client.transport().answer_with(regru::mocks::http_answer(R"({"result":"error","error_code":"NO_AUTH","error_text":"No"})"));
    client.nop();
    // Per call: the request, the answer, and the call's end (from its record).
    BOOST_TEST_REQUIRE(lines.size() == 6u);
    BOOST_TEST(lines[0].find("POST https://api.example.test/api/regru2/user/create as <redacted>, ") == 0u, lines[0]);
    BOOST_TEST(lines[1].find("success") != std::string::npos, lines[1]);
    BOOST_TEST(lines[2].find("user/create: success, 1 attempt, ") == 0u, lines[2]);
    BOOST_TEST(lines[4].find("error NO_AUTH") != std::string::npos, lines[4]);
    BOOST_TEST(lines[5].find("nop: api_error NO_AUTH, 1 attempt, ") == 0u, lines[5]);
    for (const auto& line : lines) {
        BOOST_TEST(line.find("Zx9-very-secret") == std::string::npos);
        BOOST_TEST(line.find("gof4iSewvy8aK5at") == std::string::npos);
    }
    lines.clear();
    client.set_debug(false);
    client.nop();
    BOOST_TEST(lines.empty());
}

BOOST_AUTO_TEST_CASE(calls_from_many_threads_while_options_change) {
    auto client = make_client();
    std::atomic<bool> failed{false};
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t) {
        callers.emplace_back([&, t] {
            for (int i = 0; i < 250; ++i) {
                if (!client.zone().nop({{"thread", t}, {"call", i}}).is_success()) failed = true;
            }
        });
    }
    for (int i = 0; i < 100; ++i) client.set_lang(i % 2 ? "ru" : "en");
    for (auto& caller : callers) caller.join();
    BOOST_TEST(!failed);
    auto sent = client.transport().requests();
    BOOST_TEST(sent.size() == 1000u);
    std::set<std::pair<int, int>> seen;
    for (const auto& request : sent) {
        auto lang = request.field("lang");
        BOOST_TEST((!lang || *lang == "ru" || *lang == "en"));
        auto input = request.input_data().as_object();
        seen.emplace(static_cast<int>(input.at("thread").as_int64()), static_cast<int>(input.at("call").as_int64()));
    }
    BOOST_TEST(seen.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(a_client_can_be_moved) {
    auto first = make_client();
    auto log = first.transport();
    regru::testing::capture_client second = std::move(first);
    second.nop();
    BOOST_TEST(log.count() == 1u);
}

// The documented way to make options: designated initializers, naming only what matters. The
// tests build with -Wextra -Werror, where a member without a default would be a
// missing-field-initializers warning.
BOOST_AUTO_TEST_CASE(options_can_be_made_naming_only_what_matters) {
    api::options opts{.username = "reseller", .password = "secret"};
    api::call_options per_call{.lang = "ru"};
    api::retry_options retry{.max_attempts = 1};
    api::redaction_rules redaction{.hash_key = "k"};
    BOOST_TEST(opts.deadline.count() == 60'000);
    BOOST_TEST(per_call.lang.value_or("") == "ru");
    BOOST_TEST(retry.initial_backoff.count() == 250);
    BOOST_TEST(!redaction.secret_fields.empty());
}

BOOST_AUTO_TEST_SUITE(parameters_json_cannot_carry)

BOOST_AUTO_TEST_CASE(nan_and_infinities_are_refused_naming_the_parameter_and_nothing_is_sent) {
    auto client = make_client();
    const double values[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity()};
    for (double bad : values) {
        api::params input{{"domains", json::array{json::object{{"dname", "a.ru"}, {"price", bad}}}}};
        auto error = regru::testing::message_thrown<api::usage_error>([&] { client.domain().check(input); });
        BOOST_TEST(error.find("Parameter 'domains.0.price' is " + std::string(std::isnan(bad) ? "NaN" : bad > 0 ? "Infinity" : "-Infinity") +
                              ", which JSON cannot carry: nothing was sent") != std::string::npos,
                   error);
    }
    BOOST_TEST(client.transport().requests().empty());
    client.nop({{"amount", 1.5}, {"big", 1e300}});  // finite numbers go through
    BOOST_TEST(client.transport().requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(parameters_nested_beyond_the_limit_are_refused_at_once) {
    auto client = make_client();
    json::value deep = "bottom";
    for (int level = 0; level < 10'000; ++level) deep = json::array{std::move(deep)};
    auto started = std::chrono::steady_clock::now();
    auto error = regru::testing::message_thrown<api::usage_error>([&] { client.nop({{"deep", deep}}); });
    BOOST_TEST(error.find("Parameter 'deep.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0") != std::string::npos, error);
    BOOST_TEST(error.find("nests deeper than 32 levels: nothing was sent") != std::string::npos, error);
    BOOST_TEST(error.size() < 300u, error);
    BOOST_TEST(client.transport().requests().empty());
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() < 1.0);
    // 32 levels, counting the parameters' own object, still go.
    json::value allowed = "bottom";
    for (int level = 0; level < 31; ++level) allowed = json::array{std::move(allowed)};
    client.nop({{"deep", allowed}});
    BOOST_TEST(client.transport().requests().size() == 1u);
    // The value must go before its destructor recurses 10,000 levels: an array at a time.
    while (deep.is_array() && !deep.as_array().empty()) deep = json::value(std::move(deep.as_array().front()));
}

BOOST_AUTO_TEST_CASE(no_entry_point_steps_out_of_the_apis_path) {
    auto client = make_client();
    for (std::string_view path : {"../x", "nop?password=x", "zone/../../etc", "zone/nop/", "", "zone//nop", "nop#x"}) {
        api::method_ref forged{"", path, path, api::access_level::clients, api::effect::read};
        auto error = regru::testing::message_thrown<api::usage_error>([&] { client.invoke(forged); });
        BOOST_TEST(error.find("is not a method path") != std::string::npos, path << ": " << error);
    }
    BOOST_TEST(client.transport().requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
