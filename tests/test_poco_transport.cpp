// The Poco transport against a real HTTP server on a loopback port.
#define BOOST_TEST_MODULE poco_transport
#include <boost/test/unit_test.hpp>

#include "support/loopback_server.hpp"
#include "support/test_client.hpp"

#include <regru/api.hpp>
#include <regru/api/version.hpp>

#include <chrono>
#include <thread>

namespace api = regru::api;
namespace json = boost::json;
using namespace std::chrono_literals;
using regru::testing::closed_endpoint;
using regru::testing::loopback_server;

namespace {

api::options options_for(const std::string& endpoint) {
    auto opts = regru::testing::test_options();
    opts.endpoint = endpoint;
    return opts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_call_is_a_form_post_with_a_content_length) {
    loopback_server server;
    api::client client(options_for(server.endpoint()));
    auto answer = client.zone().add_alias({{"subdomain", "www"}, {"ipaddr", "1.2.3.4"}});
    BOOST_TEST(answer.is_success(), answer.error_text());
    BOOST_TEST(answer.get("uri") == "/api/regru2/zone/add_alias");
    BOOST_TEST(answer.get("input_data") == json::value({{"subdomain", "www"}, {"ipaddr", "1.2.3.4"}}));
    auto seen = server.log.last_request();
    BOOST_TEST(seen.method == "POST");
    BOOST_TEST(seen.content_type == "application/x-www-form-urlencoded");
    BOOST_TEST(seen.content_length == std::to_string(seen.body.size()));
    BOOST_TEST(seen.transfer_encoding == "");
    BOOST_TEST(seen.body.starts_with("username=test&password=test&output_format=json&input_format=json&input_data="));
    // Who calls, for the service's logs: the library and its version.
    BOOST_TEST(seen.user_agent == "regru-api/" + std::string(api::version));
    BOOST_TEST(api::version == REGRU_TEST_PROJECT_VERSION);
}

BOOST_AUTO_TEST_CASE(connections_are_kept_alive_and_reused) {
    loopback_server server;
    api::client client(options_for(server.endpoint()));
    for (int i = 0; i < 5; ++i) BOOST_TEST(client.nop({{"i", i}}).is_success());
    BOOST_TEST(client.transport().stats().opened == 1u);
    BOOST_TEST(client.transport().stats().reused == 4u);
    BOOST_TEST(server.log.count == 5);
}

BOOST_AUTO_TEST_CASE(redirects_are_not_followed) {
    loopback_server server;
    api::client client(options_for(server.endpoint()));
    auto answer = client.call("", "redirect");
    BOOST_TEST(answer.is_service_fail());
    BOOST_TEST(answer.http_status() == 302);
    BOOST_TEST(answer.error_text().find("redirects are not followed") != std::string_view::npos);
    BOOST_TEST(server.log.count == 1);
}

BOOST_AUTO_TEST_CASE(a_server_error_is_a_service_failure_and_the_client_goes_on) {
    loopback_server server;
    api::client client(options_for(server.endpoint()));
    auto broken = client.call("", "broken");
    BOOST_TEST(broken.is_service_fail());
    BOOST_TEST(broken.http_status() == 500);
    BOOST_TEST(broken.error_text() == "HTTP 500 Internal Server Error (expected 200)");
    BOOST_TEST(client.nop().is_success());
}

BOOST_AUTO_TEST_CASE(a_refused_connection_is_a_transport_failure) {
    api::client client(options_for(closed_endpoint()));
    auto answer = client.nop();
    BOOST_TEST(answer.is_service_fail());
    BOOST_TEST(answer.failure() == api::transport_failure::connect);
    BOOST_TEST(answer.error_text().find("connection refused (127.0.0.1:") == 0u, answer.error_text());

    loopback_server server;
    client.set_endpoint(server.endpoint());
    BOOST_TEST(client.nop().is_success());
}

BOOST_AUTO_TEST_CASE(tls_to_a_server_that_does_not_speak_it_fails_cleanly) {
    loopback_server server;
    std::string endpoint = server.endpoint();
    endpoint.replace(0, 4, "https");
    api::client client(options_for(endpoint));
    auto answer = client.nop();
    BOOST_TEST(answer.is_service_fail());
    BOOST_TEST(answer.kind() == api::outcome::transport_error);
    BOOST_TEST(!answer.error_text().empty());
}

BOOST_AUTO_TEST_CASE(a_slow_answer_times_out) {
    loopback_server server;
    api::poco_transport_options transport;
    transport.io_timeout = 300ms;
    api::client client(options_for(server.endpoint()), api::poco_transport(transport));
    auto started = std::chrono::steady_clock::now();
    auto answer = client.call("", "slow");
    auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(answer.failure() == api::transport_failure::timeout);
    BOOST_TEST(answer.error_text().find("timed out after 0.3 s") == 0u, answer.error_text());
    BOOST_TEST(took < 1500ms);
    std::this_thread::sleep_for(2s);  // let the handler finish before the server stops
    BOOST_TEST(client.nop().is_success());
}
