// The `regru` tool, driven as a process: exit statuses, output, options and environment.
#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/files.hpp"
#include "support/loopback_server.hpp"
#include "support/mock_endpoint.hpp"
#include "support/redis_server.hpp"
#ifdef REGRU_TEST_WITH_SIGNING
#include "support/rsa_keys.hpp"
#include <regru/signing/signature_verifier.hpp>
#endif
#include "support/temp_folder.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/mocks/mock_server.hpp>

#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace json = boost::json;
using regru::testing::loopback_server;
using regru::testing::run_result;

namespace {

// Runs the tool with `args`, feeding `input` to its standard input. The REGRU_* variables are
// emptied (the tool treats empty as unset) unless `env` sets them; the limits are kept in the
// tool's memory unless `env` says otherwise, so that tests neither share a budget nor write to
// the user's state folder.
run_result run(const std::vector<std::string>& args, const std::string& input = "",
               Poco::Process::Env env = {}) {
    for (const char* name : {"REGRU_USERNAME", "REGRU_PASSWORD", "REGRU_API_ENDPOINT", "REGRU_RATE_LIMIT", "REGRU_LOG", "REGRU_RECORD"}) env.emplace(name, "");
    env.emplace("REGRU_LIMIT_STORE", "memory");
    return regru::testing::run_program(REGRU_TOOL_PATH, args, input, env);
}

std::vector<std::string> replay(std::vector<std::string> args) {
    args.insert(args.begin(), {"--replay", REGRU_TEST_RECORDINGS_DIR});
    return args;
}

// A recordings file with one success, one API error, one HTTP 503 and one non-JSON answer.
struct small_recordings {
    small_recordings() {
        std::ofstream(file.path()) << R"({"recordings":[
          {"method":"nop","body":{"result":"success","answer":{"login":"test","user_id":0}}},
          {"method":"user/get_balance","body":{"result":"error","error_code":"NO_AUTH","error_text":"No authorization mechanism selected","error_params":{"command_name":"user/get_balance"}}},
          {"method":"user/get_statistics","status":503,"body_text":"<h1>Service Unavailable</h1>"},
          {"method":"hosting/nop","body_text":"not json"}]})";
    }
    std::vector<std::string> with(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--replay", file.path()});
        return args;
    }
    Poco::TemporaryFile file;
};

}  // namespace

BOOST_AUTO_TEST_CASE(list_prints_every_known_method) {
    auto r = run({"--list"});
    BOOST_TEST(r.status == 0);
    std::string expected;
    for (const auto& m : regru::api::known_methods()) expected += std::string(m.path) + "\n";
    BOOST_TEST(r.out == expected);
}

BOOST_AUTO_TEST_CASE(list_long_adds_access_and_effect_in_the_catalogue_words) {
    auto r = run({"--list", "--long"});
    BOOST_TEST(r.status == 0);
    std::istringstream lines(r.out);
    std::map<std::string, std::string> listed;
    for (std::string line; std::getline(lines, line);) {
        auto tab = line.find('\t');
        BOOST_TEST_REQUIRE(tab != std::string::npos, line);
        listed[line.substr(0, tab)] = line.substr(tab + 1);
    }
    BOOST_TEST(listed.size() == regru::api::known_methods().size());
    BOOST_TEST(listed["nop"] == "clients\tread");
    BOOST_TEST(listed["domain/create"] == "clients\tcharges");
    BOOST_TEST(listed["zone/add_caa"] == "unspecified\twrite");
    BOOST_TEST(listed["user/nop"] == "everyone\tread");
    BOOST_TEST(listed["domain/request_to_transfer"] == "partners\tcharges");
    BOOST_TEST(run({"--long", "nop"}).status == 2);
}

BOOST_AUTO_TEST_CASE(help_explains_usage) {
    auto r = run({"--help"});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("usage: regru [options] METHOD [PARAMS]") == 0u);
}

BOOST_AUTO_TEST_CASE(success_prints_the_answer) {
    auto r = run(replay({"nop"}));
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.json_out().at("login") == "test");
    BOOST_TEST(r.err == "");
}

BOOST_AUTO_TEST_CASE(an_api_error_exits_1_with_code_and_text_on_stderr) {
    small_recordings recordings;
    auto r = run(recordings.with({"user/get_balance"}));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.out == "");
    BOOST_TEST(r.err == "NO_AUTH: No authorization mechanism selected\n");
}

BOOST_AUTO_TEST_CASE(the_envelope_holds_every_part_of_the_response) {
    small_recordings recordings;
    auto error = run(recordings.with({"--envelope", "user/get_balance"}));
    BOOST_TEST(error.status == 1);
    auto envelope = error.json_out().as_object();
    BOOST_TEST(envelope.size() == 8u);
    BOOST_TEST(envelope.at("attempts") == 1);
    BOOST_TEST(envelope.at("is_success") == false);
    BOOST_TEST(envelope.at("is_service_fail") == false);
    BOOST_TEST(envelope.at("http_status") == 200);
    BOOST_TEST(envelope.at("error_code") == "NO_AUTH");
    BOOST_TEST(envelope.at("error_params").at("command_name") == "user/get_balance");
    BOOST_TEST(envelope.at("answer") == json::value(json::object()));

    auto ok = run(recordings.with({"--envelope", "nop"}));
    BOOST_TEST(ok.status == 0);
    BOOST_TEST(ok.json_out().at("is_success") == true);
    BOOST_TEST(ok.json_out().at("answer").at("user_id") == 0);
}

BOOST_AUTO_TEST_CASE(service_failures_exit_3) {
    small_recordings recordings;
    auto unavailable = run(recordings.with({"--envelope", "user/get_statistics"}));
    BOOST_TEST(unavailable.status == 3);
    BOOST_TEST(unavailable.json_out().at("is_service_fail") == true);
    BOOST_TEST(unavailable.json_out().at("http_status") == 503);
    BOOST_TEST(unavailable.err == "API_FAIL: HTTP 503 Service Unavailable (expected 200)\n");

    auto garbled = run(recordings.with({"hosting/nop"}));
    BOOST_TEST(garbled.status == 3);
    BOOST_TEST(garbled.err.find("not valid JSON") != std::string::npos, garbled.err);

    auto unrecorded = run(recordings.with({"zone/nop"}));
    BOOST_TEST(unrecorded.status == 3);
    // A miss is the replay's transport failure, explained on one line.
    BOOST_TEST(unrecorded.err == "API_FAIL: no recording matches POST zone/nop with input_data {}; there is no recording of zone/nop\n",
               unrecorded.err);

    auto refused = run({"--endpoint", regru::testing::closed_endpoint(), "nop"});
    BOOST_TEST(refused.status == 3);
    BOOST_TEST(refused.err.find("API_FAIL: connection refused") == 0u, refused.err);
}

BOOST_AUTO_TEST_CASE(usage_mistakes_exit_2_with_a_reason) {
    struct probe {
        std::vector<std::string> args;
        std::string says;
    };
    for (const auto& [args, says] : std::vector<probe>{
             {{}, "METHOD is missing"},
             {{"--frobnicate", "nop"}, "unknown option --frobnicate"},
             {{"--password", "x", "nop"}, "there is no --password"},
             {{"nop", "[1,2]"}, "PARAMS must be a JSON object"},
             {{"nop", "{oops"}, "PARAMS is not valid JSON"},
             {{"nop", "{}", "extra"}, "too many arguments"},
             {{"--lang", "de", "nop"}, "Unsupported language: de"},
             {{"--io-encoding", "latin1", "nop"}, "Unsupported encoding: latin1"},
             {{"--endpoint", "ftp://x", "nop"}, "not an http:// or https:// URL"},
             {{"zone/add/alias"}, "METHOD must be"},
             {{"zone/add-alias"}, "Invalid method name"},
             {{"--replay", "/nonexistent/dir", "nop"}, "--replay: /nonexistent/dir"},
             {{"--password-file", "/nonexistent/pw", "nop"}, "cannot read the password file"},
             {{"--endpoint"}, "--endpoint needs a value"},
             {{"--timeout", "soon", "nop"}, "--timeout takes a number of seconds"},
             {{"--timeout", "0", "nop"}, "--timeout takes a number of seconds"},
             {{"--client-cert", "/nonexistent/client.pem", "nop"}, "client certificate /nonexistent/client.pem"},
             {{"--ca-file", "/nonexistent/ca.pem", "nop"}, "/nonexistent/ca.pem"},
             {{"--insecure=yes", "nop"}, "--insecure takes no value"}}) {
        std::string first = args.empty() ? "(no arguments)" : args.front();
        BOOST_TEST_CONTEXT(first) {
            auto r = run(args);
            BOOST_TEST(r.status == 2);
            BOOST_TEST(r.err.find(says) != std::string::npos, r.err);
            BOOST_TEST(r.out == "");
        }
    }
}

BOOST_AUTO_TEST_CASE(params_come_from_the_argument_or_stdin) {
    loopback_server server;
    auto from_argument = run({"--endpoint", server.endpoint(), "domain/get_nss", R"({"domain_name":"test.ru"})"});
    BOOST_TEST(from_argument.status == 0, from_argument.err);
    BOOST_TEST(from_argument.json_out().at("input_data") == json::value({{"domain_name", "test.ru"}}));
    BOOST_TEST(from_argument.json_out().at("uri") == "/api/regru2/domain/get_nss");

    auto from_stdin = run({"--endpoint=" + server.endpoint(), "zone/add_txt", "-"}, R"({"text":"v=spf1 -all"})");
    BOOST_TEST(from_stdin.status == 0, from_stdin.err);
    BOOST_TEST(from_stdin.json_out().at("input_data") == json::value({{"text", "v=spf1 -all"}}));

    auto unknown_method = run({"--endpoint", server.endpoint(), "zone/brand_new"});
    BOOST_TEST(unknown_method.status == 0);
    BOOST_TEST(unknown_method.json_out().at("uri") == "/api/regru2/zone/brand_new");
}

BOOST_AUTO_TEST_CASE(credentials_come_from_options_files_and_the_environment) {
    loopback_server server;
    auto defaults = run({"--endpoint", server.endpoint(), "nop"});
    BOOST_TEST(defaults.json_out().at("fields").at("username") == "test");
    BOOST_TEST(defaults.json_out().at("fields").at("password") == "test");

    auto from_env = run({"nop"}, "", {{"REGRU_USERNAME", "reseller"}, {"REGRU_PASSWORD", "env-secret"},
                                      {"REGRU_API_ENDPOINT", server.endpoint()}});
    BOOST_TEST(from_env.status == 0, from_env.err);
    BOOST_TEST(from_env.json_out().at("fields").at("username") == "reseller");
    BOOST_TEST(from_env.json_out().at("fields").at("password") == "env-secret");

    Poco::TemporaryFile password_file;
    std::ofstream(password_file.path()) << "file secret with spaces\n";
    auto from_file = run({"--endpoint", server.endpoint(), "--username", "someone", "--password-file",
                          password_file.path(), "--lang", "ru", "--io-encoding", "koi8-r", "nop"});
    auto fields = from_file.json_out().at("fields");
    BOOST_TEST(fields.at("username") == "someone");
    BOOST_TEST(fields.at("password") == "file secret with spaces");
    BOOST_TEST(fields.at("lang") == "ru");
    BOOST_TEST(fields.at("io_encoding") == "koi8-r");
}

BOOST_AUTO_TEST_CASE(the_test_password_goes_only_with_the_test_account) {
    loopback_server server;
    for (auto env : {Poco::Process::Env{{"REGRU_USERNAME", "reseller"}}, Poco::Process::Env{}}) {
        std::vector<std::string> args{"--endpoint", server.endpoint(), "nop"};
        if (env.empty()) args.insert(args.begin(), {"--username", "reseller"});
        auto refused = run(args, "", env);
        BOOST_TEST(refused.status == 2);
        BOOST_TEST(refused.err.starts_with("regru: no password for the account 'reseller'"), refused.err);
    }
    BOOST_TEST(server.log.count == 0);
}

BOOST_AUTO_TEST_CASE(debug_goes_to_stderr_without_the_password) {
    loopback_server server;
    auto r = run({"--debug", "--endpoint", server.endpoint(), "nop"}, "", {{"REGRU_PASSWORD", "dbg-Secret-42"}});
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.err.find("regru-api: POST " + server.endpoint() + "/nop as <redacted>, ") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("regru-api: HTTP 200") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("dbg-Secret-42") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(tls_options_reach_the_transport) {
    regru::mocks::mock_server_options options;
    options.tls = true;
    regru::mocks::mock_server server(regru::mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR), options);
    auto unverified = run({"--endpoint", server.endpoint(), "nop"});
    BOOST_TEST(unverified.status == 3);
    BOOST_TEST(unverified.err.find("API_FAIL: TLS certificate verification failed") == 0u, unverified.err);

    auto trusted = run({"--endpoint", server.endpoint(), "--ca-file", server.ca_certificate().string(), "--debug", "nop"});
    BOOST_TEST(trusted.status == 0, trusted.err);
    BOOST_TEST(trusted.err.find("regru-api: opening a connection to 127.0.0.1:") != std::string::npos, trusted.err);

    auto insecure = run({"--endpoint", server.endpoint(), "--insecure", "nop"});
    BOOST_TEST(insecure.status == 0);
    BOOST_TEST(insecure.err.find("WARNING: TLS certificate verification is off") != std::string::npos, insecure.err);
}

BOOST_AUTO_TEST_CASE(timeout_bounds_the_whole_call) {
    regru::mocks::mock_server server(regru::mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR));
    auto dripping = run({"--timeout", "0.5", "--endpoint", server.fault_endpoint("drip/100"), "nop"});
    BOOST_TEST(dripping.status == 3);
    BOOST_TEST(dripping.err.find("API_FAIL: timed out after 0.5 s (the call's deadline") == 0u, dripping.err);
}

BOOST_AUTO_TEST_CASE(io_encoding_converts_both_ways) {
    regru::mocks::mock_server server(regru::mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR));
    // The server finds the recording for "тест.рф" only if it reads the cp1251 form right; the
    // tool prints UTF-8 whatever the charset of the exchange.
    for (const char* charset : {"cp1251", "koi8-r", "koi8-u", "cp866"}) {
        auto r = run({"--endpoint", server.endpoint(), "--io-encoding", charset, "domain/create_authinfo_request",
                      R"({"domains":[{"dname":"test.ru"},{"dname":"тест.рф"}]})"});
        // The recording refuses the second domain: a write whose item failed exits 4.
        BOOST_TEST(r.status == 4, r.err);
        BOOST_TEST(r.err.starts_with("domains[1] тест.рф: DOMAIN_NOT_FOUND"), r.err);
        BOOST_TEST(r.json_out().at("domains").at(1).at("dname") == "тест.рф", charset);
    }
    auto russian = run({"--endpoint", server.endpoint(), "--io-encoding", "cp866", "--lang", "ru", "--username", "x", "nop"},
                       "", {{"REGRU_PASSWORD", "wrong"}});
    BOOST_TEST(russian.status == 1);
    BOOST_TEST(russian.err == "USER_AUTHENTICATION_FAILED: Неверный логин или пароль.\n");
}

BOOST_AUTO_TEST_SUITE(limits)

// Successive runs share their budget through the file store; --no-wait gives up at once.
BOOST_AUTO_TEST_CASE(successive_runs_share_the_budget_and_no_wait_exits_3_unsent) {
    regru::mocks::mock_server server(regru::testing::shipped());
    regru::testing::temp_folder state;
    std::string store = "file:" + (state / "limits").string();
    for (int i = 0; i < 2; ++i) {
        auto r = run({"--endpoint", server.endpoint(), "--rate-limit", "2/60", "--limit-store", store, "nop"});
        BOOST_TEST(r.status == 0, r.err);
    }
    auto held = run({"--endpoint", server.endpoint(), "--rate-limit", "2/60", "--limit-store", store, "--no-wait", "--envelope", "nop"});
    BOOST_TEST(held.status == 3);
    BOOST_TEST(held.err.find("API_FAIL: held back by this side's limits: user:test has had its 2 calls of the last 60 s; "
                             "the next permit comes in ") == 0u,
               held.err);
    BOOST_TEST(held.json_out().at("attempts") == 0);
    BOOST_TEST(held.json_out().at("retry_after").as_double() > 55.0);
    BOOST_TEST(server.requests() == 2u);  // the third was never sent

    // The same through the environment, and the default store in the state folder.
    Poco::Process::Env env{{"REGRU_RATE_LIMIT", "1/60"}, {"REGRU_LIMIT_STORE", ""}, {"XDG_STATE_HOME", state.path().string()}};
    BOOST_TEST(run({"--endpoint", server.endpoint(), "nop"}, "", env).status == 0);
    BOOST_TEST(run({"--endpoint", server.endpoint(), "--no-wait", "nop"}, "", env).status == 3);
    BOOST_TEST(std::filesystem::exists(state / "regru-api" / "limits"));
    BOOST_TEST(server.requests() == 3u);
}

BOOST_AUTO_TEST_CASE(a_wait_that_fits_the_timeout_is_waited) {
    regru::mocks::mock_server server(regru::testing::shipped());
    regru::testing::temp_folder state;
    std::string store = "file:" + (state / "limits").string();
    BOOST_TEST(run({"--endpoint", server.endpoint(), "--rate-limit", "1/1", "--limit-store", store, "nop"}).status == 0);
    auto started = std::chrono::steady_clock::now();
    auto waited = run({"--endpoint", server.endpoint(), "--rate-limit", "1/1", "--limit-store", store, "nop"});
    BOOST_TEST(waited.status == 0, waited.err);
    BOOST_TEST((std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(500)));
    auto too_late = run({"--endpoint", server.endpoint(), "--rate-limit", "1/30", "--limit-store", store, "--timeout", "1", "nop"});
    BOOST_TEST(too_late.status == 3);
    BOOST_TEST(too_late.err.find("after the call's deadline (nothing was sent)") != std::string::npos, too_late.err);
}

BOOST_AUTO_TEST_CASE(retries_repeat_a_read_but_never_a_charge) {
    regru::mocks::mock_server server(regru::testing::shipped());
    auto read = run({"--endpoint", server.fault_endpoint("first/1/status/503"), "--envelope", "nop"});
    BOOST_TEST(read.status == 0, read.err);
    BOOST_TEST(read.json_out().at("attempts") == 2);
    auto no_retries = run({"--endpoint", server.fault_endpoint("first/1/status/502"), "--retries", "0", "nop"});
    BOOST_TEST(no_retries.status == 3);
    auto charge = run({"--endpoint", server.fault_endpoint("first/1/lost-answer"), "--envelope", "user/refill_balance"});
    BOOST_TEST(charge.status == 3);
    BOOST_TEST(charge.json_out().at("attempts") == 1);
    BOOST_TEST(server.requests() == 4u);  // 2 + 1 + 1
}

BOOST_AUTO_TEST_CASE(bad_limits_and_stores_exit_2_before_anything_is_sent) {
    regru::mocks::mock_server server(regru::testing::shipped());
    regru::testing::temp_folder state;
    std::ofstream(state / "foreign") << R"({"something":"else"})";
    struct probe {
        std::vector<std::string> args;
        std::string says;
    };
    for (const auto& [args, says] : std::vector<probe>{
             {{"--rate-limit", "5", "nop"}, "--rate-limit: Invalid rate '5'"},
             {{"--rate-limit", "x/60", "nop"}, "--rate-limit: Invalid rate 'x/60'"},
             {{"--limit-store", "sqlite:/tmp/x", "nop"}, "--limit-store: A limit store is memory, file:PATH or redis://HOST[:PORT][/DB], not 'sqlite:/tmp/x'"},
             {{"--limit-store", "file:", "nop"}, "--limit-store: A limit store is memory"},
             {{"--limit-store", "redis://127.0.0.1:notaport", "nop"}, "redis://127.0.0.1:notaport"},
             {{"--limit-store", "redis://127.0.0.1:" + std::to_string(regru::testing::redis_server::free_port()), "nop"},
              "cannot be reached"},
             {{"--limit-store", "file:" + (state / "foreign").string(), "nop"}, "is not a regru-api limit store"},
             {{"--retries", "-1", "nop"}, "--retries takes a whole number"},
             {{"--no-wait=yes", "nop"}, "--no-wait takes no value"}}) {
        BOOST_TEST_CONTEXT(args.front() << " " << args[1]) {
            auto r = run([&] {
                auto all = args;
                all.insert(all.begin(), {"--endpoint", server.endpoint()});
                return all;
            }());
            BOOST_TEST(r.status == 2);
            BOOST_TEST(r.err.find(says) != std::string::npos, r.err);
        }
    }
    auto from_env = run({"--endpoint", server.endpoint(), "nop"}, "", {{"REGRU_RATE_LIMIT", "lots"}});
    BOOST_TEST(from_env.status == 2);
    BOOST_TEST(from_env.err.find("REGRU_RATE_LIMIT: Invalid rate 'lots'") != std::string::npos, from_env.err);
    BOOST_TEST(server.requests() == 0u);
}

BOOST_AUTO_TEST_CASE(a_redis_store_is_shared_by_runs) {
    regru::testing::redis_server redis;
    regru::mocks::mock_server server(regru::testing::shipped());
    auto args = [&](std::vector<std::string> more) {
        more.insert(more.begin(), {"--endpoint", server.endpoint(), "--rate-limit", "1/60", "--limit-store", redis.url()});
        return more;
    };
    BOOST_TEST(run(args({"nop"})).status == 0);
    auto held = run(args({"--no-wait", "nop"}));
    BOOST_TEST(held.status == 3);
    BOOST_TEST(held.err.find("user:test has had its 1 calls of the last 60 s") != std::string::npos, held.err);
    redis.stop();
    auto closed = run(args({"nop"}));
    BOOST_TEST(closed.status == 2);  // fail closed: a store that cannot be reached at start
    auto open = run(args({"--fail-open", "nop"}));
    BOOST_TEST(open.status == 0, open.err);
    BOOST_TEST(open.err.find("limits are kept in this process only") != std::string::npos, open.err);
    BOOST_TEST(server.requests() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(records_and_logs)

BOOST_AUTO_TEST_CASE(record_and_log_from_options_or_the_environment_replay_offline) {
    regru::mocks::mock_server server(regru::testing::shipped());
    regru::testing::temp_folder folder;
    auto recordings = (folder / "recordings").string(), log = (folder / "calls.jsonl").string();
    auto alias = R"({"subdomain":"www","ipaddr":"111.222.111.222","domains":[{"dname":"test.ru"},{"dname":"test.com"}]})";
    auto live = run({"--endpoint", server.endpoint(), "--record", recordings, "--log", log, "zone/add_alias", alias});
    BOOST_TEST_REQUIRE(live.status == 0, live.err);
    auto from_env = run({"--endpoint", server.endpoint(), "nop"}, "", {{"REGRU_RECORD", recordings}, {"REGRU_LOG", log}});
    BOOST_TEST_REQUIRE(from_env.status == 0, from_env.err);
    BOOST_TEST(std::filesystem::exists(folder / "recordings" / "zone.json"));
    BOOST_TEST(std::filesystem::exists(folder / "recordings" / "root.json"));
    auto lines = regru::testing::lines_of(log);
    BOOST_TEST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(json::parse(lines[0]).at("method") == "zone/add_alias");
    BOOST_TEST(json::parse(lines[1]).at("method") == "nop");

    auto offline = run({"--replay", recordings, "zone/add_alias", alias});
    BOOST_TEST(offline.status == 0, offline.err);
    BOOST_TEST(offline.out == live.out);
    BOOST_TEST(server.requests() == 2u);
}

BOOST_AUTO_TEST_CASE(a_folder_or_log_that_cannot_be_written_stops_the_call_before_it_is_sent) {
    regru::mocks::mock_server server(regru::testing::shipped());
    regru::testing::temp_folder folder;
    std::ofstream(folder / "plain-file") << "x";
    auto under_a_file = (folder / "plain-file" / "sub").string();
    auto no_record = run({"--endpoint", server.endpoint(), "--record", under_a_file, "nop"});
    BOOST_TEST(no_record.status == 2);
    BOOST_TEST(no_record.err.find("regru: --record: ") == 0u, no_record.err);
    BOOST_TEST(no_record.err.find(under_a_file) != std::string::npos, no_record.err);
    auto no_log = run({"--endpoint", server.endpoint(), "--log", under_a_file, "nop"});
    BOOST_TEST(no_log.status == 2);
    BOOST_TEST(no_log.err.find("regru: --log: The log " + under_a_file + ": cannot ") == 0u, no_log.err);

    std::filesystem::create_directory(folder / "broken");
    std::ofstream(folder / "broken" / "root.json") << R"({"recordings":[{"method":"nop","body":{}},{"oops":1}]})";
    auto broken = run({"--endpoint", server.endpoint(), "--record", (folder / "broken").string(), "nop"});
    BOOST_TEST(broken.status == 2);
    BOOST_TEST(broken.err.find("root.json#2: ") != std::string::npos, broken.err);
    BOOST_TEST(server.requests() == 0u);
}

BOOST_AUTO_TEST_CASE(an_error_text_that_quotes_a_secret_is_printed_redacted) {
    regru::testing::temp_folder folder;
    std::ofstream(folder / "user.json") << R"({"recordings":[{"method":"user/create","body":{"result":"error",
        "error_code":"INVALID_EMAIL","error_text":"E-mail canary.cli@example.org is not valid"}}]})";
    auto r = run({"--replay", folder.path().string(), "user/create",
                  R"({"user_login":"digory","user_email":"canary.cli@example.org"})"});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err == "INVALID_EMAIL: E-mail <redacted> is not valid\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(terminal_escapes_in_the_services_texts_are_printed_escaped) {
    regru::testing::temp_folder folder;
    std::ofstream(folder / "user.json") << R"({"recordings":[{"method":"user/get_balance","body":{"result":"error",
        "error_code":"ODD\u001b[2J","error_text":"Bad \u001b[31mred\u001b[0m text\r\u0007\u009b done"}}]})";
    auto r = run({"--replay", folder.path().string(), "user/get_balance"});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err == "ODD\\x1b[2J: Bad \\x1b[31mred\\x1b[0m text\\r\\x07\\u009b done\n", r.err);
}

BOOST_AUTO_TEST_SUITE(items_and_lists)

BOOST_AUTO_TEST_CASE(a_write_with_failed_items_exits_4_and_lists_them_on_stderr) {
    auto r = run(replay({"bill/delete", R"({"bills":["12345","12346","12347"]})"}));
    BOOST_TEST(r.status == 4, r.err);
    BOOST_TEST(r.json_out().at("bills").as_array().size() == 3u);
    BOOST_TEST(r.err == "bills[1] 12346: BILL_CAN_NOT_REMOVED\nbills[2] 12347: BILL_ID_NOT_FOUND\n");
}

BOOST_AUTO_TEST_CASE(item_errors_of_a_read_are_data_and_exit_0) {
    auto r = run(replay({"domain/check", R"({"domains":[{"dname":"ya.ru"},{"dname":"xn--000.com"}]})"}));
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(a_failed_items_text_is_printed_without_what_was_sent_secretly) {
    regru::testing::temp_folder folder;
    std::ofstream(folder / "domain.json") << R"({"recordings":[{"method":"domain/set_new_authinfo","body":{"result":"success",
        "answer":{"domains":[{"dname":"test.ru","result":"error","error_code":"BAD_AUTHINFO","error_text":"authinfo canary-auth-91 is too short"}]}}}]})";
    auto r = run({"--replay", folder.path().string(), "domain/set_new_authinfo",
                  R"({"domains":[{"dname":"test.ru"}],"authinfo":"canary-auth-91"})"});
    BOOST_TEST(r.status == 4, r.err);
    BOOST_TEST(r.err == "domains[0] test.ru: BAD_AUTHINFO: authinfo <redacted> is too short\n");
}

BOOST_AUTO_TEST_CASE(a_long_list_is_split_and_what_was_not_processed_is_said) {
    regru::testing::log_lines log;
    regru::mocks::mock_server server(regru::testing::shipped(), regru::testing::logged(log));
    json::array names;
    for (int i = 0; i < 2500; ++i) names.push_back(json::object{{"dname", "n" + std::to_string(i) + ".ru"}});
    std::string input = json::serialize(json::object{{"domains", names}, {"subdomain", "@"}, {"text", "x"}});
    auto whole = run({"--endpoint", server.endpoint(), "zone/add_txt", "-"}, input);
    BOOST_TEST(whole.status == 0, whole.err);
    BOOST_TEST(whole.json_out().at("domains").as_array().size() == 2500u);
    BOOST_TEST(log.with("/zone/add_txt 200 success").size() == 3u);

    auto cut = run({"--endpoint", server.fault_endpoint("after/1/status/503"), "--envelope", "zone/add_txt", "-"}, input);
    BOOST_TEST(cut.status == 3, cut.err);
    BOOST_TEST(cut.json_out().at("bulk").at("unprocessed").as_array().size() == 1500u);
    BOOST_TEST(cut.err.find("regru: 1500 of 2500 items of 'domains' were not processed (items 1000 to 2499, after 1 "
                            "of 3 requests succeeded); the request that failed may have reached the service: check "
                            "items 1000 to 1999 before sending them again") != std::string::npos,
               cut.err);
}

BOOST_AUTO_TEST_SUITE_END()

#ifdef REGRU_TEST_WITH_SIGNING
BOOST_AUTO_TEST_SUITE(signed_calls)

namespace {

// The tool with `args` and $REGRU_SIG_PASSPHRASE set to `passphrase` ("" is unset).
run_result run_signing(const std::vector<std::string>& args, const std::string& passphrase = "") {
    return run(args, "", {{"REGRU_SIG_PASSPHRASE", passphrase}});
}

}  // namespace

BOOST_AUTO_TEST_CASE(sig_key_signs_calls_the_mock_server_checks_with_the_public_key) {
    regru::testing::rsa_keys keys, other;
    regru::mocks::mock_server_options options;
    options.check_signature = regru::signing::signature_verifier(keys.public_key(), regru::signing::hash::sha1);
    regru::mocks::mock_server server(regru::testing::shipped(), options);
    const std::vector<std::string> call{"--endpoint", server.endpoint(), "user/get_balance", R"({"currency":"RUR"})"};
    auto with = [&](std::vector<std::string> before) {
        before.insert(before.end(), call.begin(), call.end());
        return before;
    };

    auto signed_call = run_signing(with({"--sig-key", keys.private_key().string()}));
    BOOST_TEST(signed_call.status == 0, signed_call.err);
    BOOST_TEST(signed_call.json_out().at("currency") == "RUR");
    auto unsigned_call = run_signing(call);
    BOOST_TEST(unsigned_call.status == 1);
    BOOST_TEST(unsigned_call.err == "SIGNATURE_REQUIRED: This account requires a signature (sig) on every call\n");
    auto wrong_key = run_signing(with({"--sig-key", other.private_key().string()}));
    BOOST_TEST(wrong_key.status == 1);
    BOOST_TEST(wrong_key.err == "SIGNATURE_INVALID: The signature (sig) does not match the request\n");
    auto wrong_hash = run_signing(with({"--sig-key", keys.private_key().string(), "--sig-hash", "sha256"}));
    BOOST_TEST(wrong_hash.err.starts_with("SIGNATURE_INVALID: "), wrong_hash.err);

    auto encrypted = keys.encrypted_key().string();
    auto with_passphrase = run_signing(with({"--sig-key", encrypted}), regru::testing::rsa_keys::passphrase);
    BOOST_TEST(with_passphrase.status == 0, with_passphrase.err);
    BOOST_TEST(server.requests() == 5u);
}

BOOST_AUTO_TEST_CASE(bad_signing_options_exit_2_before_anything_is_sent) {
    regru::testing::rsa_keys keys;
    regru::mocks::mock_server server(regru::testing::shipped());
    auto encrypted = keys.encrypted_key().string();
    auto missing = (keys.folder() / "missing.pem").string();
    const std::vector<std::tuple<std::vector<std::string>, std::string, std::string>> cases{
        {{"--sig-key", encrypted}, "", "regru: --sig-key: the private key '" + encrypted + "' is encrypted and no passphrase was given"},
        {{"--sig-key", encrypted}, "not-the-one", "regru: --sig-key: cannot read the private key '" + encrypted + "': wrong passphrase"},
        {{"--sig-key", missing}, "", "regru: --sig-key: cannot read the private key file '" + missing + "': No such file or directory"},
        {{"--sig-key", keys.public_key().string()}, "", "regru: --sig-key: the file '" + keys.public_key().string() + "' is not a PEM private key"},
        {{"--sig-key", keys.private_key().string(), "--sig-hash", "md5"}, "", "regru: --sig-key: unknown hash 'md5'"},
        {{"--sig-hash", "sha256"}, "", "regru: --sig-hash needs --sig-key"},
    };
    for (auto [args, passphrase, says] : cases) {
        BOOST_TEST_CONTEXT(says) {
            args.insert(args.end(), {"--endpoint", server.endpoint(), "nop"});
            auto refused = run_signing(args, passphrase);
            BOOST_TEST(refused.status == 2);
            BOOST_TEST(refused.err.starts_with(says), refused.err);
            if (!passphrase.empty()) BOOST_TEST(refused.err.find(passphrase) == std::string::npos);
        }
    }
    BOOST_TEST(server.requests() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
#endif

#ifdef REGRU_TEST_WITH_IDN
BOOST_AUTO_TEST_SUITE(idn)

// What the recorder kept of the call: the request as it reached the service.
BOOST_AUTO_TEST_CASE(unicode_names_are_sent_in_ascii_form_and_shown_in_both) {
    regru::mocks::mock_server server(regru::testing::shipped());
    regru::testing::temp_folder folder;
    auto r = run({"--endpoint", server.endpoint(), "--idn", "--record", folder.path().string(), "domain/check",
                  R"({"domains":[{"dname":"пример.рф"},{"dname":"STRASSE.de"}]})"});
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    auto recorded = json::parse(regru::testing::read_text(folder / "domain.json"));
    auto sent = recorded.at("recordings").at(0).at("request").at("input_data").at("domains");
    BOOST_TEST(sent.at(0).at("dname") == "xn--e1afmkfd.xn--p1ai");
    BOOST_TEST(sent.at(1).at("dname") == "strasse.de");
    auto answered = r.json_out().at("domains");
    BOOST_TEST(answered.at(0).at("dname") == "xn--e1afmkfd.xn--p1ai");
    BOOST_TEST(answered.at(0).at("dname_unicode") == "пример.рф");
    BOOST_TEST(!answered.at(1).as_object().contains("dname_unicode"));  // nothing to decode
}

BOOST_AUTO_TEST_CASE(an_invalid_name_exits_2_before_anything_is_sent) {
    regru::mocks::mock_server server(regru::testing::shipped());
    auto r = run({"--endpoint", server.endpoint(), "--idn", "domain/check", R"({"domains":[{"dname":"qqйй.com"}]})"});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.out == "");
    BOOST_TEST(r.err == "regru: Invalid domain name \"qqйй.com\": label 1 \"qqйй\" mixes Latin and Cyrillic letters\n");
    BOOST_TEST(server.requests() == 0u);
}

BOOST_AUTO_TEST_CASE(without_idn_names_go_as_given) {
    auto r = run(replay({"--envelope", "domain/create_authinfo_request",
                         R"({"domains":[{"dname":"test.ru"},{"dname":"тест.рф"}]})"}));
    BOOST_TEST(r.status == 4, r.err);  // the recording refuses the second name: a failed item
    BOOST_TEST(r.json_out().at("answer").at("domains").at(1).at("dname") == "тест.рф");
}

BOOST_AUTO_TEST_SUITE_END()
#endif
