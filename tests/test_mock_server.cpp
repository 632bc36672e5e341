// The mock REG.API: test-mode behaviour over real HTTP, and the regru-mock-server program.
#define BOOST_TEST_MODULE mock_server
#include <boost/test/unit_test.hpp>

#include <regru/api/form.hpp>
#include <regru/mocks/mock_server.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <boost/json/parse.hpp>

#include <csignal>

namespace json = boost::json;
namespace mocks = regru::mocks;

namespace {

const mocks::recording_set& shipped() {
    static const auto set = mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR);
    return set;
}

struct raw_answer {
    int status = 0;
    std::string body;
    json::value json() const { return json::parse(body); }
};

// One HTTP request to the server, exactly as given.
raw_answer raw(const mocks::mock_server& server, const std::string& method, const std::string& uri,
               const std::string& body, const std::string& content_type = "application/x-www-form-urlencoded") {
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
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
    BOOST_TEST(code_of(post(server, "nop", json_call("", ""))) == "NO_USERNAME");
    // Methods open to everyone need no account.
    BOOST_TEST(post(server, "user/nop", json_call("", "")).json().at("result") == "success");
}

BOOST_AUTO_TEST_CASE(recordings_for_named_accounts_answer_for_them) {
    mocks::mock_server server(shipped());
    auto blocked = post(server, "nop", json_call("blocked", "anything"));
    BOOST_TEST(code_of(blocked) == "ACCESS_DENIED_FROM_IP");
    BOOST_TEST(blocked.json().at("error_params").at("command_name") == "nop");
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
    BOOST_TEST(raw(server, "POST", "/api/regru2/nop", "a=%zz").status == 400);
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

BOOST_AUTO_TEST_CASE(show_input_params_echoes_the_parameters_but_not_the_password) {
    mocks::mock_server server(shipped());
    auto echoed = post(server, "domain/nop",
                       json_call("test", "test", R"({"show_input_params":1,"domain_name":"qqq.ru","leftdata":[1,2,3]})"));
    auto envelope = echoed.json();
    const auto& params = envelope.at("input_params");
    BOOST_TEST(params.at("domain_name") == "qqq.ru");
    BOOST_TEST(params.at("leftdata") == json::value({1, 2, 3}));
    BOOST_TEST(params.at("username") == "test");
    BOOST_TEST(!params.as_object().contains("password"));
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

BOOST_AUTO_TEST_CASE(the_program_prints_its_endpoint_and_stops_on_sigterm) {
    Poco::Pipe out, err;
    auto process = Poco::Process::launch(REGRU_MOCK_SERVER_PATH, {"--port", "0", "--recordings", REGRU_TEST_RECORDINGS_DIR},
                                         nullptr, &out, &err);
    Poco::PipeInputStream from_server(out);
    std::string line;
    std::getline(from_server, line);
    BOOST_TEST_REQUIRE(line.starts_with("endpoint: http://127.0.0.1:"), line);
    std::string endpoint = line.substr(10);
    auto port = static_cast<std::uint16_t>(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
    BOOST_TEST(port > 0);

    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request("POST", "/api/regru2/nop", Poco::Net::HTTPMessage::HTTP_1_1);
    std::string body = json_call("test", "test");
    request.setContentType("application/x-www-form-urlencoded");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
    BOOST_TEST(json::parse(answer).at("result") == "success");

    ::kill(process.id(), SIGTERM);
    BOOST_TEST(process.wait() == 0);
    Poco::PipeInputStream log(err);
    std::string logged;
    std::getline(log, logged);
    BOOST_TEST(logged == "POST /api/regru2/nop 200 recorded root.json#4");
}
