// Recording real traffic and replaying it: the round trip over HTTPS in every charset, for
// every method of the catalogue, and the canaries that must never be written anywhere.
#define BOOST_TEST_MODULE recording
#include <boost/test/unit_test.hpp>

#include "support/files.hpp"
#include "support/log_lines.hpp"
#include "support/mock_endpoint.hpp"
#include "support/temp_folder.hpp"
#include "support/valid_requests.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/api/log.hpp>
#include <regru/mocks/recorder.hpp>
#include <regru/mocks/replay_transport.hpp>

#include <boost/json/serialize.hpp>

#include <array>
#include <fstream>
#include <sstream>

namespace api = regru::api;
namespace mocks = regru::mocks;
namespace json = boost::json;
using namespace regru::testing;

namespace {

constexpr std::array<std::string_view, 5> charsets{"utf8", "cp1251", "koi8-r", "koi8-u", "cp866"};

// Without a rate limiter: the round trip makes more calls than REG.API's hourly budget.
using https_client = api::basic_client<api::poco_transport, api::json_codec>;
using replay_client = api::basic_client<mocks::replay_transport, api::json_codec>;

// One call of the round trip: a method, with the parameters and language of one of its
// shipped recordings over a request that passes validation (the recordings' patterns name a
// part only), or with just that request when it has no recording (the mock answers NO_RECORDING).
struct planned_call {
    api::method_ref method;
    api::params input;
    api::call_options per_call;
};

std::vector<planned_call> a_call_per_recording_of_every_method() {
    std::vector<planned_call> calls;
    for (const auto& method : api::known_methods()) {
        bool recorded = false;
        for (const auto& entry : shipped().entries()) {
            // Recordings bound to another account answer whatever the password; they are the
            // mock server's, and the recorder never writes a username.
            if (entry.method != method.path || api::find_field(entry.fields, "username")) continue;
            recorded = true;
            api::call_options per_call;
            if (const std::string* lang = api::find_field(entry.fields, "lang")) per_call.lang = *lang;
            calls.push_back({method, valid_call(method.path, entry.input_data), per_call});
        }
        if (!recorded) calls.push_back({method, valid_call(method.path, {}), {}});
    }
    return calls;
}

// Every file of a folder, read whole.
std::string all_files_of(const std::filesystem::path& folder) {
    std::string text;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) text += read_text(entry.path());
    }
    return text;
}

// The replayed answer is the live one, but for what the redaction hid: the personal data in
// the documentation's samples, an echoed password. Those come back as their markers.
void check_same(const api::response& replayed, const api::response& live, const std::string& what) {
    static const api::redactor redaction;
    BOOST_TEST(replayed.kind() == live.kind(), what);
    BOOST_TEST(replayed.http_status() == live.http_status(), what);
    BOOST_TEST(replayed.error_code() == live.error_code(), what);
    BOOST_TEST(replayed.envelope() == redaction.redact(live.envelope()), what << ": " << replayed.body() << " vs " << live.body());
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_method_recorded_over_https_in_every_charset_replays_the_same) {
    auto server_options = mocks::mock_server_options{};
    server_options.tls = true;
    mocks::mock_server server(shipped(), server_options);
    auto plan = a_call_per_recording_of_every_method();
    BOOST_TEST_MESSAGE(plan.size() << " calls per charset");
    std::size_t errors = 0, item_errors = 0;
    for (auto charset : charsets) {
        temp_folder folder;
        auto opts = options_for(server.endpoint());
        opts.io_encoding = std::string(charset);
        opts.observers.push_back(mocks::recorder::open(folder.path()));
        https_client live(opts, api::poco_transport(trusting(server)));
        std::vector<api::response> answers;
        for (const auto& call : plan) answers.push_back(live.invoke(call.method, call.input, call.per_call));

        opts.observers.clear();
        replay_client offline(opts, mocks::replay_transport::from_directory(folder.path()));
        for (std::size_t i = 0; i < plan.size(); ++i) {
            auto replayed = offline.invoke(plan[i].method, plan[i].input, plan[i].per_call);
            check_same(replayed, answers[i], std::string(charset) + " " + std::string(plan[i].method.path) + " " +
                                                 json::serialize(plan[i].input));
            errors += answers[i].kind() == api::outcome::api_error;
            item_errors += answers[i].body().find(R"("error_code")") != std::string_view::npos && answers[i].is_success();
        }
    }
    // The shipped recordings hold error answers and per-item errors, and both went round.
    BOOST_TEST(errors > 0u);
    BOOST_TEST(item_errors > 0u);
}

BOOST_AUTO_TEST_CASE(canaries_never_reach_a_recording_a_log_a_debug_line_or_an_error_text) {
    constexpr std::string_view password = "Canary-pw-90817", mail = "canary.holder@example.org",
                               passport = "4510 998877", phone = "+7.9161234567";
    // An account of its own (any password is taken for it), which echoes what it is sent, and
    // an error whose text quotes the e-mail, as a service may.
    auto recordings = mocks::recording_set::from_json(R"({"recordings":[
        {"method":"domain/update_contacts","request":{"username":"reseller"},
         "body":{"result":"success","answer":{"domains":[{"dname":"test.ru","result":"success"}]}}},
        {"method":"domain/update_contacts","request":{"username":"reseller","input_data":{"dname":"bad.ru"}},
         "body":{"result":"error","error_code":"INVALID_CONTACTS","error_text":"E-mail canary.holder@example.org is not accepted"}}
        ]})", "canary.json");
    log_lines server_log;
    auto server_options = logged(server_log);
    server_options.tls = true;
    mocks::mock_server server(recordings, server_options);

    temp_folder folder;
    std::vector<std::string> debug;
    auto opts = options_for(server.endpoint());
    opts.username = "reseller";
    opts.password = std::string(password);
    opts.debug = true;
    opts.debug_sink = [&](std::string_view line) { debug.emplace_back(line); };
    opts.observers.push_back(mocks::recorder::open(folder / "recordings"));
    opts.observers.push_back(api::make_jsonl_log(folder / "calls.jsonl"));
    https_client client(opts, api::poco_transport(trusting(server)));
    json::object contacts{{"e_mail", mail}, {"passport", passport}, {"phone", phone}, {"person", "Canary Holder"}};
    auto ok = client.domain().update_contacts({{"dname", "test.ru"}, {"contacts", contacts}, {"show_input_params", 1}});
    auto bad = client.domain().update_contacts({{"dname", "bad.ru"}, {"e_mail", mail}, {"show_input_params", 1}});
    BOOST_TEST_REQUIRE(ok.is_success());
    BOOST_TEST_REQUIRE(bad.error_code() == "INVALID_CONTACTS");
    // The service echoed the password, as it does: the caller has it, nobody else.
    BOOST_TEST(ok.envelope().at("input_params").at("password") == json::string(password));

    std::string written = all_files_of(folder.path());
    BOOST_TEST(written.find("update_contacts") != std::string::npos);  // something was written
    std::string shown = written;
    for (const auto& line : server_log.all()) shown += line + "\n";
    for (const auto& line : debug) shown += line + "\n";
    for (auto canary : {password, mail, passport, phone, std::string_view("Canary Holder")}) {
        BOOST_TEST(shown.find(canary) == std::string::npos, "canary " << canary);
    }
}
