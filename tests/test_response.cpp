// What a response says for each kind of answer the service (or the network) can give.
#define BOOST_TEST_MODULE response
#include <boost/test/unit_test.hpp>

#include "support/test_client.hpp"

#include <regru/api/errors.hpp>

#include <boost/json/serialize.hpp>

namespace api = regru::api;
namespace json = boost::json;
using regru::testing::client_answering;

namespace {

api::response answer_to_nop(std::string body, int status = 200) {
    return client_answering(std::move(body), status).nop();
}

api::response failed_transport(api::transport_failure why, std::string text) {
    regru::testing::capture_client client(regru::testing::test_options(),
                                          regru::mocks::capture_transport(
                                              api::http_response::failed(why, std::move(text))));
    return client.nop();
}

void check_client_side_failure(const api::response& r, api::outcome kind, std::string_view text_part) {
    BOOST_TEST(!r.is_success());
    BOOST_TEST(r.kind() == kind);
    BOOST_TEST(r.error_code() == "API_FAIL");
    BOOST_TEST(r.error_text().find(text_part) != std::string_view::npos, r.error_text());
    BOOST_TEST(r.answer() == json::value(json::object()));
    BOOST_TEST(r.error_params().empty());
}

}  // namespace

BOOST_AUTO_TEST_CASE(success_gives_the_answer) {
    auto r = answer_to_nop(R"({"answer":{"login":"test","user_id":0},"charset":"utf-8","messagestore":null,"result":"success"})");
    BOOST_TEST(r.is_success());
    BOOST_TEST(!r.is_service_fail());
    BOOST_TEST(r.kind() == api::outcome::success);
    BOOST_TEST(r.http_status() == 200);
    BOOST_TEST(r.error_code() == "");
    BOOST_TEST(r.error_text() == "");
    BOOST_TEST(r.get("login") == json::value("test"));
    BOOST_TEST(*r.get<long>("user_id") == 0);
    BOOST_TEST(r.get("missing").is_null());
    BOOST_TEST(!r.get<std::string>("missing").has_value());
    BOOST_TEST(r.envelope().as_object().at("charset") == "utf-8");
}

BOOST_AUTO_TEST_CASE(a_utf8_byte_order_mark_before_the_envelope_is_skipped) {
    auto r = answer_to_nop("\xEF\xBB\xBF" R"({"result":"success","answer":{"login":"test"}})");
    BOOST_TEST(r.is_success(), r.error_text());
    BOOST_TEST(r.get("login") == "test");
    // Only at the very start, and only a whole one.
    BOOST_TEST(answer_to_nop("\xEF\xBB" R"({"result":"success"})").kind() == api::outcome::bad_answer);
}

BOOST_AUTO_TEST_CASE(success_without_answer_gives_an_empty_object) {
    auto r = answer_to_nop(R"({"result":"success"})");
    BOOST_TEST(r.is_success());
    BOOST_TEST(r.answer() == json::value(json::object()));
    // The reference client's default, and the seed's, for a null answer too.
    auto null = answer_to_nop(R"({"result":"success","answer":null})");
    BOOST_TEST(null.answer() == json::value(json::object()));
    BOOST_TEST(null.get("anything").is_null());
}

BOOST_AUTO_TEST_CASE(answers_that_are_arrays_or_scalars_are_reachable) {
    auto list = answer_to_nop(R"({"result":"success","answer":[{"commonname":"ISPmanager"}]})");
    BOOST_TEST(list.is_success());
    BOOST_TEST(list.answer().as_array().size() == 1u);
    BOOST_TEST(list.get("commonname").is_null());  // get() reads objects only
    auto scalar = answer_to_nop(R"({"result":"success","answer":"https://test1.ru"})");
    BOOST_TEST(scalar.answer() == "https://test1.ru");
}

BOOST_AUTO_TEST_CASE(api_error_gives_code_text_and_params) {
    auto r = answer_to_nop(R"({"result":"error","error_code":"ACCESS_DENIED_FROM_IP","error_text":"Access to API from this IP denied","error_params":{"command_name":"nop"},"answer":{"x":1}})");
    BOOST_TEST(!r.is_success());
    BOOST_TEST(!r.is_service_fail());
    BOOST_TEST(r.kind() == api::outcome::api_error);
    BOOST_TEST(r.error_code() == "ACCESS_DENIED_FROM_IP");
    BOOST_TEST(r.error_text() == "Access to API from this IP denied");
    BOOST_TEST(r.error_params().at("command_name") == "nop");
    BOOST_TEST(r.answer() == json::value(json::object()));  // as the reference client: {} after an error
}

BOOST_AUTO_TEST_CASE(an_error_without_a_code_still_has_one) {
    auto r = answer_to_nop(R"({"result":"error","error_text":"Something broke"})");
    BOOST_TEST(r.kind() == api::outcome::api_error);
    BOOST_TEST(r.error_code() == "API_FAIL");
    BOOST_TEST(r.error_text() == "Something broke");
    auto odd = answer_to_nop(R"({"result":"maybe"})");
    BOOST_TEST(!odd.is_success());
    BOOST_TEST(odd.error_text().find("\"maybe\"") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(per_item_errors_live_inside_a_success) {
    auto r = answer_to_nop(R"({"result":"success","answer":{"domains":[
        {"dname":"ya.ru","error_code":"DOMAIN_ALREADY_EXISTS","result":"Domain already exists, use whois service"},
        {"dname":"yayayayayaya.ru","result":"Available"}]}})");
    BOOST_TEST(r.is_success());
    const auto& items = r.get("domains").as_array();
    BOOST_TEST(items.size() == 2u);
    BOOST_TEST(items[0].as_object().at("error_code") == "DOMAIN_ALREADY_EXISTS");
    BOOST_TEST(items[1].as_object().at("result") == "Available");
}

BOOST_AUTO_TEST_CASE(http_statuses_other_than_200_are_service_failures) {
    for (int status : {302, 404, 500, 503}) {
        BOOST_TEST_CONTEXT("HTTP " << status) {
            auto r = answer_to_nop(R"({"result":"success","answer":{}})", status);
            BOOST_TEST(r.is_service_fail());
            BOOST_TEST(r.http_status() == status);
            check_client_side_failure(r, api::outcome::http_error, "HTTP " + std::to_string(status));
        }
    }
    BOOST_TEST(answer_to_nop("", 302).error_text().find("redirects are not followed") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(transport_failures_are_service_failures_with_their_text) {
    auto r = failed_transport(api::transport_failure::timeout, "timed out after 5000 ms (api.reg.ru:443)");
    BOOST_TEST(r.is_service_fail());
    BOOST_TEST(r.failure() == api::transport_failure::timeout);
    BOOST_TEST(r.http_status() == 0);
    check_client_side_failure(r, api::outcome::transport_error, "timed out after 5000 ms");
}

BOOST_AUTO_TEST_CASE(bodies_that_are_not_an_envelope_are_API_FAIL_saying_why) {
    struct probe {
        std::string body;
        std::string says;
    };
    for (const auto& [body, says] : std::vector<probe>{
             {"", "empty"},
             {"<html><body>Bad gateway</body></html>", "not valid JSON"},
             {R"({"result":"success",)", "not valid JSON"},
             {"[1,2,3]", "an array, not a JSON object"},
             {"null", "null, not a JSON object"},
             {"\"success\"", "a string, not a JSON object"},
             {R"({"answer":{}})", "no \"result\""},
             {R"({"result":1})", "\"result\" is a number"}}) {
        BOOST_TEST_CONTEXT(body) {
            auto r = answer_to_nop(body);
            BOOST_TEST(!r.is_service_fail());
            BOOST_TEST(r.http_status() == 200);
            check_client_side_failure(r, api::outcome::bad_answer, says);
            BOOST_TEST(r.body() == body);
        }
    }
}

BOOST_AUTO_TEST_CASE(invalid_json_says_where_it_broke) {
    auto r = answer_to_nop(R"({"result":"success",,})");
    BOOST_TEST(r.error_text().find("at byte 20 of 22") != std::string_view::npos, r.error_text());
}

BOOST_AUTO_TEST_CASE(a_2_MB_answer_is_read_whole) {
    json::array rrs;
    for (int i = 0; i < 27'000; ++i) {  // about 75 bytes each
        rrs.push_back(json::object{{"subname", "www" + std::to_string(i)},
                                   {"rectype", "A"}, {"content", "111.222.111.222"}, {"prio", "0"}});
    }
    json::object body{{"result", "success"}, {"answer", json::object{{"rrs", rrs}}}};
    std::string text = json::serialize(body);
    BOOST_TEST_REQUIRE(text.size() > 2'000'000u);
    auto r = answer_to_nop(text);
    BOOST_TEST(r.is_success());
    BOOST_TEST(r.body().size() == text.size());
    BOOST_TEST(r.get("rrs").as_array().size() == rrs.size());
    BOOST_TEST(r.get("rrs").as_array().back() == rrs.back());
}

BOOST_AUTO_TEST_CASE(typed_get_reads_numbers_given_as_strings_and_the_reverse) {
    auto r = answer_to_nop(R"({"result":"success","answer":{"service_id":"12345678","prepay":1000,"credit":"10.50","prio":"0"}})");
    BOOST_TEST(*r.get<long long>("service_id") == 12345678);
    BOOST_TEST(*r.get<std::string>("prepay") == "1000");
    BOOST_TEST(*r.get<double>("credit") == 10.5);
    BOOST_TEST(*r.get<int>("prio") == 0);
    BOOST_CHECK_THROW(r.get<int>("credit"), api::bad_value);
}

BOOST_AUTO_TEST_CASE(typed_get_reads_no_infinity_or_nan_from_a_string) {
    auto r = answer_to_nop(
        R"({"result":"success","answer":{"a":"nan","b":"inf","c":"-infinity","d":"NAN","e":"1e999","f":"-1e5"}})");
    for (const char* name : {"a", "b", "c", "d", "e"}) BOOST_CHECK_THROW(r.get<double>(name), api::bad_value);
    BOOST_TEST(r.get<double>("f").value_or(0) == -1e5);
}
