// The file store: the sliding windows and balance locks of one host in one file, shared by
// threads and processes, under a lock that dies with its holder, and never corrupt.
#define BOOST_TEST_MODULE file_store
#include <boost/test/unit_test.hpp>

#include "support/files.hpp"
#include "support/temp_folder.hpp"
#include "support/thrown.hpp"
#include "support/windows.hpp"

#include <regru/api/errors.hpp>
#include <regru/api/limit_store.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace api = regru::api;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using regru::testing::read_text;
using regru::testing::temp_folder;
using regru::testing::write_text;

namespace {

// A moment for the tests that set the time themselves.
const api::wall_time t0{milliseconds(1'700'000'000'000)};

api::steady_deadline soon(std::chrono::steady_clock::duration wait = 5s) {
    return std::chrono::steady_clock::now() + wait;
}

api::limit_key key(std::string name, std::uint32_t calls, milliseconds window) {
    return {std::move(name), {calls, window}};
}

api::admission take(api::limit_store& store, const api::limit_key& one, api::wall_time now) {
    return store.take(std::span(&one, 1), now, soon());
}

api::lock_attempt balance_lock(api::limit_store& store, std::string_view account, api::wall_time now,
                               milliseconds expiry = 1h) {
    return store.try_lock(account, now, expiry, soon());
}

json::object stored(const fs::path& file) { return json::parse(read_text(file)).as_object(); }

// The usage_error message of make_file_store(file), or "" when it makes the store.
std::string refusal(const fs::path& file) {
    return regru::testing::message_thrown<api::usage_error>([&] { api::make_file_store(file); });
}

// Milliseconds since `start`.
long long ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start).count();
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// In no window of `limit` more than its calls, and enough permits that the limit was really
// reached.
void check_window(std::vector<api::wall_time> times, api::rate limit, std::size_t at_least) {
    std::sort(times.begin(), times.end());
    BOOST_TEST(regru::testing::most_in_any_window(times, limit.window) <= limit.calls);
    BOOST_TEST(times.size() >= at_least);
}

// ---- Child processes ----

// A pipe from the children to the test.
class pipe_pair {
public:
    pipe_pair() { BOOST_REQUIRE(::pipe(ends_) == 0); }
    ~pipe_pair() {
        ::close(ends_[0]);
        close_write();
    }
    // The test's own write end: closed once the children are made, so that a child that
    // dies before it writes makes receive() return nothing instead of waiting for ever.
    void close_write() {
        if (ends_[1] >= 0) ::close(std::exchange(ends_[1], -1));
    }
    // Writes up to PIPE_BUF bytes go in whole, so children may share one pipe.
    template <class T>
    void send(const T& value) {
        if (::write(ends_[1], &value, sizeof value) != sizeof value) ::_exit(3);
    }
    template <class T>
    std::optional<T> receive() {
        T value;
        return ::read(ends_[0], &value, sizeof value) == sizeof value ? std::optional<T>(value) : std::nullopt;
    }

private:
    int ends_[2] = {-1, -1};
};

// Runs `body` in a child process, which exits with what it returns (9 if it throws).
template <class Body>
pid_t spawn(Body&& body) {
    pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        int code = 9;
        try {
            code = body();
        } catch (...) {
        }
        ::_exit(code);
    }
    return child;
}

// The child's exit status, or -1 when it did not exit by itself.
int reap(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void kill_now(pid_t child) {
    ::kill(child, SIGKILL);
    BOOST_TEST(reap(child) == -1);
}

// A child that holds the store's lock as the store does (flock on <file>.lock), until killed.
pid_t hold_lock_file(const fs::path& file, pipe_pair& ready) {
    pid_t child = spawn([&] {
        int fd = ::open((file.string() + ".lock").c_str(), O_RDONLY);
        if (fd < 0 || ::flock(fd, LOCK_EX) != 0) return 2;
        ready.send('!');
        for (;;) ::pause();
    });
    ready.close_write();
    return child;
}

// Takes permits from one key with wall times until `until`, as fast as the store allows.
template <class Granted>
void take_until(api::limit_store& store, const api::limit_key& one, api::wall_time until, Granted&& granted) {
    for (auto now = api::wall_now(); now < until; now = api::wall_now()) {
        auto verdict = take(store, one, now);
        if (verdict.granted) {
            granted(now);
        } else {
            std::this_thread::sleep_for(std::min<milliseconds>(verdict.retry_in, 2ms));
        }
    }
}

}  // namespace

// Programs name a store as a string: "memory" or "file:PATH" (redis:// needs regru::redis_limits,
// whose overload test_cli drives through `regru --limit-store`).
BOOST_AUTO_TEST_CASE(a_store_can_be_opened_by_its_name) {
    temp_folder dir;
    BOOST_TEST(api::open_limit_store("memory")->describe() == "memory");
    BOOST_TEST(api::open_limit_store("file:" + (dir / "limits").string())->describe() == "file " + (dir / "limits").string());
    BOOST_TEST(fs::exists(dir / "limits"));
    for (std::string spec : {"", "file:", "sqlite:/x", "redis://127.0.0.1:6379/0", "Memory"}) {
        BOOST_TEST(regru::testing::message_thrown<api::usage_error>([&] { api::open_limit_store(spec); }) ==
                       "A limit store is memory or file:PATH, not '" + spec + "'",
                   spec);
    }
}

BOOST_AUTO_TEST_SUITE(counting)

BOOST_AUTO_TEST_CASE(a_fresh_store_admits_calls_a_window_then_says_when_the_oldest_leaves) {
    temp_folder dir;
    auto file = dir / "state" / "regru-api" / "limits";
    auto store = api::make_file_store(file);
    BOOST_TEST(store->describe() == "file " + file.string());
    BOOST_TEST(fs::is_regular_file(file));
    auto mode = [](const fs::path& path) { return static_cast<int>(fs::status(path).permissions() & fs::perms::all); };
    BOOST_TEST(mode(file) == 0600);
    BOOST_TEST(mode(file.parent_path()) == 0700);

    auto user = key("user:test", 3, 1000ms);
    BOOST_TEST(take(*store, user, t0).granted);
    BOOST_TEST(take(*store, user, t0 + 100ms).granted);
    BOOST_TEST(take(*store, user, t0 + 200ms).granted);
    auto refused = take(*store, user, t0 + 300ms);
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.retry_in.count() == 700);
    BOOST_TEST(refused.refused_key == "user:test");
    BOOST_TEST(!refused.blocked);
    BOOST_TEST(!take(*store, user, t0 + 999ms).granted);
    BOOST_TEST(take(*store, user, t0 + 1000ms).granted);
    BOOST_TEST(!take(*store, user, t0 + 1001ms).granted);
}

BOOST_AUTO_TEST_CASE(two_keys_give_a_permit_each_or_none) {
    temp_folder dir;
    auto store = api::make_file_store(dir / "limits");
    std::vector<api::limit_key> both{key("user:test", 1, 1000ms), key("ip:api.reg.ru", 5, 1000ms)};
    BOOST_TEST(store->take(both, t0, soon()).granted);
    auto refused = store->take(both, t0 + 1ms, soon());
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.refused_key == "user:test");
    // The refused call took nothing from the IP: four of its five permits are left.
    for (int i = 0; i < 4; ++i) BOOST_TEST(take(*store, both[1], t0 + 2ms).granted);
    auto full = take(*store, both[1], t0 + 3ms);
    BOOST_TEST(!full.granted);
    BOOST_TEST(full.retry_in.count() == 997);
}

BOOST_AUTO_TEST_CASE(a_block_is_honoured_and_never_shortened) {
    temp_folder dir;
    auto store = api::make_file_store(dir / "limits");
    auto user = key("user:test", 100, 1000ms);
    store->block("user:test", t0 + 5000ms, soon());
    store->block("user:test", t0 + 1000ms, soon());
    auto refused = take(*store, user, t0);
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.blocked);
    BOOST_TEST(refused.retry_in.count() == 5000);
    BOOST_TEST(!take(*store, user, t0 + 4999ms).granted);
    BOOST_TEST(take(*store, user, t0 + 5000ms).granted);
}

BOOST_AUTO_TEST_CASE(every_store_object_on_the_file_sees_the_same_counts_and_they_outlive_it) {
    temp_folder dir;
    auto user = key("user:test", 2, 1000ms);
    auto first = api::make_file_store(dir / "limits");
    auto second = api::make_file_store(dir / "limits");
    BOOST_TEST(take(*first, user, t0).granted);
    BOOST_TEST(take(*second, user, t0 + 10ms).granted);
    BOOST_TEST(!take(*first, user, t0 + 20ms).granted);
    second->block("ip:api.reg.ru", t0 + 3000ms, soon());
    first.reset();
    second.reset();

    auto reopened = api::make_file_store(dir / "limits");
    auto refused = take(*reopened, user, t0 + 30ms);
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.retry_in.count() == 970);
    BOOST_TEST(take(*reopened, key("ip:api.reg.ru", 9, 1000ms), t0 + 30ms).blocked);
}

BOOST_AUTO_TEST_CASE(the_file_is_readable_json_and_forgets_idle_keys_and_expired_locks) {
    temp_folder dir;
    auto file = dir / "limits";
    auto store = api::make_file_store(file);
    BOOST_TEST(take(*store, key("user:gone", 5, 1000ms), t0).granted);
    BOOST_TEST(balance_lock(*store, "gone", t0, 1000ms).held);
    BOOST_TEST(take(*store, key("user:test", 5, 1000ms), t0 + 500ms).granted);
    auto held = balance_lock(*store, "test", t0 + 500ms, 10s);

    auto text = stored(file);
    BOOST_TEST(text.at("format").as_string() == "regru-api limit store");
    BOOST_TEST(text.at("version").as_int64() == 1);
    BOOST_TEST(text.at("keys").at("user:test").at("granted").as_array().size() == 1u);
    BOOST_TEST(text.at("keys").at("user:test").at("window").as_int64() == 1000);
    BOOST_TEST(text.at("locks").at("test").at("token").as_string() == held.token);
    BOOST_TEST(text.at("locks").at("test").at("pid").as_int64() == ::getpid());
    BOOST_TEST(text.at("keys").as_object().contains("user:gone"));

    // A key is kept a window longer than its last permit counts, for takes that come late.
    BOOST_TEST(take(*store, key("user:test", 5, 1000ms), t0 + 2100ms).granted);
    text = stored(file);
    BOOST_TEST(!text.at("keys").as_object().contains("user:gone"));
    BOOST_TEST(!text.at("locks").as_object().contains("gone"));
    BOOST_TEST(text.at("keys").at("user:test").at("granted").as_array().size() == 2u);
    BOOST_TEST(text.at("locks").as_object().contains("test"));
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_a_fresh_store) {
    temp_folder dir;
    write_text(dir / "limits", "");
    auto store = api::make_file_store(dir / "limits");
    BOOST_TEST(take(*store, key("user:test", 1, 1000ms), t0).granted);
    BOOST_TEST(stored(dir / "limits").at("format").as_string() == "regru-api limit store");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(places)

BOOST_AUTO_TEST_CASE(a_file_that_is_not_ours_is_refused_and_left_as_it_is) {
    std::string random_bytes(300, '\0');
    std::mt19937 bits(7);
    for (auto& byte : random_bytes) byte = static_cast<char>(bits());
    for (std::string text : {std::string(R"({"something":"else"})"), random_bytes, std::string("[1,2]"),
                             std::string(R"({"format":"regru-api limit store","version":2,"keys":{},"locks":{}})"),
                             std::string(R"({"format":"regru-api limit store","version":1,"keys":{"k":{}},"locks":{}})"),
                             std::string(R"({"format":"regru-api limit store","version":1,"keys":{},"locks":{"a":)"
                                         R"({"token":"t","expires":1,"pid":-1,"pid_namespace":""}}})")}) {
        temp_folder dir;
        auto file = dir / "limits";
        write_text(file, text);
        auto message = refusal(file);
        BOOST_TEST(contains(message, file.string() + " is not a regru-api limit store: "), message);
        BOOST_TEST(read_text(file) == text);
        BOOST_TEST(!fs::exists(dir / "limits.lock"));
    }
}

BOOST_AUTO_TEST_CASE(a_file_that_becomes_foreign_is_not_overwritten) {
    temp_folder dir;
    auto file = dir / "limits";
    auto store = api::make_file_store(file);
    write_text(file, "not ours");
    BOOST_CHECK_EXCEPTION(take(*store, key("user:test", 1, 1000ms), t0), api::limit_store_error,
                          [&](const auto& e) { return contains(e.what(), "is not a regru-api limit store"); });
    BOOST_TEST(read_text(file) == "not ours");
}

BOOST_AUTO_TEST_CASE(a_place_where_the_file_cannot_be_made_is_refused_naming_it) {
    // Permission bits do not stop root, a regular file where a folder should be does.
    temp_folder dir;
    write_text(dir / "afile", "x");
    auto under_a_file = dir / "afile" / "regru-api" / "limits";
    auto message = refusal(under_a_file);
    BOOST_TEST(contains(message, under_a_file.string()), message);
    BOOST_TEST(contains(message, "Not a directory"), message);

    fs::create_directory(dir / "folder");
    message = refusal(dir / "folder");
    BOOST_TEST(contains(message, (dir / "folder").string()), message);
    BOOST_TEST(read_text(dir / "afile") == "x");

    BOOST_CHECK_THROW(api::make_file_store(""), api::usage_error);
    BOOST_CHECK_THROW(api::make_file_store(dir.path().string() + "/"), api::usage_error);
}

BOOST_AUTO_TEST_CASE(a_failure_mid_run_names_the_file_and_leaves_nothing_locked) {
    temp_folder dir;
    auto file = dir / "state" / "limits";
    auto store = api::make_file_store(file);
    fs::remove_all(dir / "state");
    write_text(dir / "state", "a file where the folder was");
    BOOST_CHECK_EXCEPTION(take(*store, key("user:test", 1, 1000ms), t0), api::limit_store_error, [&](const auto& e) {
        return contains(e.what(), file.string()) && contains(e.what(), "Not a directory");
    });
    // Once the place is usable again, so is the store: nothing was left locked.
    fs::remove(dir / "state");
    BOOST_TEST(take(*store, key("user:test", 1, 1000ms), t0).granted);
    BOOST_TEST(fs::exists(file));
}

BOOST_AUTO_TEST_CASE(the_default_place_follows_xdg_state_home_then_home) {
    auto saved = [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    auto state = saved("XDG_STATE_HOME"), home = saved("HOME");

    ::setenv("XDG_STATE_HOME", "/srv/state", 1);
    ::setenv("HOME", "/home/someone", 1);
    BOOST_TEST(api::default_file_store_path() == fs::path("/srv/state/regru-api/limits"));
    ::setenv("XDG_STATE_HOME", "relative/state", 1);
    BOOST_TEST(api::default_file_store_path() == fs::path("/home/someone/.local/state/regru-api/limits"));
    ::unsetenv("XDG_STATE_HOME");
    BOOST_TEST(api::default_file_store_path() == fs::path("/home/someone/.local/state/regru-api/limits"));
    ::unsetenv("HOME");
    BOOST_CHECK_EXCEPTION(api::default_file_store_path(), api::usage_error,
                          [](const auto& e) { return contains(e.what(), "XDG_STATE_HOME") && contains(e.what(), "HOME"); });

    auto restore = [](const char* name, const std::optional<std::string>& value) {
        value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
    };
    restore("XDG_STATE_HOME", state);
    restore("HOME", home);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sharing)

// Eight threads take as fast as they can for 1.2 s; `store_for(t)` is thread t's store.
template <class StoreFor>
void hammer_from_threads(StoreFor&& store_for) {
    const auto user = key("user:test", 30, 400ms);
    const auto until = api::wall_now() + 1200ms;
    std::mutex mutex;
    std::vector<api::wall_time> granted;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, store = store_for(t)] {
            std::vector<api::wall_time> mine;
            take_until(*store, user, until, [&](api::wall_time now) { mine.push_back(now); });
            std::lock_guard hold(mutex);
            granted.insert(granted.end(), mine.begin(), mine.end());
        });
    }
    for (auto& thread : threads) thread.join();
    check_window(granted, user.limit, 30 * 2);
}

BOOST_AUTO_TEST_CASE(threads_on_one_store_object_never_exceed_the_window) {
    temp_folder dir;
    auto store = api::make_file_store(dir / "limits");
    hammer_from_threads([&](int) { return store; });
}

BOOST_AUTO_TEST_CASE(threads_with_a_store_object_each_never_exceed_the_window) {
    temp_folder dir;
    hammer_from_threads([&](int) { return api::make_file_store(dir / "limits"); });
}

BOOST_AUTO_TEST_CASE(processes_never_exceed_the_window) {
    temp_folder dir;
    const auto user = key("user:test", 20, 1000ms);
    // Two children make their own store object; two use the one made before fork(), whose
    // open lock file they share with the test: the store must not take that for its own lock.
    auto inherited = api::make_file_store(dir / "limits");
    pipe_pair times;
    const auto until = api::wall_now() + 2500ms;
    std::vector<pid_t> children;
    for (int c = 0; c < 4; ++c) {
        children.push_back(spawn([&, c] {
            auto store = c < 2 ? api::make_file_store(dir / "limits") : inherited;
            take_until(*store, user, until, [&](api::wall_time now) { times.send(now.time_since_epoch().count()); });
            return 0;
        }));
    }
    times.close_write();
    std::vector<api::wall_time> granted;
    while (auto time = times.receive<std::int64_t>()) granted.emplace_back(milliseconds(*time));
    for (auto child : children) BOOST_TEST(reap(child) == 0);
    check_window(granted, user.limit, 20 * 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(crashes)

BOOST_AUTO_TEST_CASE(a_holder_killed_with_sigkill_leaves_the_store_unlocked) {
    temp_folder dir;
    auto file = dir / "limits";
    auto store = api::make_file_store(file);
    auto user = key("user:test", 5, 1000ms);
    pipe_pair ready;
    pid_t holder = hold_lock_file(file, ready);
    BOOST_REQUIRE(ready.receive<char>().has_value());

    auto start = std::chrono::steady_clock::now();
    BOOST_CHECK_EXCEPTION(store->take(std::span(&user, 1), t0, soon(100ms)), api::limit_store_error, [&](const auto& e) {
        return contains(e.what(), "The limit store " + file.string() + " stayed locked past the call's deadline");
    });
    BOOST_TEST(ms_since(start) >= 100);

    kill_now(holder);
    start = std::chrono::steady_clock::now();
    BOOST_TEST(store->take(std::span(&user, 1), t0, soon(2s)).granted);
    BOOST_TEST(ms_since(start) < 200);
}

BOOST_AUTO_TEST_CASE(a_writer_killed_at_any_moment_leaves_a_store_that_works) {
    temp_folder dir;
    auto file = dir / "limits";
    api::make_file_store(file);
    std::mt19937 random(20240601);
    int temp_left = 0;
    for (int round = 0; round < 20; ++round) {
        pipe_pair started;
        pid_t writer = spawn([&] {
            auto store = api::make_file_store(file);
            // Many permits kept a minute long make a file of some size, and so writes that take
            // a while: the kill often lands in one.
            for (int i = 0;; ++i) {
                take(*store, key("user:" + std::to_string(i % 7), 1'000'000, 60s), api::wall_now());
                auto held = balance_lock(*store, "test", api::wall_now(), 1s);
                store->release("test", held.token, soon());
                if (i == 0) started.send('!');
            }
            return 0;
        });
        started.close_write();
        BOOST_REQUIRE(started.receive<char>().has_value());
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution(0, 15'000)(random)));
        kill_now(writer);

        temp_left += fs::exists(dir / "limits.tmp");
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir.path())) names.insert(entry.path().filename().string());
        BOOST_TEST((names == std::set<std::string>{"limits", "limits.lock"} ||
                    names == std::set<std::string>{"limits", "limits.lock", "limits.tmp"}));

        auto store = api::make_file_store(file);
        BOOST_TEST(stored(file).at("keys").as_object().contains("user:0"));
        BOOST_TEST(take(*store, key("user:after" + std::to_string(round), 1, 60s), api::wall_now()).granted);
        // The killed writer's balance lock died with it.
        auto held = balance_lock(*store, "test", api::wall_now());
        BOOST_TEST(held.held);
        store->release("test", held.token, soon());
    }
    BOOST_TEST_MESSAGE("killed between writing and renaming the new state in " << temp_left << " of 20 rounds");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(balance_locks)

BOOST_AUTO_TEST_CASE(one_holder_until_it_releases_with_its_token) {
    temp_folder dir;
    auto store = api::make_file_store(dir / "limits");
    auto first = balance_lock(*store, "test", t0);
    BOOST_TEST(first.held);
    BOOST_TEST(!first.token.empty());

    auto other = api::make_file_store(dir / "limits");
    auto refused = balance_lock(*other, "test", t0 + 1ms);
    BOOST_TEST(!refused.held);
    BOOST_TEST(refused.retry_in.count() > 0);
    BOOST_TEST(refused.retry_in.count() <= 20);
    BOOST_TEST(balance_lock(*other, "another account", t0 + 1ms).held);

    other->release("test", "not the token", soon());
    BOOST_TEST(!balance_lock(*other, "test", t0 + 2ms).held);
    store->release("test", first.token, soon());
    auto second = balance_lock(*other, "test", t0 + 3ms);
    BOOST_TEST(second.held);
    BOOST_TEST(second.token != first.token);
    // The first holder's token is spent: it cannot release the second's lock.
    store->release("test", first.token, soon());
    BOOST_TEST(!balance_lock(*store, "test", t0 + 4ms).held);
}

BOOST_AUTO_TEST_CASE(a_lock_expires) {
    temp_folder dir;
    auto store = api::make_file_store(dir / "limits");
    BOOST_TEST(balance_lock(*store, "test", t0, 1000ms).held);
    auto late = balance_lock(*store, "test", t0 + 995ms, 1000ms);
    BOOST_TEST(!late.held);
    BOOST_TEST(late.retry_in.count() == 5);
    BOOST_TEST(balance_lock(*store, "test", t0 + 1000ms, 1000ms).held);
}

BOOST_AUTO_TEST_CASE(a_holder_killed_with_sigkill_frees_the_lock_at_once) {
    temp_folder dir;
    auto file = dir / "limits";
    api::make_file_store(file);
    pipe_pair ready;
    pid_t holder = spawn([&] {
        auto store = api::make_file_store(file);
        if (!balance_lock(*store, "test", api::wall_now(), 1h).held) return 2;
        ready.send('!');
        for (;;) ::pause();
    });
    ready.close_write();
    BOOST_REQUIRE(ready.receive<char>().has_value());
    auto store = api::make_file_store(file);
    BOOST_TEST(!balance_lock(*store, "test", api::wall_now()).held);
    kill_now(holder);
    BOOST_TEST(balance_lock(*store, "test", api::wall_now()).held);
}

BOOST_AUTO_TEST_SUITE_END()
