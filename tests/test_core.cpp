// The compiled core on its own: form encoding, option validation, tolerant values, the
// catalogue, secret names.
#define BOOST_TEST_MODULE core
#include <boost/test/unit_test.hpp>

#include "support/thrown.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/form.hpp>
#include <regru/api/options.hpp>
#include <regru/api/redact.hpp>
#include <regru/api/value.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <set>

namespace api = regru::api;
namespace json = boost::json;

namespace {

api::options valid() {
    api::options o;
    o.username = "test";
    o.password = "test";
    return o;
}

// The usage_error message of validate(o), or "" when it passes.
std::string rejection(const api::options& o) {
    return regru::testing::message_thrown<api::usage_error>([&] { api::validate(o); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(form)

BOOST_AUTO_TEST_CASE(unreserved_characters_pass_and_the_rest_is_percent_encoded) {
    std::string out;
    api::append_form_encoded(out, "Az09-._~ &=+%/\n");
    BOOST_TEST(out == "Az09-._~+%26%3D%2B%25%2F%0A");
    BOOST_TEST(api::form_encoded_size("Az09-._~ &=+%/\n") == out.size());
}

BOOST_AUTO_TEST_CASE(utf8_bytes_are_encoded_one_by_one) {
    std::string out;
    api::append_form_encoded(out, "Ж😀");
    BOOST_TEST(out == "%D0%96%F0%9F%98%80");
}

BOOST_AUTO_TEST_CASE(fields_round_trip_through_parse_form) {
    std::string body;
    std::string awkward = "a b&c=d+e%f\r\ng\t\"Ж\" 😀 \x01";
    api::append_form_field(body, "first", awkward);
    api::append_form_field(body, "sec ond", "");
    api::append_form_field(body, "first", "again");
    auto fields = api::parse_form(body);
    BOOST_TEST_REQUIRE(fields.size() == 3u);
    BOOST_TEST(fields[0].first == "first");
    BOOST_TEST(fields[0].second == awkward);
    BOOST_TEST(fields[1].first == "sec ond");
    BOOST_TEST(fields[1].second == "");
    BOOST_TEST(*api::find_field(fields, "first") == awkward);
    BOOST_TEST(api::find_field(fields, "missing") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_malformed_body_is_rejected_with_a_reason) {
    BOOST_CHECK_THROW(api::parse_form("a=%zz"), api::usage_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(the_test_account_is_valid) { BOOST_TEST(rejection(valid()) == ""); }

BOOST_AUTO_TEST_CASE(credentials_are_required) {
    auto o = valid();
    o.username.clear();
    BOOST_TEST(rejection(o).find("username is empty") != std::string::npos);
    o = valid();
    o.password.clear();
    BOOST_TEST(rejection(o).find("password is empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lang_must_be_one_the_service_knows) {
    auto o = valid();
    for (const char* ok : {"en", "ru", "th"}) {
        o.lang = ok;
        BOOST_TEST(rejection(o) == "");
    }
    o.lang = "de";
    BOOST_TEST(rejection(o) == "Unsupported language: de (expected en, ru or th)");
    o.lang = "";
    BOOST_TEST(rejection(o) == "Empty language value (expected en, ru or th)");
}

BOOST_AUTO_TEST_CASE(io_encoding_must_be_one_the_service_knows) {
    auto o = valid();
    for (const char* ok : {"utf8", "cp1251", "koi8-r", "koi8-u", "cp866"}) {
        o.io_encoding = ok;
        BOOST_TEST(rejection(o) == "");
    }
    o.io_encoding = "latin1";
    BOOST_TEST(rejection(o) ==
               "Unsupported encoding: latin1 (expected utf8, cp1251, koi8-r, koi8-u or cp866)");
    o.io_encoding = "";
    BOOST_TEST(rejection(o).starts_with("Empty encoding value"));
    o.io_encoding = "UTF-8";  // a near miss gets a hint
    BOOST_TEST(rejection(o).find("REG.API spells it utf8") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(endpoint_must_be_an_http_url_without_query_or_credentials) {
    auto o = valid();
    o.endpoint = "http://127.0.0.1:8080/api/regru2";
    BOOST_TEST(rejection(o) == "");
    o.endpoint = "ftp://example.com/";
    BOOST_TEST(rejection(o).find("not an http:// or https:// URL") != std::string::npos);
    o.endpoint = "not a url";
    BOOST_TEST(rejection(o).find("not an absolute URL") != std::string::npos);
    o.endpoint = "https://api.reg.ru/api/regru2?username=x&password=hunter3";
    BOOST_TEST(rejection(o).find("query") != std::string::npos);
    BOOST_TEST(rejection(o).find("hunter3") == std::string::npos, rejection(o));
    BOOST_TEST(rejection(o).find("'https://api.reg.ru/api/regru2?...'") != std::string::npos, rejection(o));
    o.endpoint = "ftp://" + std::string(5000, 'a') + ".example.com/";  // user input of any length
    BOOST_TEST(rejection(o).size() < 200u, rejection(o).size());
    o.endpoint = "not a url, user:hunter4@host";
    BOOST_TEST(rejection(o).find("hunter4") == std::string::npos, rejection(o));
    o.endpoint = "https://user:hunter2@api.reg.ru/";
    std::string message = rejection(o);
    BOOST_TEST(message.find("user:password@") != std::string::npos);
    BOOST_TEST(message.find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_endpoints_port_must_be_in_range_and_its_scheme_may_be_in_capitals) {
    auto o = valid();
    for (const char* bad : {"https://api.reg.ru:70000/api/regru2", "https://api.reg.ru:0/api/regru2",
                            "http://127.0.0.1:99999999999/api/regru2"}) {
        o.endpoint = bad;
        BOOST_TEST(rejection(o).find("is out of range (1 to 65535)") != std::string::npos, bad << ": " << rejection(o));
    }
    o.endpoint = "HTTPS://api.reg.ru/api/regru2";
    BOOST_TEST(rejection(o) == "");
}

BOOST_AUTO_TEST_CASE(no_rejection_repeats_the_password) {
    auto o = valid();
    o.password = "s3cr3t-Pa55";
    o.lang = "xx";
    BOOST_TEST(rejection(o).find("s3cr3t") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(values)

BOOST_AUTO_TEST_CASE(integers_come_from_numbers_and_digit_strings) {
    BOOST_TEST(*api::value_as<long>(json::value(12345), "id") == 12345);
    BOOST_TEST(*api::value_as<long>(json::value("12345678"), "id") == 12345678);
    BOOST_TEST(*api::value_as<int>(json::value(7.0), "n") == 7);
    BOOST_TEST(*api::value_as<unsigned long long>(json::value("18446744073709551615"), "n") ==
               18446744073709551615ull);
    BOOST_TEST(!api::value_as<long>(json::value(nullptr), "id").has_value());
}

BOOST_AUTO_TEST_CASE(what_is_not_an_integer_is_an_error_that_names_the_field) {
    auto fails = [](const json::value& v) {
        try {
            (void)api::value_as<int>(v, "service_id");
        } catch (const api::bad_value& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    for (const json::value& v : {json::value("12a"), json::value(""), json::value(1.5),
                                 json::value("99999999999"), json::value(json::array{})}) {
        std::string message = fails(v);
        BOOST_TEST(message.find("'service_id'") != std::string::npos, json::serialize(v));
        BOOST_TEST(message.find("an integer") != std::string::npos);
    }
    BOOST_TEST(fails(json::value("authinfo-XYZ")).find("XYZ") == std::string::npos);
    BOOST_CHECK_THROW(api::value_as<unsigned>(json::value(-1), "n"), api::bad_value);
}

BOOST_AUTO_TEST_CASE(money_and_strings_convert_both_ways) {
    BOOST_TEST(*api::value_as<double>(json::value("19.95"), "amount") == 19.95);
    BOOST_TEST(*api::value_as<double>(json::value(1000), "amount") == 1000.0);
    BOOST_TEST(*api::value_as<std::string>(json::value(12345), "id") == "12345");
    BOOST_TEST(*api::value_as<std::string>(json::value(19.95), "amount") == "19.95");
    BOOST_TEST(*api::value_as<std::string>(json::value("test.ru"), "dname") == "test.ru");
    BOOST_CHECK_THROW(api::value_as<std::string>(json::value(true), "x"), api::bad_value);
}

BOOST_AUTO_TEST_CASE(booleans_accept_the_usual_spellings) {
    BOOST_TEST(*api::value_as<bool>(json::value(1), "flag"));
    BOOST_TEST(!*api::value_as<bool>(json::value("0"), "flag"));
    BOOST_TEST(*api::value_as<bool>(json::value("true"), "flag"));
    BOOST_TEST(*api::value_as<bool>(json::value(true), "flag"));
    BOOST_CHECK_THROW(api::value_as<bool>(json::value(2), "flag"), api::bad_value);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(catalogue)

BOOST_AUTO_TEST_CASE(it_knows_all_122_methods_once_each) {
    auto all = api::known_methods();
    BOOST_TEST(all.size() == 122u);
    std::set<std::string_view> paths;
    for (const auto& m : all) paths.insert(m.path);
    BOOST_TEST(paths.size() == all.size());
    BOOST_TEST(api::known_categories().size() == 9u);
}

BOOST_AUTO_TEST_CASE(find_method_resolves_paths) {
    auto alias = api::find_method("zone/add_alias");
    BOOST_TEST_REQUIRE(alias.has_value());
    BOOST_TEST(alias->category == "zone");
    BOOST_TEST(alias->name == "add_alias");
    BOOST_TEST(alias->access == api::access_level::clients);
    auto nop = api::find_method("nop");
    BOOST_TEST_REQUIRE(nop.has_value());
    BOOST_TEST(nop->category == "");
    BOOST_TEST(api::find_method("bill/delete")->name == "delete");
    BOOST_TEST(!api::find_method("zone/no_such").has_value());
    BOOST_TEST(!api::find_method("zone").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(secret_field_names) {
    for (const char* secret : {"password", "user_password", "PassWord", "authinfo", "new_authinfo",
                               "private_key", "passphrase", "api_token", "sig", "username", "e_mail", "o_phone",
                               "birth_date", "p_addr", "passport", "person_r"}) {
        BOOST_TEST(api::is_secret_field(secret), secret);
    }
    for (const char* plain : {"domain_name", "signature_date", "dname", "servtype", "ipaddr",
                              "private_person_flag", "new_user_name"}) {
        BOOST_TEST(!api::is_secret_field(plain), plain);
    }
}
