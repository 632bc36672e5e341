// The recorder: calls written as recordings that the replay answers with, one file a
// category, stable bytes, no credentials, no duplicates, refusals that name the file, and many
// threads and processes recording into one folder.
#define BOOST_TEST_MODULE recorder
#include <boost/test/unit_test.hpp>

#include "support/call_records.hpp"
#include "support/files.hpp"
#include "support/forked_child.hpp"
#include "support/temp_folder.hpp"
#include "support/test_client.hpp"
#include "support/thrown.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/api/form.hpp>
#include <regru/mocks/pretty_json.hpp>
#include <regru/mocks/recorder.hpp>
#include <regru/mocks/replay_transport.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>


namespace api = regru::api;
namespace json = boost::json;
namespace mocks = regru::mocks;
namespace fs = std::filesystem;
using regru::testing::answered_call;
using regru::testing::read_text;
using regru::testing::write_text;
using regru::testing::message_thrown;
using regru::testing::object;
using regru::testing::temp_folder;

namespace {


// The *.json files of a folder and their text.
std::map<std::string, std::string> recordings_files(const fs::path& folder) {
    std::map<std::string, std::string> files;
    for (const auto& item : fs::directory_iterator(folder)) {
        if (item.path().extension() == ".json") files[item.path().filename().string()] = read_text(item.path());
    }
    return files;
}

std::vector<mocks::recording> entries_in(const fs::path& folder) {
    return mocks::recording_set::from_directory(folder).entries();
}

// What the replay of `folder` answers to a call of `method` with `params`; a miss throws
// (strict mode), naming what did not match.
api::http_response replayed(const fs::path& folder, std::string_view method, const json::object& params,
                            std::string_view lang = "") {
    std::string body = "username=test&password=test&output_format=json&input_format=json";
    if (!lang.empty()) api::append_form_field(body, "lang", lang);
    body += "&input_data=";
    api::append_form_encoded(body, json::serialize(params));
    api::http_request request{"https://api.example.test/api/regru2", *api::find_method(method), body};
    return mocks::replay_transport::from_directory(folder, {.strict = true}).send(request);
}

json::value replayed_body(const fs::path& folder, std::string_view method, const json::object& params) {
    return json::parse(replayed(folder, method, params).body);
}

const json::value success = json::parse(R"({"result":"success","answer":{"user_id":"0"}})");

const json::value two_domains = json::parse(R"({"result":"success","answer":{"domains":[
    {"dname":"test.ru","result":"success","service_id":"12345"}]}})");

const json::value invalid_ip = json::parse(R"({"result":"error","error_code":"IP_INVALID",
    "error_text":"IP address is invalid","charset":"utf-8"})");

}  // namespace

BOOST_AUTO_TEST_SUITE(files)

BOOST_AUTO_TEST_CASE(each_category_has_its_file_and_the_replay_answers_every_call) {
    temp_folder folder;
    auto recorder = mocks::recorder::open(folder.path());
    auto alias = object(R"({"domain_name":"test.ru","subdomain":"www","ipaddr":"1.2.3.4"})");
    recorder->on_call(answered_call("nop", {}, success));
    recorder->on_call(answered_call("zone/add_alias", alias, two_domains));
    recorder->on_call(answered_call("domain/check", object(R"({"domain_name":"free.ru"})"), success));

    auto files = recordings_files(folder.path());
    BOOST_TEST(files.size() == 3u);
    for (const auto* name : {"root.json", "zone.json", "domain.json"}) BOOST_TEST(files.contains(name), name);
    BOOST_TEST(entries_in(folder.path()).size() == 3u);
    BOOST_TEST(replayed_body(folder.path(), "nop", {}) == success);
    BOOST_TEST(replayed_body(folder.path(), "zone/add_alias", alias) == two_domains);
    BOOST_TEST(replayed_body(folder.path(), "domain/check", object(R"({"domain_name":"free.ru"})")) == success);
    BOOST_TEST(recorder->failure_count() == 0u);
}

BOOST_AUTO_TEST_CASE(an_entry_is_written_in_the_style_of_the_shipped_files) {
    temp_folder folder;
    auto call = answered_call("zone/add_alias", object(R"({"subdomain":"www","ipaddr":"999.1.1.1","domain_name":"test.ru"})"),
                              invalid_ip);
    call.lang = "en";
    mocks::recorder::open(folder.path())->on_call(call);

    const std::string expected = R"json({
  "recordings": [
    {
      "name": "zone/add_alias subdomain=www ipaddr=999.1.1.1 domain_name=test.ru lang=en (IP_INVALID)",
      "method": "zone/add_alias",
      "request": {
        "input_data": {
          "subdomain": "www",
          "ipaddr": "999.1.1.1",
          "domain_name": "test.ru"
        },
        "lang": "en"
      },
      "body": {
        "result": "error",
        "error_code": "IP_INVALID",
        "error_text": "IP address is invalid",
        "charset": "utf-8"
      }
    }
  ]
}
)json";
    BOOST_TEST(read_text(folder / "zone.json") == expected);
}

BOOST_AUTO_TEST_CASE(the_printer_lays_out_json_as_the_shipped_files_are) {
    for (const auto* name : {"root.json", "user.json", "zone.json"}) {
        auto text = read_text(fs::path(REGRU_TEST_RECORDINGS_DIR) / name);
        BOOST_TEST(mocks::pretty_json(json::parse(text)) + "\n" == text, name);
    }
    // A double stays a double, in its shortest form.
    BOOST_TEST(mocks::pretty_json(json::parse(R"([225.00, 0.1, 5, 1e21, {}, []])")) ==
               "[\n  225.0,\n  0.1,\n  5,\n  1e+21,\n  {},\n  []\n]");
}

BOOST_AUTO_TEST_CASE(the_same_calls_in_the_same_order_make_the_same_bytes) {
    auto record_calls = [](const fs::path& folder) {
        auto recorder = mocks::recorder::open(folder);
        recorder->on_call(answered_call("nop", {}, success));
        recorder->on_call(answered_call("zone/add_alias", object(R"({"domain_name":"test.ru"})"), two_domains));
        recorder->on_call(answered_call("nop", {}, invalid_ip));
        recorder->on_call(answered_call("service/get_info", object(R"({"service_id":999,"x":[1.5,true]})"), success));
    };
    temp_folder first, second;
    record_calls(first.path());
    record_calls(second.path());
    auto made = recordings_files(first.path());
    BOOST_TEST(made.size() == 3u);
    BOOST_TEST((made == recordings_files(second.path())));
}

BOOST_AUTO_TEST_CASE(another_answer_to_the_same_request_gets_a_numbered_name) {
    temp_folder folder;
    auto recorder = mocks::recorder::open(folder.path());
    BOOST_TEST(recorder->record(answered_call("nop", {}, success)));
    BOOST_TEST(recorder->record(answered_call("nop", {}, json::parse(R"({"result":"success","answer":{}})"))));
    BOOST_TEST(recorder->record(answered_call("nop", {}, json::parse(R"({"result":"success","answer":[]})"))));
    auto entries = entries_in(folder.path());
    BOOST_TEST_REQUIRE(entries.size() == 3u);
    BOOST_TEST(entries[0].name == "nop");
    BOOST_TEST(entries[1].name == "nop #2");
    BOOST_TEST(entries[2].name == "nop #3");
    // The replay gives the first answer recorded.
    BOOST_TEST(replayed_body(folder.path(), "nop", {}) == success);
}

BOOST_AUTO_TEST_CASE(a_call_without_an_http_answer_is_not_recorded) {
    temp_folder folder;
    auto recorder = mocks::recorder::open(folder.path());
    auto held = regru::testing::unanswered_call("nop", {});
    held.attempts = 0;
    held.failure = api::transport_failure::none;
    held.result = api::outcome::limited;
    BOOST_TEST(!recorder->record(regru::testing::unanswered_call("nop", {})));
    BOOST_TEST(!recorder->record(held));
    BOOST_TEST(recordings_files(folder.path()).empty());
}

BOOST_AUTO_TEST_CASE(an_entry_is_added_to_a_file_written_by_hand_which_keeps_its_text) {
    temp_folder folder;
    const std::string by_hand = R"({"note": "by hand", "recordings": [{"method": "zone/nop", "body": {"result": "success"}}]})";
    write_text(folder / "zone.json", by_hand);
    mocks::recorder::open(folder.path())->on_call(answered_call("zone/add_alias", {}, two_domains));

    auto text = read_text(folder / "zone.json");
    BOOST_TEST(text.starts_with(by_hand.substr(0, by_hand.rfind('}', by_hand.size() - 3) + 1) + ",\n    {"));
    auto entries = mocks::recording_set::from_file(folder / "zone.json").entries();
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[1].method == "zone/add_alias");
}

BOOST_AUTO_TEST_CASE(a_file_whose_recordings_are_not_last_is_laid_out_again) {
    temp_folder folder;
    write_text(folder / "zone.json", R"({"recordings": [], "note": "by hand"})");
    mocks::recorder::open(folder.path())->on_call(answered_call("zone/add_alias", {}, two_domains));

    auto text = read_text(folder / "zone.json");
    BOOST_TEST(text.starts_with("{\n  \"note\": \"by hand\",\n  \"recordings\": [\n    {\n"));
    BOOST_TEST(mocks::recording_set::from_file(folder / "zone.json").entries().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dedupe)

BOOST_AUTO_TEST_CASE(the_same_exchange_twice_is_written_once) {
    temp_folder folder;
    auto recorder = mocks::recorder::open(folder.path());
    auto call = answered_call("zone/add_alias", object(R"({"domain_name":"test.ru"})"), two_domains);
    BOOST_TEST(recorder->record(call));
    auto once = read_text(folder / "zone.json");
    BOOST_TEST(!recorder->record(call));
    BOOST_TEST(read_text(folder / "zone.json") == once);
    BOOST_TEST(entries_in(folder.path()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_exchange_already_in_the_file_is_not_added) {
    temp_folder folder;
    // The same exchange as the call below, written by hand: other name, a note, other layout.
    const std::string by_hand = R"({"recordings": [
      {"name": "alias", "note": "from the docs", "method": "zone/add_alias",
       "request": {"input_data": {"domain_name": "test.ru"}},
       "content_type": "text/plain; charset=utf-8",
       "body": {"result": "success", "answer": {"domains": [
         {"dname": "test.ru", "result": "success", "service_id": "12345"}]}}}]})";
    write_text(folder / "zone.json", by_hand);
    auto recorder = mocks::recorder::open(folder.path());
    BOOST_TEST(!recorder->record(answered_call("zone/add_alias", object(R"({"domain_name":"test.ru"})"), two_domains)));
    BOOST_TEST(read_text(folder / "zone.json") == by_hand);
    // Another request is another exchange.
    BOOST_TEST(recorder->record(answered_call("zone/add_alias", object(R"({"domain_name":"test.com"})"), two_domains)));
}

BOOST_AUTO_TEST_CASE(an_exchange_another_recorder_wrote_since_is_not_added) {
    temp_folder folder;
    auto first = mocks::recorder::open(folder.path());
    auto second = mocks::recorder::open(folder.path());
    auto call = answered_call("nop", {}, success);
    BOOST_TEST(first->record(call));
    BOOST_TEST(!second->record(call));
    BOOST_TEST(second->record(answered_call("nop", object(R"({"x":1})"), success)));
    BOOST_TEST(first->record(answered_call("nop", object(R"({"x":2})"), success)));
    auto entries = entries_in(folder.path());
    BOOST_TEST(entries.size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(contents)

BOOST_AUTO_TEST_CASE(credentials_and_personal_data_never_reach_a_file) {
    temp_folder folder;
    auto params = object(R"({"user_login":"digory","password":"CANARY-pw-123","e_mail":"canary@example.test",
                             "phone":"+7.9161234567","passport":"CANARY-passport-77","comment":"hello",
                             "fax":74951234567})");
    json::value envelope = {{"result", "error"},
                            {"error_code", "INVALID_PASSPORT"},
                            {"error_text", "Passport CANARY-passport-77 is not valid"},
                            {"answer", {{"input_params", params}}}};
    auto call = answered_call("user/create", params, envelope);
    auto page = regru::testing::page_call("user/create", params, 500, "text/html",
                                          "<p>no account for canary@example.test, password CANARY-pw-123</p>");
    auto recorder = mocks::recorder::open(folder.path());
    BOOST_TEST(recorder->record(call));
    BOOST_TEST(recorder->record(page));

    auto text = read_text(folder / "user.json");
    for (const auto* secret : {"CANARY-pw-123", "canary@example.test", "9161234567", "CANARY-passport-77", "4951234567"}) {
        BOOST_TEST(text.find(secret) == std::string::npos, secret);
    }
    // What is not secret stays, so that the recording still says something.
    BOOST_TEST(text.find("\"user_login\": \"digory\"") != std::string::npos);
    BOOST_TEST(text.find("hello") != std::string::npos);
    auto entries = entries_in(folder.path());
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0].name == "user/create user_login=digory comment=hello (INVALID_PASSPORT)");
    // In the pattern a hidden number is the string marker, which matches any value on replay
    // (its own marker, 0, would match only 0).
    BOOST_TEST(entries[0].input_data.at("fax") == "<redacted>");
    BOOST_TEST(entries[0].input_data.at("passport") == "<redacted>");
}

BOOST_AUTO_TEST_CASE(a_page_that_is_not_json_is_kept_as_text_with_its_status) {
    temp_folder folder;
    auto params = object(R"({"date_from":"1999-01-01"})");
    const std::string page = "<html><body>Сервис недоступен</body></html>";
    mocks::recorder::open(folder.path())
        ->on_call(regru::testing::page_call("user/get_statistics", params, 503, "text/html; charset=windows-1251", page));

    auto answer = replayed(folder.path(), "user/get_statistics", params);
    BOOST_TEST(answer.status == 503);
    BOOST_TEST(answer.body == page);
    BOOST_TEST(answer.content_type == "text/html; charset=utf-8");
    auto entry = entries_in(folder.path()).front();
    BOOST_TEST(entry.name == "user/get_statistics date_from=1999-01-01 (HTTP 503)");
}

BOOST_AUTO_TEST_CASE(the_answer_says_utf_8_as_the_file_holds_it) {
    temp_folder folder;
    auto call = answered_call("nop", {}, json::parse(R"({"result":"success","charset":"cp1251","answer":{"login":"тест"}})"));
    call.io_encoding = "cp1251";
    call.content_type = "text/plain; Charset=CP1251";
    mocks::recorder::open(folder.path())->on_call(call);

    auto answer = replayed(folder.path(), "nop", {});
    BOOST_TEST(answer.content_type == "text/plain; charset=utf-8");
    BOOST_TEST(json::parse(answer.body) ==
               json::parse(R"({"result":"success","charset":"utf-8","answer":{"login":"тест"}})"));
    // The default content type goes without saying; io_encoding is never a constraint.
    auto text = read_text(folder / "root.json");
    BOOST_TEST(text.find("content_type") == std::string::npos);
    BOOST_TEST(text.find("io_encoding") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_lang_of_a_call_is_part_of_its_request) {
    temp_folder folder;
    auto call = answered_call("nop", {}, invalid_ip);
    call.lang = "ru";
    mocks::recorder::open(folder.path())->on_call(call);

    BOOST_TEST(json::parse(replayed(folder.path(), "nop", {}, "ru").body) == invalid_ip);
    BOOST_TEST(!message_thrown<mocks::unmatched_request>([&] { replayed(folder.path(), "nop", {}); }).empty());
}

BOOST_AUTO_TEST_CASE(pattern_params_choose_what_the_replay_matches) {
    temp_folder folder;
    mocks::recorder_options options;
    options.pattern_params = std::vector<std::string>{"domain_name"};
    mocks::recorder::open(folder.path(), options)
        ->on_call(answered_call("domain/create", object(R"({"domain_name":"a.ru","period":1})"), success));

    auto entry = entries_in(folder.path()).front();
    BOOST_TEST(json::serialize(entry.input_data) == R"({"domain_name":"a.ru"})");
    BOOST_TEST(entry.name == "domain/create domain_name=a.ru");
    BOOST_TEST(replayed_body(folder.path(), "domain/create", object(R"({"domain_name":"a.ru","period":2})")) == success);
    BOOST_TEST(!message_thrown<mocks::unmatched_request>([&] {
                    replayed(folder.path(), "domain/create", object(R"({"domain_name":"b.ru","period":1})"));
                }).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(refusals)

const std::string bad_second_entry =
    R"({"recordings": [{"method": "zone/nop", "body": {}}, {"method": "zone/nop", "answer": {}}]})";

BOOST_AUTO_TEST_CASE(an_invalid_file_in_the_folder_is_refused_at_open_and_left_as_it_is) {
    temp_folder folder;
    write_text(folder / "zone.json", bad_second_entry);
    auto error = message_thrown<mocks::bad_recording>([&] { mocks::recorder::open(folder.path()); });
    BOOST_TEST(error.find((folder / "zone.json#2").string()) != std::string::npos, error);
    BOOST_TEST(error.find("unknown key \"answer\"") != std::string::npos, error);
    BOOST_TEST(read_text(folder / "zone.json") == bad_second_entry);
}

BOOST_AUTO_TEST_CASE(a_file_made_invalid_since_is_refused_at_append_and_left_as_it_is) {
    temp_folder folder;
    auto recorder = mocks::recorder::open(folder.path());
    BOOST_TEST(recorder->record(answered_call("zone/add_alias", {}, two_domains)));
    write_text(folder / "zone.json", bad_second_entry);

    auto error = message_thrown<mocks::bad_recording>(
        [&] { recorder->on_call(answered_call("zone/add_alias", object(R"({"domain_name":"x.ru"})"), two_domains)); });
    BOOST_TEST(error.find((folder / "zone.json#2").string()) != std::string::npos, error);
    BOOST_TEST(read_text(folder / "zone.json") == bad_second_entry);
    BOOST_TEST(recorder->failure_count() == 1u);
    BOOST_TEST_REQUIRE(recorder->failures().size() == 1u);
    BOOST_TEST(recorder->failures().front().starts_with("zone/add_alias: " + (folder / "zone.json#2").string()));
    // Other files are still written.
    BOOST_TEST(recorder->record(answered_call("nop", {}, success)));
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_be_written_is_refused_at_open) {
    temp_folder folder;
    write_text(folder / "plain-file", "not a folder");
    auto where = folder / "plain-file" / "recordings";
    auto error = message_thrown<mocks::recorder_error>([&] { mocks::recorder::open(where); });
    BOOST_TEST(error.find(where.string()) != std::string::npos, error);
    BOOST_TEST(error.find("Not a directory") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(a_call_to_a_name_that_is_not_a_method_is_refused_and_counted) {
    temp_folder folder;
    auto recorder = mocks::recorder::open(folder.path());
    auto error = message_thrown<mocks::bad_recording>([&] { recorder->record(answered_call("../x", {}, success)); });
    BOOST_TEST(error.find("not a method name") != std::string::npos, error);
    BOOST_TEST(recorder->failure_count() == 1u);
    BOOST_TEST(recordings_files(folder.path()).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(concurrency)

constexpr int threads_per_process = 8;
constexpr int calls_per_thread = 12;
constexpr std::array<const char*, 3> methods{"nop", "zone/add_alias", "domain/check"};

std::string domain_of(int process, int thread, int call) {
    return "p" + std::to_string(process) + "-t" + std::to_string(thread) + "-c" + std::to_string(call) + ".ru";
}

// Each thread records its own calls, spread over three files.
void record_distinct_calls(const fs::path& folder, int process) {
    auto recorder = mocks::recorder::open(folder);
    std::vector<std::thread> threads;
    for (int thread = 0; thread < threads_per_process; ++thread) {
        threads.emplace_back([&, thread] {
            for (int call = 0; call < calls_per_thread; ++call) {
                json::object params{{"domain_name", domain_of(process, thread, call)}};
                try {
                    recorder->record(answered_call(methods[static_cast<std::size_t>(call) % methods.size()], params, success));
                } catch (const std::exception&) {
                    // counted in failure_count()
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    if (recorder->failure_count() != 0) throw std::runtime_error(recorder->failures().front());
}

// How many times a reader found a file that did not load, until `done`.
int invalid_reads_until(const fs::path& folder, const std::atomic<bool>& done) {
    int invalid = 0;
    while (!done) {
        for (const auto& item : fs::directory_iterator(folder)) {
            if (item.path().extension() != ".json") continue;
            try {
                mocks::recording_set::from_file(item.path());
            } catch (const mocks::bad_recording&) {
                ++invalid;
            }
        }
    }
    return invalid;
}

BOOST_AUTO_TEST_CASE(threads_of_two_processes_record_every_call_once_into_valid_files) {
    temp_folder folder;
    regru::testing::forked_child child([&] { record_distinct_calls(folder.path(), 1); });
    std::atomic<bool> done = false;
    int invalid_reads = 0;
    std::thread reader([&] { invalid_reads = invalid_reads_until(folder.path(), done); });
    BOOST_CHECK_NO_THROW(record_distinct_calls(folder.path(), 0));
    bool child_succeeded = child.wait();
    done = true;
    reader.join();

    BOOST_TEST(child_succeeded);
    BOOST_TEST(invalid_reads == 0);
    std::multiset<std::string> recorded;
    for (const auto& entry : entries_in(folder.path())) {
        recorded.insert(entry.method + " " + std::string(entry.input_data.at("domain_name").as_string()));
    }
    BOOST_TEST(recorded.size() == std::size_t{2 * threads_per_process * calls_per_thread});
    for (int process = 0; process < 2; ++process) {
        for (int thread = 0; thread < threads_per_process; ++thread) {
            for (int call = 0; call < calls_per_thread; ++call) {
                auto expected = std::string(methods[static_cast<std::size_t>(call) % methods.size()]) + " " +
                                domain_of(process, thread, call);
                BOOST_TEST(recorded.count(expected) == 1u, expected);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
