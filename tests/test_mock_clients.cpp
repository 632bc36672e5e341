// The mock REG.API driven by other clients, as child processes: curl and Python's standard
// library, sending their bodies the ways people do (raw JSON in a form, multipart, the
// credentials inside input_data, output_format=xml).
#define BOOST_TEST_MODULE mock_clients
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/shipped_recordings.hpp"

#include <regru/mocks/mock_server.hpp>

#include <boost/json/parse.hpp>

namespace json = boost::json;
namespace mocks = regru::mocks;
using regru::testing::run_program;
using regru::testing::shipped;

namespace {

constexpr const char* curl_path = "/usr/bin/curl";
// The system's Python: its standard library only, whatever python is first on PATH.
constexpr const char* python_path = "/usr/bin/python3";

struct http_answer {
    std::string body;
    std::string content_type;
    json::value json() const { return json::parse(body); }
};

// curl with `args` (the URL among them); the body and Content-Type it received.
http_answer curl(std::vector<std::string> args) {
    const std::string marker = "\ncontent-type: ";
    args.insert(args.begin(), {"--silent", "--show-error", "--max-time", "20", "--write-out", marker + "%{content_type}"});
    auto run = run_program(curl_path, args);
    BOOST_TEST_REQUIRE(run.status == 0, run.err);
    std::size_t at = run.out.rfind(marker);
    BOOST_TEST_REQUIRE(at != std::string::npos, run.out);
    return {run.out.substr(0, at), run.out.substr(at + marker.size())};
}

// A Python program given the method's URL as sys.argv[1]; the body it printed.
std::string python(const std::string& program, const std::string& url) {
    auto run = run_program(python_path, {"-c", program, url});
    BOOST_TEST_REQUIRE(run.status == 0, run.err);
    return run.out;
}

std::string error_code(const json::value& envelope) { return std::string(envelope.at("error_code").as_string()); }

struct server_fixture {
    mocks::mock_server server{shipped()};
    std::string url(const std::string& method) const { return server.endpoint() + "/" + method; }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(other_clients, server_fixture)

BOOST_AUTO_TEST_CASE(curl_raw_json_in_a_form_is_read_as_the_service_reads_it) {
    // Braces, quotes and a space, none of them encoded, as people type them.
    auto raw = curl({"--data", R"(username=test&password=test&input_format=json&input_data={"currency": "UAH"})",
                     url("user/get_balance")});
    BOOST_TEST(raw.json().at("answer").at("currency") == "UAH");
    BOOST_TEST(raw.content_type == "text/plain; charset=utf-8");
    // A '%' that starts no escape stays as it is.
    auto percent = curl({"--data", R"(username=test&password=test&input_format=json&input_data={"currency":"UAH","x":"100%"})",
                         url("user/get_balance")});
    BOOST_TEST(percent.json().at("answer").at("currency") == "UAH");
}

BOOST_AUTO_TEST_CASE(curl_data_urlencode_and_multipart_forms_work) {
    auto encoded = curl({"-d", "username=test", "-d", "password=test", "-d", "input_format=json", "--data-urlencode",
                         R"(input_data={"currency":"UAH"})", url("user/get_balance")});
    BOOST_TEST(encoded.json().at("answer").at("currency") == "UAH");
    // samples/root__nop__14.json: the service's answer to exactly this.
    auto multipart = curl({"-F", "username=test", "-F", "password=test", url("nop")});
    BOOST_TEST(multipart.json() == json::parse(R"({"answer":{"login":"test","user_id":0},"charset":"utf-8",
                                                  "messagestore":null,"result":"success"})"));
    auto multipart_json = curl({"-F", "username=test", "-F", "password=test", "-F", "input_format=json", "-F",
                                R"(input_data={"currency":"UAH"})", url("user/get_balance")});
    BOOST_TEST(multipart_json.json().at("answer").at("currency") == "UAH");
}

BOOST_AUTO_TEST_CASE(curl_credentials_and_formats_inside_input_data_count) {
    // As the documentation's sample requests send them; the form's own fields win.
    auto inside = curl({"--data", R"(input_format=json&input_data={"username":"test","password":"test","currency":"UAH"})",
                        url("user/get_balance")});
    BOOST_TEST(inside.json().at("answer").at("currency") == "UAH");
    auto form_wins = curl({"--data", R"(password=wrong&input_format=json&input_data={"username":"test","password":"test"})",
                           url("nop")});
    BOOST_TEST(error_code(form_wins.json()) == "USER_AUTHENTICATION_FAILED");
    auto lang = curl({"--data", R"(input_format=json&input_data={"username":"test","password":"x","lang":"ru"})", url("nop")});
    BOOST_TEST(lang.json().at("error_text") == "Неверный логин или пароль.");
    auto xml = curl({"--data", R"(input_format=json&input_data={"username":"test","password":"test","output_format":"xml"})",
                     url("nop")});
    BOOST_TEST(xml.content_type == "text/xml; charset=utf-8");
}

BOOST_AUTO_TEST_CASE(curl_output_format_xml_answers_in_xml) {
    auto success = curl({"-d", "username=test", "-d", "password=test", "-d", "output_format=xml", url("nop")});
    BOOST_TEST(success.content_type == "text/xml; charset=utf-8");
    BOOST_TEST(success.body == "<opt charset=\"utf-8\" messagestore=\"\" result=\"success\">\n"
                               "  <answer login=\"test\" user_id=\"0\" />\n"
                               "</opt>\n");
    // samples/raw/root__nop__3.xml.txt, with today's charset, command_name and messagestore.
    auto error = curl({"-d", "output_format=xml", url("nop")});
    BOOST_TEST(error.body == "<opt charset=\"utf-8\" error_code=\"NO_AUTH\" error_text=\"No authorization mechanism selected\" "
                             "messagestore=\"\" result=\"error\">\n"
                             "  <error_params command_name=\"nop\" />\n"
                             "</opt>\n");
    // Arrays as repeated elements, in the charset io_encoding asks for.
    auto echoed = curl({"-d", "username=test", "-d", "password=test", "-d", "output_format=xml", "-d", "io_encoding=cp1251",
                        "-d", "input_format=json", "--data-urlencode",
                        R"(input_data={"show_input_params":1,"domain_name":"qqq.ru","leftdata":[1,"<2>"]})",
                        url("domain/nop")});
    BOOST_TEST(echoed.content_type == "text/xml; charset=windows-1251");
    BOOST_TEST(echoed.body.find("  <input_params domain_name=\"qqq.ru\" password=\"test\" show_input_params=\"1\" "
                                "username=\"test\">\n    <leftdata>1</leftdata>\n    <leftdata>&lt;2&gt;</leftdata>\n"
                                "  </input_params>\n") != std::string::npos,
               echoed.body);
}

BOOST_AUTO_TEST_CASE(curl_without_credentials_gets_no_auth_and_a_password_alone_no_username) {
    BOOST_TEST(error_code(curl({"-d", "username=", "-d", "password=", url("nop")}).json()) == "NO_AUTH");
    BOOST_TEST(error_code(curl({"-d", "input_format=json", url("nop")}).json()) == "NO_AUTH");
    BOOST_TEST(error_code(curl({"-d", "password=test", url("nop")}).json()) == "NO_USERNAME");
}

BOOST_AUTO_TEST_CASE(python_urllib_forms_and_multipart_work) {
    auto form = python(R"(
import json, sys, urllib.parse, urllib.request
data = urllib.parse.urlencode({"input_format": "json",
    "input_data": json.dumps({"username": "test", "password": "test", "currency": "UAH"})}).encode()
print(urllib.request.urlopen(sys.argv[1], data, timeout=20).read().decode())
)",
                       url("user/get_balance"));
    BOOST_TEST(json::parse(form).at("answer").at("currency") == "UAH");

    // What requests' files= sends: a part with a filename, the rest plain fields.
    auto multipart = python(R"(
import sys, urllib.request
boundary = "----pyboundary7MA4YWxk"
parts = [("username", None, "test"), ("password", None, "test"), ("input_format", None, "json"),
         ("input_data", "input.json", '{"currency":"UAH"}')]
body = ""
for name, filename, value in parts:
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
    body += ("; filename=\"" + filename + "\"\r\nContent-Type: application/json" if filename else "")
    body += "\r\n\r\n" + value + "\r\n"
body += "--" + boundary + "--\r\n"
request = urllib.request.Request(sys.argv[1], body.encode(),
    {"Content-Type": "multipart/form-data; boundary=" + boundary})
print(urllib.request.urlopen(request, timeout=20).read().decode())
)",
                            url("user/get_balance"));
    BOOST_TEST(json::parse(multipart).at("answer").at("currency") == "UAH");
}

BOOST_AUTO_TEST_CASE(a_multipart_body_that_breaks_its_boundary_is_refused) {
    auto broken = run_program(curl_path, {"--silent", "--max-time", "20", "--write-out", "%{http_code}", "-H",
                                          "Content-Type: multipart/form-data; boundary=xyz", "--data",
                                          "--xyz\r\nno end", url("nop")});
    BOOST_TEST(broken.out.ends_with("400"), broken.out);
}

BOOST_AUTO_TEST_SUITE_END()
