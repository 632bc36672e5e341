// The real client and Poco transport against the mock REG.API, over HTTP and HTTPS: every
// method, TLS verification, client certificates, proxies, stale connections, and the fault
// matrix.
#define BOOST_TEST_MODULE transport_e2e
#include <boost/test/unit_test.hpp>

#include "support/mock_endpoint.hpp"
#include "support/tiny_proxy.hpp"
#include "support/valid_requests.hpp"

#include <regru/api.hpp>
#include <regru/mocks/mock_server.hpp>
#include <regru/mocks/pki.hpp>

#include <Poco/TemporaryFile.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace api = regru::api;
namespace mocks = regru::mocks;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using regru::testing::options_for;
using regru::testing::shipped;
using regru::testing::trusting;

namespace {

mocks::mock_server_options https(bool tls_faults = false) {
    mocks::mock_server_options opts;
    opts.tls = true;
    opts.tls_faults = tls_faults;
    return opts;
}

// A folder of files for one test, removed after it.
struct scratch {
    scratch() : path(Poco::TemporaryFile::tempName()) { fs::create_directories(path); }
    ~scratch() { fs::remove_all(path); }
    fs::path path;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(round_trips)

BOOST_AUTO_TEST_CASE(every_method_over_http_and_https) {
    for (bool tls : {false, true}) {
        mocks::mock_server_options server_options;
        server_options.tls = tls;
        mocks::mock_server server(shipped(), server_options);
        api::client client(options_for(server.endpoint()), api::poco_transport(tls ? trusting(server) : api::poco_transport_options{}));
        for (const auto& method : api::known_methods()) {
            BOOST_TEST_CONTEXT(std::string(tls ? "https " : "http ") << method.path) {
                auto answer = client.invoke(method, regru::testing::valid_call(method.path, {}));
                BOOST_TEST(answer.is_success(), answer.error_code() << ": " << answer.error_text());
            }
        }
        BOOST_TEST(client.transport().stats().opened == 1u);  // one kept-alive connection for all 122
        BOOST_TEST(server.requests() == api::known_methods().size());
    }
}

BOOST_AUTO_TEST_CASE(api_errors_and_per_item_errors_arrive_as_such) {
    mocks::mock_server server(shipped());
    auto opts = options_for(server.endpoint());
    opts.password = "wrong";
    opts.lang = "ru";
    api::client client(opts);
    auto refused = client.nop();
    BOOST_TEST(refused.kind() == api::outcome::api_error);
    BOOST_TEST(refused.error_code() == "USER_AUTHENTICATION_FAILED");
    BOOST_TEST(refused.error_text() == "Неверный логин или пароль.");
    client.set_password("test");
    auto items = client.service().nop({{"services", {{{"dname", "test.ru"}},
                                                     {{"dname", "test.su"}, {"servtype", "srv_hosting_ispmgr"}},
                                                     {{"service_id", "111111"}},
                                                     {{"service_id", "22bug22"}},
                                                     {{"surprise", "surprise.ru"}}}}});
    BOOST_TEST(items.is_success());
    BOOST_TEST(items.get("services").as_array()[3].at("error_code") == "INVALID_SERVICE_ID");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tls)

BOOST_AUTO_TEST_CASE(default_verification_refuses_an_unknown_ca_and_a_ca_file_admits_it) {
    mocks::mock_server server(shipped(), https());
    api::client by_default(options_for(server.endpoint()));
    auto refused = by_default.nop();
    BOOST_TEST(refused.failure() == api::transport_failure::tls);
    BOOST_TEST(refused.error_text().find("TLS certificate verification failed: unable to get local issuer certificate") == 0u,
               refused.error_text());
    BOOST_TEST(server.requests() == 0u);  // nothing was sent

    api::client trusting_client(options_for(server.endpoint()), api::poco_transport(trusting(server)));
    BOOST_TEST(trusting_client.nop().is_success());
}

BOOST_AUTO_TEST_CASE(insecure_mode_skips_verification_and_says_so) {
    mocks::mock_server server(shipped(), https(true));
    std::vector<std::string> warnings;
    api::poco_transport_options opts;
    opts.insecure_skip_tls_verification = true;
    opts.warning_sink = [&](std::string_view line) { warnings.emplace_back(line); };
    api::client client(options_for(server.tls_fault_endpoint(mocks::tls_fault::untrusted)), api::poco_transport(opts));
    BOOST_TEST(client.nop().is_success());
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0].find("TLS certificate verification is off") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_certificates_authenticate_when_the_server_asks) {
    scratch files;
    auto client_ca = mocks::pki::issue({"clients CA", {}, {}, -1h, 24h, true, false});
    auto client_identity = mocks::pki::issue({"reseller", {}, {}, -1h, 24h, false, true}, &client_ca);
    client_ca.write(files.path / "clients-ca.pem", files.path / "clients-ca.key");
    client_identity.write(files.path / "client.pem", files.path / "client.key", "key passphrase");

    auto server_options = https();
    server_options.client_ca = files.path / "clients-ca.pem";
    mocks::mock_server server(shipped(), server_options);

    api::client anonymous(options_for(server.endpoint()), api::poco_transport(trusting(server)));
    auto refused = anonymous.nop();
    BOOST_TEST(refused.is_service_fail());
    BOOST_TEST(refused.failure() != api::transport_failure::none);

    auto with_certificate = trusting(server);
    with_certificate.client_certificate = (files.path / "client.pem").string();
    with_certificate.client_key = (files.path / "client.key").string();
    with_certificate.client_key_passphrase = "key passphrase";
    api::client known(options_for(server.endpoint()), api::poco_transport(with_certificate));
    auto accepted = known.nop();
    BOOST_TEST(accepted.is_success(), accepted.error_text());

    with_certificate.client_key_passphrase = "not the passphrase";
    try {
        api::poco_transport wrong(with_certificate);
        BOOST_FAIL("a key with a wrong passphrase was accepted");
    } catch (const api::usage_error& e) {
        std::string message = e.what();
        BOOST_TEST(message.find("client key") == 0u, message);
        BOOST_TEST(message.find("not the passphrase") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(files_that_do_not_load_are_refused_at_construction) {
    api::poco_transport_options opts;
    opts.ca_location = "/nonexistent/ca.pem";
    BOOST_CHECK_THROW(api::poco_transport{opts}, api::usage_error);
    opts = {};
    opts.client_certificate = "/nonexistent/client.pem";
    BOOST_CHECK_THROW(api::poco_transport{opts}, api::usage_error);
    opts = {};
    opts.proxy = "socks5://127.0.0.1:1080";
    BOOST_CHECK_THROW(api::poco_transport{opts}, api::usage_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(connections)

BOOST_AUTO_TEST_CASE(a_connection_closed_while_idle_is_replaced_and_nothing_is_sent_twice) {
    mocks::mock_server_options server_options;
    server_options.keep_alive_timeout = 200ms;
    mocks::mock_server server(shipped(), server_options);
    std::vector<std::string> diagnostics;
    auto opts = options_for(server.endpoint());
    opts.debug = true;
    opts.debug_sink = [&](std::string_view line) { diagnostics.emplace_back(line); };
    api::client client(opts);
    BOOST_TEST(client.nop().is_success());
    std::this_thread::sleep_for(700ms);  // the server closes the idle connection meanwhile
    BOOST_TEST(client.nop().is_success());
    BOOST_TEST(client.transport().stats().discarded == 1u);
    BOOST_TEST(client.transport().stats().opened == 2u);
    BOOST_TEST(server.requests() == 2u);
    auto said = [&](std::string_view text) {
        return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const auto& line) { return line.find(text) != std::string::npos; });
    };
    BOOST_TEST(said("discarded 1 idle connection(s)"));
    BOOST_TEST(said("opening a connection to 127.0.0.1:"));
    BOOST_TEST(client.nop().is_success());
    BOOST_TEST(said("reusing a kept-alive connection"));
}

BOOST_AUTO_TEST_CASE(calls_go_through_an_http_proxy) {
    mocks::mock_server server(shipped());
    regru::testing::tiny_proxy proxy;
    api::poco_transport_options opts;
    opts.proxy = "http://reseller:pr0xy%20pass@" + proxy.url().substr(7);
    api::client client(options_for(server.endpoint()), api::poco_transport(opts));
    BOOST_TEST(client.nop().is_success());
    auto lines = proxy.request_lines();
    BOOST_TEST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(lines[0] == "POST " + server.endpoint() + "/nop HTTP/1.1");
    BOOST_TEST_REQUIRE(proxy.authorizations().size() == 1u);
    BOOST_TEST(proxy.authorizations()[0] == "Basic cmVzZWxsZXI6cHIweHkgcGFzcw==");  // reseller:pr0xy pass
}

BOOST_AUTO_TEST_CASE(https_goes_through_a_proxy_tunnel_with_verification_intact) {
    auto server_options = https();
    server_options.address = "127.0.0.1";
    mocks::mock_server server(shipped(), server_options);
    regru::testing::tiny_proxy proxy;
    auto opts = trusting(server);
    opts.proxy = proxy.url();
    api::client client(options_for(server.endpoint()), api::poco_transport(opts));
    BOOST_TEST(client.nop().is_success());
    auto lines = proxy.request_lines();
    BOOST_TEST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(lines[0] == "CONNECT 127.0.0.1:" + std::to_string(server.port()) + " HTTP/1.1");
}

BOOST_AUTO_TEST_CASE(no_proxy_hosts_and_loopback_go_direct) {
    mocks::mock_server server(shipped());
    regru::testing::tiny_proxy proxy;
    {
        // A proxy from the environment is not used for loopback hosts.
        ::setenv("http_proxy", proxy.url().c_str(), 1);
        api::poco_transport from_environment;
        ::unsetenv("http_proxy");
        api::client loopback(options_for(server.endpoint()), from_environment);
        BOOST_TEST(loopback.nop().is_success());
    }
    api::poco_transport_options opts;
    opts.proxy = proxy.url();
    opts.no_proxy = "example.invalid, 127.0.0.1";
    api::client listed(options_for(server.endpoint()), api::poco_transport(opts));
    BOOST_TEST(listed.nop().is_success());
    BOOST_TEST(proxy.request_lines().empty());
    opts.no_proxy = "*";
    api::client everything_direct(options_for(server.endpoint()), api::poco_transport(opts));
    BOOST_TEST(everything_direct.nop().is_success());
    BOOST_TEST(proxy.request_lines().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

// Every fault, over HTTP and HTTPS: the expected clear failure within the deadline, and the
// same client's next call succeeds.
BOOST_AUTO_TEST_CASE(the_fault_matrix) {
    struct expectation {
        std::string fault;
        api::outcome kind;
        api::transport_failure failure;
        std::string says;
    };
    const std::vector<expectation> matrix{
        {"close", api::outcome::transport_error, api::transport_failure::io, "the connection closed"},
        {"reset", api::outcome::transport_error, api::transport_failure::io, "connection reset by peer"},
        {"lost-answer", api::outcome::transport_error, api::transport_failure::io, "closed"},  // HTTP: "without answering", HTTPS: "mid-answer"
        {"delay/5000", api::outcome::transport_error, api::transport_failure::timeout, "timed out after 1.5 s"},
        {"drip/100", api::outcome::transport_error, api::transport_failure::timeout, "timed out after 1.5 s"},
        {"status/500", api::outcome::http_error, api::transport_failure::none, "HTTP 500 Internal Server Error"},
        {"status/502", api::outcome::http_error, api::transport_failure::none, "HTTP 502 Bad Gateway"},
        {"status/503", api::outcome::http_error, api::transport_failure::none, "HTTP 503 Service Unavailable"},
        {"status/404", api::outcome::http_error, api::transport_failure::none, "HTTP 404 Not Found"},
        {"status/302", api::outcome::http_error, api::transport_failure::none, "redirects are not followed"},
        {"not-json", api::outcome::bad_answer, api::transport_failure::none, "not valid JSON"},
        {"huge/3000000", api::outcome::transport_error, api::transport_failure::protocol, "too large: more than 1 MiB"},
    };
    for (bool tls : {false, true}) {
        mocks::mock_server_options server_options;
        server_options.tls = tls;
        mocks::mock_server server(shipped(), server_options);
        auto transport = tls ? trusting(server) : api::poco_transport_options{};
        transport.deadline = 1500ms;
        transport.max_answer_bytes = 1u << 20;
        auto opts = options_for(server.endpoint());
        opts.retry.max_attempts = 1;  // the transport's own behaviour; retries have their matrix
        api::client client(opts, api::poco_transport(transport));
        for (const auto& expected : matrix) {
            BOOST_TEST_CONTEXT(std::string(tls ? "https " : "http ") << expected.fault) {
                client.set_endpoint(server.fault_endpoint(expected.fault));
                auto before = server.requests();
                auto started = std::chrono::steady_clock::now();
                auto answer = client.nop();
                auto took = std::chrono::steady_clock::now() - started;
                BOOST_TEST(answer.kind() == expected.kind);
                BOOST_TEST(answer.failure() == expected.failure);
                BOOST_TEST(answer.error_code() == "API_FAIL");
                BOOST_TEST(answer.error_text().find(expected.says) != std::string_view::npos, answer.error_text());
                BOOST_TEST(took < 2500ms);  // the deadline, with room for a loaded machine
                BOOST_TEST(server.requests() == before + 1);  // sent once, never again
                client.set_endpoint(server.endpoint());
                BOOST_TEST(client.nop().is_success());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_certificates_are_refused_with_the_reason) {
    mocks::mock_server server(shipped(), https(true));
    api::client client(options_for(server.endpoint()), api::poco_transport(trusting(server)));
    for (auto [fault, reason] : std::vector<std::pair<mocks::tls_fault, std::string>>{
             {mocks::tls_fault::untrusted, "unable to get local issuer certificate"},
             {mocks::tls_fault::expired, "certificate has expired"},
             {mocks::tls_fault::wrong_host, "IP address mismatch"}}) {
        BOOST_TEST_CONTEXT(reason) {
            client.set_endpoint(server.tls_fault_endpoint(fault));
            auto answer = client.nop();
            BOOST_TEST(answer.failure() == api::transport_failure::tls);
            BOOST_TEST(answer.error_text().find("TLS certificate verification failed: " + reason) == 0u, answer.error_text());
            client.set_endpoint(server.endpoint());
            BOOST_TEST(client.nop().is_success());
        }
    }
    BOOST_TEST(server.requests() == 3u);  // only the three good calls reached a handler
}

BOOST_AUTO_TEST_CASE(host_names_are_checked_too) {
    mocks::mock_server server(shipped(), https(true));
    std::string endpoint = server.tls_fault_endpoint(mocks::tls_fault::wrong_host);
    endpoint.replace(endpoint.find("127.0.0.1"), 9, "localhost");
    api::client client(options_for(endpoint), api::poco_transport(trusting(server)));
    auto answer = client.nop();
    BOOST_TEST(answer.error_text().find("TLS certificate verification failed: hostname mismatch") == 0u, answer.error_text());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(charsets)

// Cyrillic, Ukrainian, box drawing, the euro, No. and emoji, through the mock server in each
// charset: the server reads the form in the charset and echoes the parameters back in it
// (with \u escapes for what the charset lacks); the client must end with the original text.
BOOST_AUTO_TEST_CASE(text_survives_every_charset_both_ways) {
    const std::string text = "Привет, мир! ґ є і ї Ґ Є І Ї ┌─┐│└┘╔═╗ € № 😀🇷🇺 ascii";
    mocks::mock_server server(shipped());
    for (auto charset : regru::encoding::all_charsets) {
        BOOST_TEST_CONTEXT(regru::encoding::name(charset)) {
            auto opts = options_for(server.endpoint());
            opts.io_encoding = std::string(regru::encoding::name(charset));
            api::client client(opts);
            auto answer = client.domain().nop({{"show_input_params", 1}, {"text", text}, {"list", {"Щука", "ёж"}}});
            BOOST_TEST(answer.is_success(), answer.error_text());
            const auto& echoed = answer.envelope().at("input_params");
            BOOST_TEST(echoed.at("text") == boost::json::value(text));
            BOOST_TEST(echoed.at("list") == boost::json::value({"Щука", "ёж"}));
            bool converted = charset != regru::encoding::charset::utf8;
            BOOST_TEST((answer.content_type().find("charset=") != std::string_view::npos));
            BOOST_TEST(converted == (answer.body().find("Привет") == std::string_view::npos));  // not UTF-8 on the wire
        }
    }
}

BOOST_AUTO_TEST_CASE(error_texts_arrive_in_the_charset_and_read_back) {
    mocks::mock_server server(shipped());
    auto opts = options_for(server.endpoint());
    opts.io_encoding = "koi8-u";
    opts.lang = "ru";
    opts.password = "wrong";
    api::client client(opts);
    auto refused = client.nop();
    BOOST_TEST(refused.error_code() == "USER_AUTHENTICATION_FAILED");
    BOOST_TEST(refused.error_text() == "Неверный логин или пароль.");
}

BOOST_AUTO_TEST_SUITE_END()
