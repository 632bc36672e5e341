// The one redaction, the call records every observer gets, and the log sinks.
#define BOOST_TEST_MODULE logging
#include <boost/test/unit_test.hpp>

#include "support/files.hpp"
#include "support/forked_child.hpp"
#include "support/temp_folder.hpp"
#include "support/test_client.hpp"
#include "support/thrown.hpp"

#include <regru/api/errors.hpp>
#include <regru/api/log.hpp>
#include <regru/api/redact.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>


namespace api = regru::api;
namespace json = boost::json;
using namespace regru::testing;

namespace {

constexpr std::string_view canary_password = "Canary-PW-7731";
constexpr std::string_view canary_mail = "canary.person@example.org";
constexpr std::string_view canary_phone = "+7.4951234567";

// Observes calls into a vector.
struct kept_records {
    std::mutex mutex;
    std::vector<api::call_record> records;

    std::shared_ptr<api::call_observer> sink() {
        return api::make_callback_log([this](const api::call_record& record) {
            std::lock_guard lock(mutex);
            records.push_back(record);
        });
    }
};

api::options observed_by(std::shared_ptr<api::call_observer> observer) {
    auto opts = test_options();
    opts.password = std::string(canary_password);
    opts.observers.push_back(std::move(observer));
    return opts;
}

// An answer that echoes everything back, as the service does with show_input_params=1.
std::string echoing_answer() {
    return R"({"result":"success","answer":{"contacts":{"e_mail":")" + std::string(canary_mail) +
           R"(","phone":")" + std::string(canary_phone) + R"(","dname":"test.ru"}},"input_params":{"username":"test","password":")" +
           std::string(canary_password) + R"(","dname":"test.ru"}})";
}

void check_has_no_canary(std::string_view text) {
    for (auto canary : {canary_password, canary_mail, canary_phone}) {
        BOOST_TEST(text.find(canary) == std::string_view::npos, "canary " << canary << " in " << text);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(redaction)

BOOST_AUTO_TEST_CASE(hides_by_name_at_any_depth_and_keeps_each_type) {
    api::redactor redaction;
    auto document = json::parse(R"({"domains":[{"dname":"a.ru","authinfo":"X1y2Z3w4"}],
        "contacts":{"person":"Ivan Petrov","phone":"+7.495","passport":{"number":123456,"issued":true}},
        "new_password":"s3cret!", "sig":"AAAA", "period":2, "nothing":null, "code":7707083893})");
    auto shown = redaction.redact(document).as_object();
    BOOST_TEST(shown.at("domains").as_array()[0].at("dname") == "a.ru");
    BOOST_TEST(shown.at("domains").as_array()[0].at("authinfo") == "<redacted>");
    BOOST_TEST(shown.at("contacts").at("person") == "<redacted>");
    BOOST_TEST(shown.at("contacts").at("passport").at("number") == 0);      // a number stays a number
    BOOST_TEST(shown.at("contacts").at("passport").at("issued") == false);  // a boolean a boolean
    BOOST_TEST(shown.at("new_password") == "<redacted>");
    BOOST_TEST(shown.at("sig") == "<redacted>");
    BOOST_TEST(shown.at("code") == 0);
    BOOST_TEST(shown.at("period") == 2);
    BOOST_TEST(shown.at("nothing").is_null());
    check_has_no_canary(json::serialize(shown));
    BOOST_TEST(json::serialize(shown).find("Petrov") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_keyed_hash_keeps_equal_values_recognisably_equal) {
    api::redaction_rules rules;
    rules.hash_key = "log key";
    api::redactor keyed(rules);
    auto a = keyed.marker(json::string("first@example.org"));
    auto b = keyed.marker(json::string("first@example.org"));
    auto c = keyed.marker(json::string("second@example.org"));
    BOOST_TEST(a == b);
    BOOST_TEST(a != c);
    BOOST_TEST(api::is_redaction_marker(a.as_string()));
    BOOST_TEST(std::string_view(a.as_string()).starts_with("<redacted:"));
    rules.hash_key = "another key";
    BOOST_TEST(api::redactor(rules).marker(json::string("first@example.org")) != a);
    BOOST_TEST(keyed.marker(json::value(79001234567LL)).is_int64());
    BOOST_TEST(keyed.marker(json::value(79001234567LL)) != json::value(0));
    BOOST_TEST(keyed.marker(a) == a);  // a marker is not redacted twice
}

BOOST_AUTO_TEST_CASE(the_lists_are_configurable_and_an_allow_list_hides_everything_else) {
    api::redaction_rules rules;
    rules.personal_fields.clear();
    api::redactor no_personal(rules);
    BOOST_TEST(!no_personal.hides("phone"));
    BOOST_TEST(no_personal.hides("password"));

    rules = {};
    rules.secret_fields.push_back("otp");
    BOOST_TEST(api::redactor(rules).hides("otp_code"));

    rules = {};
    rules.only_shown = std::vector<std::string>{"dname", "result", "domains"};
    api::redactor allow(rules);
    auto shown = allow.redact(json::parse(R"({"domains":[{"dname":"a.ru","comment":"mine"}],"servtype":"domain"})"));
    BOOST_TEST(shown.at("domains").as_array()[0].at("dname") == "a.ru");
    BOOST_TEST(shown.at("domains").as_array()[0].at("comment") == "<redacted>");
    BOOST_TEST(shown.at("servtype") == "<redacted>");
}

BOOST_AUTO_TEST_CASE(free_text_is_scrubbed_of_hidden_values_and_quotes_are_clipped) {
    api::redactor redaction;
    auto hidden = redaction.hidden_values(json::parse(R"({"password":"pw-12345","e_mail":"a@b.ru","dname":"a.ru"})"));
    BOOST_TEST(api::scrub("wrong password pw-12345 for a@b.ru at a.ru", hidden) ==
               "wrong password <redacted> for <redacted> at a.ru");
    BOOST_TEST(api::clipped(std::string(100, 'x'), 10) == "xxxxxxxxxx...");
    BOOST_TEST(api::clipped("Привет", 3) == "П...");  // never half a character
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(records)

BOOST_AUTO_TEST_CASE(a_call_record_says_what_happened_with_secrets_hidden_even_when_echoed) {
    kept_records kept;
    auto client = capture_client(observed_by(kept.sink()), regru::mocks::capture_transport(regru::mocks::http_answer(echoing_answer())));
    auto answer = client.domain().update_contacts(
        {{"dname", "test.ru"}, {"contacts", {{"e_mail", canary_mail}, {"phone", canary_phone}}}, {"show_input_params", 1}});
    BOOST_TEST_REQUIRE(answer.is_success());
    BOOST_TEST_REQUIRE(kept.records.size() == 1u);
    const auto& record = kept.records[0];
    BOOST_TEST(record.method == "domain/update_contacts");
    BOOST_TEST(record.attempts == 1u);
    BOOST_TEST(record.result == api::outcome::success);
    BOOST_TEST(record.http_status == 200);
    BOOST_TEST(record.io_encoding == "utf8");
    BOOST_TEST(record.params.at("dname") == "test.ru");
    BOOST_TEST(record.params.at("contacts").at("e_mail") == "<redacted>");
    BOOST_TEST(record.envelope.at("input_params").at("password") == "<redacted>");
    BOOST_TEST(record.envelope.at("answer").at("contacts").at("dname") == "test.ru");
    check_has_no_canary(json::serialize(api::to_json(record)));
    // The caller still gets the answer as the service sent it.
    BOOST_TEST(answer.body().find(canary_password) != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(error_texts_in_records_are_scrubbed_of_what_was_sent) {
    kept_records kept;
    auto client = capture_client(
        observed_by(kept.sink()),
        regru::mocks::capture_transport(regru::mocks::http_answer(
            R"({"result":"error","error_code":"INVALID_EMAIL","error_text":"E-mail )" + std::string(canary_mail) +
            R"( is not valid for password )" + std::string(canary_password) + R"("})")));
    client.call("domain", "update_contacts", {{"dname", "test.ru"}, {"e_mail", canary_mail}});
    BOOST_TEST_REQUIRE(kept.records.size() == 1u);
    BOOST_TEST(kept.records[0].error_code == "INVALID_EMAIL");
    BOOST_TEST(kept.records[0].error_text == "E-mail <redacted> is not valid for password <redacted>");
}

BOOST_AUTO_TEST_CASE(a_record_counts_attempts_and_keeps_bodies_that_are_not_json) {
    kept_records kept;
    regru::mocks::capture_transport transport;
    transport.queue(api::http_response::failed(api::transport_failure::io, "reset"));
    transport.queue(regru::mocks::http_answer("<html>Bad gateway</html>", 502));
    auto opts = observed_by(kept.sink());
    opts.retry.max_attempts = 2;
    opts.retry.initial_backoff = std::chrono::milliseconds(1);
    capture_client client(opts, transport);
    auto answer = client.domain().check({{"domains", json::array{json::object{{"dname", "a.ru"}}}}});
    BOOST_TEST(answer.kind() == api::outcome::http_error);
    BOOST_TEST_REQUIRE(kept.records.size() == 1u);
    const auto& record = kept.records[0];
    BOOST_TEST(record.attempts == 2u);
    BOOST_TEST(record.http_status == 502);
    BOOST_TEST(record.envelope.is_null());
    BOOST_TEST(record.body_text == "<html>Bad gateway</html>");
    BOOST_TEST(record.why_stopped == api::stop_reason::out_of_attempts);
    BOOST_TEST(api::to_json(record).at("stopped") == "out_of_attempts");
}

BOOST_AUTO_TEST_CASE(an_observer_that_throws_changes_nothing_but_a_warning) {
    struct failing : api::call_observer {
        void on_call(const api::call_record&) override { throw std::runtime_error("disk full"); }
    };
    std::vector<std::string> warnings;
    auto opts = observed_by(std::make_shared<failing>());
    opts.debug_sink = [&](std::string_view line) { warnings.emplace_back(line); };
    auto client = make_client(opts);
    BOOST_TEST(client.nop().is_success());
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] == "an observer of the calls failed: disk full");
}

BOOST_AUTO_TEST_CASE(an_empty_observer_is_refused_before_any_call) {
    auto opts = test_options();
    opts.observers.push_back(nullptr);
    BOOST_TEST(message_thrown<api::usage_error>([&] { make_client(opts); }) ==
               "options.observers holds an empty pointer");
}

BOOST_AUTO_TEST_CASE(a_callback_sink_is_never_called_twice_at_once) {
    std::atomic<int> inside{0}, most{0}, calls{0};
    auto sink = api::make_callback_log([&](const api::call_record&) {
        int now = ++inside;
        most = std::max(most.load(), now);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --inside;
        ++calls;
    });
    auto client = make_client(observed_by(sink));
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) client.nop();
        });
    }
    for (auto& thread : threads) thread.join();
    BOOST_TEST(calls == 200);
    BOOST_TEST(most == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jsonl)

BOOST_AUTO_TEST_CASE(each_call_is_one_line_of_json_written_before_the_call_returns) {
    temp_folder folder;
    auto file = folder / "calls.jsonl";
    auto client = make_client(observed_by(api::make_jsonl_log(file)));
    client.transport().answer_with(regru::mocks::http_answer(echoing_answer()));
    for (int i = 1; i <= 3; ++i) {
        client.domain().update_contacts({{"dname", "test.ru"}, {"e_mail", canary_mail}, {"n", i}});
        auto lines = lines_of(file);
        BOOST_TEST_REQUIRE(lines.size() == static_cast<std::size_t>(i));  // flushed with the record
        auto record = json::parse(lines.back()).as_object();
        BOOST_TEST(record.at("method") == "domain/update_contacts");
        BOOST_TEST(record.at("outcome") == "success");
        BOOST_TEST(record.at("http_status") == 200);
        BOOST_TEST(record.at("params").at("n") == i);
        BOOST_TEST(std::string_view(record.at("time").as_string()).ends_with("Z"));
        check_has_no_canary(lines.back());
    }
}

BOOST_AUTO_TEST_CASE(rotation_by_size_keeps_the_newest_files) {
    temp_folder folder;
    auto file = folder / "calls.jsonl";
    auto client = make_client(observed_by(api::make_jsonl_log(file, {.max_bytes = 1000, .keep = 2})));
    for (int i = 0; i < 40; ++i) client.nop({{"n", i}});
    BOOST_TEST(std::filesystem::exists(folder / "calls.jsonl.1"));
    BOOST_TEST(std::filesystem::exists(folder / "calls.jsonl.2"));
    BOOST_TEST(!std::filesystem::exists(folder / "calls.jsonl.3"));
    for (const auto* name : {"calls.jsonl", "calls.jsonl.1", "calls.jsonl.2"}) {
        BOOST_TEST(std::filesystem::file_size(folder / name) <= 1000u, name);
    }
    // The newest record is in the live file, the one before it in .1 or the live file.
    auto live = lines_of(file);
    BOOST_TEST_REQUIRE(!live.empty());
    BOOST_TEST(json::parse(live.back()).at("params").at("n") == 39);
}

BOOST_AUTO_TEST_CASE(eight_threads_in_two_processes_lose_no_record_through_rotations) {
    temp_folder folder;
    auto file = folder / "calls.jsonl";
    constexpr int threads_per_process = 8, calls_per_thread = 40;
    auto log_from_threads = [&](int process) {
        auto client = make_client(observed_by(api::make_jsonl_log(file, {.max_bytes = 8000, .keep = 1000})));
        std::vector<std::thread> threads;
        for (int t = 0; t < threads_per_process; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < calls_per_thread; ++i) {
                    client.nop({{"id", std::to_string(process) + "-" + std::to_string(t) + "-" + std::to_string(i)}});
                }
            });
        }
        for (auto& thread : threads) thread.join();
    };
    forked_child child([&] { log_from_threads(1); });
    log_from_threads(0);
    BOOST_TEST_REQUIRE(child.wait());

    std::set<std::string> ids;
    std::size_t lines = 0, files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
        if (entry.path().filename().string().starts_with("calls.jsonl") && entry.path().extension() != ".lock") {
            ++files;
            for (const auto& line : lines_of(entry.path())) {
                ++lines;
                ids.insert(std::string(json::parse(line).at("params").at("id").as_string()));
            }
            BOOST_TEST(entry.file_size() <= 8000u);
        }
    }
    BOOST_TEST(files > 2u);  // it did rotate, many times
    BOOST_TEST(lines == std::size_t{2 * threads_per_process * calls_per_thread});
    BOOST_TEST(ids.size() == lines);
}

BOOST_AUTO_TEST_CASE(a_log_that_cannot_be_opened_is_an_error_before_any_call) {
    temp_folder folder;
    std::ofstream(folder / "plain-file") << "x";
    auto message = message_thrown<api::log_error>([&] { api::make_jsonl_log(folder / "plain-file" / "calls.jsonl"); });
    BOOST_TEST(message.find("The log " + (folder / "plain-file" / "calls.jsonl").string() + ": cannot ") == 0u, message);
    BOOST_TEST(message.find("Not a directory") != std::string::npos, message);
}

BOOST_AUTO_TEST_SUITE_END()
