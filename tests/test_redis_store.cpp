// The Redis limit store against a real redis-server (tests/support/redis_server.hpp): the
// sliding window under threads and processes, the same answers as the memory store, blocks,
// locks, the URL, and what happens when Redis is down, comes back, or stops answering.
#define BOOST_TEST_MODULE redis_store
#include <boost/test/unit_test.hpp>

#include "support/redis_server.hpp"
#include "support/windows.hpp"

#include <regru/api/errors.hpp>
#include <regru/limits/redis_store.hpp>

#include <hiredis/hiredis.h>

#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <new>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace api = regru::api;
using regru::testing::redis_server;
using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

namespace {

// The server most cases share; each writes under its own key prefix. Cases that stop or
// pause a server start their own.
redis_server& shared_server() {
    static redis_server server;
    return server;
}

api::redis_store_options options_for(const redis_server& server, std::string prefix) {
    auto options = api::parse_redis_url(server.url());
    options.key_prefix = std::move(prefix);
    return options;
}

api::steady_deadline in(ms time = 2s) { return steady::now() + time; }

double seconds_since(steady::time_point start) {
    return std::chrono::duration<double>(steady::now() - start).count();
}

// The warnings a store gave, from whichever thread gave them.
struct warning_log {
    std::mutex mutex;
    std::vector<std::string> lines;

    std::function<void(std::string_view)> sink() {
        return [this](std::string_view line) {
            std::lock_guard lock(mutex);
            lines.emplace_back(line);
        };
    }
    std::vector<std::string> seen() {
        std::lock_guard lock(mutex);
        return lines;
    }
};

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// `options`, made fail_open, with their warnings going to `warnings`.
api::redis_store_options fail_open(api::redis_store_options options, warning_log& warnings) {
    options.on_failure = api::store_failure_mode::fail_open;
    options.warning_sink = warnings.sink();
    return options;
}

// Exactly one warning so far: that the store lost Redis (`why`) and counts in this process.
void check_one_outage_warning(warning_log& warnings, std::string_view why) {
    auto lines = warnings.seen();
    BOOST_TEST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(contains(lines[0], why), lines[0]);
    BOOST_TEST(contains(lines[0], "; until it answers again, limits are kept in this process only"), lines[0]);
}

// Two warnings so far, the second that Redis is back.
void check_back_warning(warning_log& warnings) {
    auto lines = warnings.seen();
    BOOST_TEST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(contains(lines[1], " answers again; limits are shared through it again"), lines[1]);
}

// A plain hiredis connection, to look at what the store wrote.
class inspector {
public:
    explicit inspector(const redis_server& server) : context_(redisConnect("127.0.0.1", server.port())) {
        if (!context_ || context_->err) throw std::runtime_error("inspector: cannot connect to redis-server");
    }
    ~inspector() { redisFree(context_); }
    inspector(const inspector&) = delete;
    inspector& operator=(const inspector&) = delete;

    // The integer answer of a command (PTTL, ZCARD, EXISTS); -1000 for any other answer.
    long long integer(std::vector<std::string> words) {
        auto* answer = command(words);
        long long value = answer->type == REDIS_REPLY_INTEGER ? answer->integer : -1000;
        freeReplyObject(answer);
        return value;
    }
    void run(std::vector<std::string> words) { freeReplyObject(command(words)); }

private:
    redisReply* command(const std::vector<std::string>& words) {
        std::vector<const char*> argv;
        std::vector<std::size_t> sizes;
        for (const auto& word : words) {
            argv.push_back(word.data());
            sizes.push_back(word.size());
        }
        auto* answer = redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), sizes.data());
        if (!answer) throw std::runtime_error("inspector: no answer from redis-server");
        return static_cast<redisReply*>(answer);
    }
    redisContext* context_;
};

// --- The window property, under threads and under processes -------------------------------

constexpr int rounds = 200;
constexpr int takes_per_round = 2;
constexpr int max_participants = 8;

// Rounds in which every participant (a thread or a process) takes at the same `now`: the real
// time at the start of the round, later than the last round's. So the order in which the store
// sees the takes never contradicts their times, and the window property must hold exactly, not
// within some scheduling slack. (Real time, not a fake one: Redis expires a window's set by its
// own clock, if a minute after it stops mattering.) Lives in memory shared with forked children.
struct window_run {
    pthread_barrier_t barrier;
    int participants = 0;
    std::int64_t round_now[rounds] = {};
    std::int64_t granted[max_participants][rounds * takes_per_round] = {};
    int granted_count[max_participants] = {};
    int failures[max_participants] = {};

    static window_run* make(int participants) {
        void* memory = mmap(nullptr, sizeof(window_run), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) throw std::runtime_error("mmap failed");
        auto* run = new (memory) window_run;
        run->participants = participants;
        pthread_barrierattr_t shared;
        pthread_barrierattr_init(&shared);
        pthread_barrierattr_setpshared(&shared, PTHREAD_PROCESS_SHARED);
        pthread_barrier_init(&run->barrier, &shared, static_cast<unsigned>(participants));
        pthread_barrierattr_destroy(&shared);
        return run;
    }
    static void destroy(window_run* run) {
        pthread_barrier_destroy(&run->barrier);
        munmap(run, sizeof(window_run));
    }

    // One participant's part; `store` null when it could not be made (it still keeps step, so
    // that the others are not left waiting at the barrier).
    void participate(int who, api::limit_store* store, std::span<const api::limit_key> keys) {
        for (int round = 0; round < rounds; ++round) {
            if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
                round_now[round] = later_than(round == 0 ? 0 : round_now[round - 1]);
            }
            pthread_barrier_wait(&barrier);
            api::wall_time now{ms(round_now[round])};
            for (int take = 0; take < takes_per_round; ++take) {
                try {
                    if (!store) throw std::runtime_error("no store");
                    if (store->take(keys, now, in()).granted) granted[who][granted_count[who]++] = round_now[round];
                } catch (...) {
                    ++failures[who];
                }
            }
        }
    }

    static std::int64_t later_than(std::int64_t previous) {
        std::int64_t now = api::wall_now().time_since_epoch().count();
        for (; now <= previous; now = api::wall_now().time_since_epoch().count()) std::this_thread::sleep_for(100us);
        return now;
    }
};

const std::vector<api::limit_key> window_keys{{"user:window", {20, 30ms}}, {"ip:window", {25, 30ms}}};

// Never more than `calls` permits in any stretch `window` long; and no fewer than the memory
// store gives for the same rounds (the store does not refuse what it may give).
void check_window(const window_run& run) {
    std::vector<std::int64_t> times;
    for (int who = 0; who < run.participants; ++who) {
        BOOST_TEST(run.failures[who] == 0, "participant " << who << " failed " << run.failures[who] << " takes");
        times.insert(times.end(), run.granted[who], run.granted[who] + run.granted_count[who]);
    }
    std::sort(times.begin(), times.end());
    const auto& limit = window_keys[0].limit;
    BOOST_TEST(regru::testing::most_in_any_window(times, limit.window) <= limit.calls);
    BOOST_TEST(times.size() > 3 * limit.calls);  // the run spanned several windows

    auto memory = api::make_memory_store();
    std::vector<int> expected, seen;
    for (auto now : run.round_now) {
        int given = 0;
        for (int take = 0; take < run.participants * takes_per_round; ++take) {
            given += memory->take(window_keys, api::wall_time(ms(now)), in()).granted ? 1 : 0;
        }
        expected.push_back(given);
        seen.push_back(static_cast<int>(std::count(times.begin(), times.end(), now)));
    }
    BOOST_TEST(seen == expected, boost::test_tools::per_element());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(urls)

BOOST_AUTO_TEST_CASE(good_urls) {
    struct example {
        std::string url, host;
        std::uint16_t port;
        int database;
        std::string described;
    };
    for (const auto& e : std::vector<example>{
             {"redis://127.0.0.1:6379/0", "127.0.0.1", 6379, 0, "redis://127.0.0.1:6379/0"},
             {"redis://localhost", "localhost", 6379, 0, "redis://localhost:6379/0"},
             {"redis://cache.internal:7000", "cache.internal", 7000, 0, "redis://cache.internal:7000/0"},
             {"redis://10.0.0.5/3", "10.0.0.5", 6379, 3, "redis://10.0.0.5:6379/3"},
             {"redis://10.0.0.5:6380/", "10.0.0.5", 6380, 0, "redis://10.0.0.5:6380/0"},
             {"redis://[::1]:6380/2", "::1", 6380, 2, "redis://[::1]:6380/2"},
             {"redis://[::1]", "::1", 6379, 0, "redis://[::1]:6379/0"},
         }) {
        BOOST_TEST_CONTEXT(e.url) {
            auto options = api::parse_redis_url(e.url);
            BOOST_TEST(options.host == e.host);
            BOOST_TEST(options.port == e.port);
            BOOST_TEST(options.database == e.database);
            BOOST_TEST(api::redis_url(options) == e.described);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_urls_say_what_is_wrong) {
    for (auto [url, why] : std::vector<std::pair<std::string, std::string>>{
             {"", "does not start with redis://"},
             {"127.0.0.1:6379", "does not start with redis://"},
             {"http://127.0.0.1:6379", "does not start with redis://"},
             {"rediss://127.0.0.1:6379", "TLS (rediss://) is not supported"},
             {"redis://", "no host"},
             {"redis://:6379", "no host"},
             {"redis://host:", "the port is not a number from 1 to 65535"},
             {"redis://host:0", "the port is not a number from 1 to 65535"},
             {"redis://host:65536", "the port is not a number from 1 to 65535"},
             {"redis://host:12x", "the port is not a number from 1 to 65535"},
             {"redis://host:6379/x", "the database is not a whole number"},
             {"redis://host:6379/-1", "the database is not a whole number"},
             {"redis://host:6379/0?timeout=1", "the database is not a whole number"},
             {"redis://[::1:6379", "IPv6 address in brackets"},
             {"redis://[::1]x", "IPv6 address in brackets"},
         }) {
        BOOST_TEST_CONTEXT(url) {
            try {
                api::parse_redis_url(url);
                BOOST_ERROR("accepted");
            } catch (const api::usage_error& error) {
                std::string message = error.what();
                BOOST_TEST(contains(message, "Invalid Redis URL '" + url + "'"), message);
                BOOST_TEST(contains(message, why), message);
                BOOST_TEST(contains(message, "expected redis://HOST[:PORT][/DB]"), message);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_password_in_the_url_is_refused_and_not_repeated) {
    try {
        api::parse_redis_url("redis://user:hunter2@127.0.0.1:6379/0");
        BOOST_ERROR("accepted");
    } catch (const api::usage_error& error) {
        std::string message = error.what();
        BOOST_TEST(!contains(message, "hunter2"), message);
        BOOST_TEST(contains(message, "REGRU_REDIS_PASSWORD"), message);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(counting)

BOOST_AUTO_TEST_CASE(describe_says_the_url) {
    auto store = api::make_redis_store(options_for(shared_server(), "describe:"));
    BOOST_TEST(store->describe() == shared_server().url());
}

BOOST_AUTO_TEST_CASE(the_window_holds_under_eight_threads) {
    auto store = api::make_redis_store(options_for(shared_server(), "threads:"));
    auto* run = window_run::make(8);
    std::vector<std::thread> threads;
    for (int who = 0; who < 8; ++who) {
        threads.emplace_back([&, who] { run->participate(who, store.get(), window_keys); });
    }
    for (auto& thread : threads) thread.join();
    check_window(*run);
    window_run::destroy(run);
}

BOOST_AUTO_TEST_CASE(the_window_holds_across_processes) {
    constexpr int processes = 4;
    auto options = options_for(shared_server(), "processes:");
    auto* run = window_run::make(processes);
    std::vector<pid_t> children;
    for (int who = 0; who < processes; ++who) {
        pid_t child = fork();
        if (child == 0) {  // each process with its own store and connection, as separate workers
            std::shared_ptr<api::limit_store> store;
            try {
                store = api::make_redis_store(options);
            } catch (...) {
            }
            run->participate(who, store.get(), window_keys);
            _exit(0);
        }
        children.push_back(child);
    }
    // A child that died would leave the others at the barrier: do not wait for ever.
    auto until = steady::now() + 20s;
    for (pid_t child : children) {
        int status = -1;
        while (waitpid(child, &status, WNOHANG) == 0 && steady::now() < until) std::this_thread::sleep_for(5ms);
        if (steady::now() >= until) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
        }
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), "child " << child << " status " << status);
    }
    check_window(*run);
    window_run::destroy(run);
}

// A pre-forking server makes its store, then forks workers: each must get its own connection,
// not read answers meant for another process from the shared socket, and take ids (and lock
// tokens) of its own, not the ones its parent is about to draw.
BOOST_AUTO_TEST_CASE(a_store_made_before_fork_reconnects_in_the_child) {
    auto store = api::make_redis_store(options_for(shared_server(), "fork:"));
    std::vector<api::limit_key> key{{"user:x", {1000, 60s}}};
    BOOST_TEST(store->take(key, api::wall_now(), in()).granted);
    auto take_50 = [&] {
        int granted = 0;
        for (int i = 0; i < 50; ++i) {
            try {
                granted += store->take(key, api::wall_now(), in()).granted ? 1 : 0;
            } catch (const api::limit_store_error&) {
            }
        }
        return granted;
    };
    pid_t child = fork();
    if (child == 0) _exit(take_50());
    int granted_here = take_50(), status = -1;
    waitpid(child, &status, 0);
    BOOST_TEST(granted_here == 50);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 50), "child status " << status);
    BOOST_TEST(inspector(shared_server()).integer({"ZCARD", "fork:window:user:x"}) == 101);
}

BOOST_AUTO_TEST_CASE(a_take_is_all_or_none_over_its_keys) {
    auto store = api::make_redis_store(options_for(shared_server(), "all-or-none:"));
    inspector redis(shared_server());
    std::vector<api::limit_key> both{{"user:a", {2, 60s}}, {"ip:b", {5, 60s}}};
    auto now = api::wall_now();
    BOOST_TEST(store->take(both, now, in()).granted);
    BOOST_TEST(store->take(both, now, in()).granted);
    auto refused = store->take(both, now, in());
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.refused_key == "user:a");
    BOOST_TEST(!refused.blocked);
    BOOST_TEST(refused.retry_in.count() == 60000);
    // Nothing was taken from ip:b by the refused take: three more permits are left there.
    BOOST_TEST(redis.integer({"ZCARD", "all-or-none:window:ip:b"}) == 2);
    std::vector<api::limit_key> b_only{both[1]};
    for (int i = 0; i < 3; ++i) BOOST_TEST(store->take(b_only, now, in()).granted);
    BOOST_TEST(!store->take(b_only, now, in()).granted);
    // Each window's set expires a window after its last permit, and a margin for late callers.
    auto ttl = redis.integer({"PTTL", "all-or-none:window:user:a"});
    BOOST_TEST(ttl > 60000);
    BOOST_TEST(ttl <= 120000);
}

BOOST_AUTO_TEST_CASE(blocks_refuse_and_are_never_shortened) {
    auto store = api::make_redis_store(options_for(shared_server(), "blocks:"));
    inspector redis(shared_server());
    std::vector<api::limit_key> key{{"user:blocked", {10, 60s}}};
    auto now = api::wall_now();
    auto retry_in = [&] { return store->take(key, now, in()).retry_in.count(); };

    store->block("user:blocked", now + 5000ms, in());
    auto refused = store->take(key, now, in());
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.blocked);
    BOOST_TEST(refused.refused_key == "user:blocked");
    BOOST_TEST(refused.retry_in.count() == 5000);

    store->block("user:blocked", now + 2000ms, in());
    BOOST_TEST(retry_in() == 5000);
    store->block("user:blocked", now + 8000ms, in());
    BOOST_TEST(retry_in() == 8000);
    auto ttl = redis.integer({"PTTL", "blocks:block:user:blocked"});  // 8 s, and the minute's margin
    BOOST_TEST(ttl > 67000);
    BOOST_TEST(ttl <= 68000);
    BOOST_TEST(store->take(key, now + 8000ms, in()).granted);
}

BOOST_AUTO_TEST_CASE(the_database_and_the_prefix_are_used) {
    auto options = options_for(shared_server(), "elsewhere:");
    options.database = 2;
    auto store = api::make_redis_store(options);
    BOOST_TEST(store->describe() == "redis://127.0.0.1:" + std::to_string(shared_server().port()) + "/2");
    std::vector<api::limit_key> key{{"user:x", {5, 60s}}};
    BOOST_TEST(store->take(key, api::wall_now(), in()).granted);
    inspector redis(shared_server());
    BOOST_TEST(redis.integer({"EXISTS", "elsewhere:window:user:x"}) == 0);
    redis.run({"SELECT", "2"});
    BOOST_TEST(redis.integer({"ZCARD", "elsewhere:window:user:x"}) == 1);
}

BOOST_AUTO_TEST_CASE(scripts_are_sent_again_when_redis_forgot_them) {
    auto store = api::make_redis_store(options_for(shared_server(), "noscript:"));
    std::vector<api::limit_key> key{{"user:x", {5, 60s}}};
    auto now = api::wall_now();
    BOOST_TEST(store->take(key, now, in()).granted);
    inspector(shared_server()).run({"SCRIPT", "FLUSH"});
    BOOST_TEST(store->take(key, now, in()).granted);
    BOOST_TEST(inspector(shared_server()).integer({"ZCARD", "noscript:window:user:x"}) == 2);
}

// The same sequence of takes and blocks through the memory store and the Redis store gives
// the same answers: Redis counts exactly as detail::admit does. The clock is fake but starts at
// the real time and runs ahead of it, and the run is shorter than the windows, so Redis's own
// expiries (by its real clock) never come into it.
BOOST_AUTO_TEST_CASE(same_answers_as_the_memory_store) {
    auto memory = api::make_memory_store();
    auto redis = api::make_redis_store(options_for(shared_server(), "equivalence:"));
    const std::vector<api::limit_key> pool{{"user:a", {3, 2000ms}}, {"ip:b", {5, 5000ms}}, {"user:c", {1, 3000ms}},
                                           {"ip:d", {10, 10000ms}}, {"user:a", {4, 1500ms}}};  // user:a's rate changes
    std::mt19937 random(20240601);
    auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
    auto now = api::wall_now();
    int granted = 0, full = 0, blocked = 0;
    for (int step = 0; step < 400; ++step) {
        now += ms(pick(0, 350));
        if (pick(0, 9) == 0) {
            const auto& key = pool[static_cast<std::size_t>(pick(0, 4))].name;
            auto until = now + ms(pick(-500, 6000));
            memory->block(key, until, in());
            redis->block(key, until, in());
            continue;
        }
        std::vector<api::limit_key> keys;  // 1 to 3 keys, a key sometimes twice
        for (int n = pick(1, 3); n > 0; --n) keys.push_back(pool[static_cast<std::size_t>(pick(0, 4))]);
        auto expected = memory->take(keys, now, in());
        auto got = redis->take(keys, now, in());
        BOOST_TEST_CONTEXT("step " << step) {
            BOOST_TEST(got.granted == expected.granted);
            BOOST_TEST(got.retry_in.count() == expected.retry_in.count());
            BOOST_TEST(got.refused_key == expected.refused_key);
            BOOST_TEST(got.blocked == expected.blocked);
        }
        granted += expected.granted;
        full += !expected.granted && !expected.blocked;
        blocked += expected.blocked;
    }
    // The sequence went through every kind of answer, often.
    BOOST_TEST(granted > 50);
    BOOST_TEST(full > 50);
    BOOST_TEST(blocked > 10);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(balance_locks) {
    auto options = options_for(shared_server(), "locks:");
    auto store = api::make_redis_store(options);
    auto other_host = api::make_redis_store(options);
    inspector redis(shared_server());
    auto now = api::wall_now();

    auto first = store->try_lock("test", now, 2000ms, in());
    BOOST_TEST(first.held);
    BOOST_TEST(first.token.size() == 32u);
    auto ttl = redis.integer({"PTTL", "locks:lock:test"});
    BOOST_TEST(ttl > 0);
    BOOST_TEST(ttl <= 2000);

    auto busy = other_host->try_lock("test", now, 2000ms, in());
    BOOST_TEST(!busy.held);
    BOOST_TEST(busy.token.empty());
    BOOST_TEST(busy.retry_in.count() >= 1);
    BOOST_TEST(busy.retry_in.count() <= 20);  // polled: the holder may release long before expiry
    BOOST_TEST(other_host->try_lock("another account", now, 2000ms, in()).held);

    other_host->release("test", "not the holder's token", in());
    BOOST_TEST(!other_host->try_lock("test", now, 2000ms, in()).held);
    store->release("test", first.token, in());
    auto second = other_host->try_lock("test", now, 100ms, in());
    BOOST_TEST(second.held);
    BOOST_TEST(second.token != first.token);

    // A holder that does not release loses the lock at expiry; its late release then leaves
    // the next holder's lock alone.
    std::this_thread::sleep_for(150ms);
    auto third = store->try_lock("test", api::wall_now(), 2000ms, in());
    BOOST_TEST(third.held);
    other_host->release("test", second.token, in());
    BOOST_TEST(!store->try_lock("test", api::wall_now(), 2000ms, in()).held);
    store->release("test", third.token, in());
    BOOST_TEST(redis.integer({"EXISTS", "locks:lock:test"}) == 0);
}

BOOST_AUTO_TEST_CASE(the_password_comes_from_the_environment) {
    redis_server server({"--requirepass", "s3cret-pw"});
    auto options = options_for(server, "auth:");
    std::vector<api::limit_key> key{{"user:x", {5, 60s}}};

    setenv("REGRU_REDIS_PASSWORD", "s3cret-pw", 1);
    BOOST_TEST(api::make_redis_store(options)->take(key, api::wall_now(), in()).granted);

    for (const char* password : {"wrong-pw", static_cast<const char*>(nullptr)}) {
        if (password) setenv("REGRU_REDIS_PASSWORD", password, 1);
        else unsetenv("REGRU_REDIS_PASSWORD");
        BOOST_TEST_CONTEXT("password " << (password ? password : "unset")) {
            try {
                api::make_redis_store(options);
                BOOST_ERROR("no usage_error");
            } catch (const api::usage_error& error) {
                std::string message = error.what();
                BOOST_TEST(contains(message, "the limit store " + server.url() + " answered with an error: "), message);
                BOOST_TEST(!contains(message, "s3cret"), message);
                BOOST_TEST(!contains(message, "wrong-pw"), message);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE(failures)

BOOST_AUTO_TEST_CASE(fail_closed_unreachable_at_construction_is_a_usage_error) {
    auto port = std::to_string(redis_server::free_port());
    auto start = steady::now();
    try {
        api::make_redis_store(api::parse_redis_url("redis://127.0.0.1:" + port + "/0"));
        BOOST_ERROR("no usage_error");
    } catch (const api::usage_error& error) {
        BOOST_TEST(std::string(error.what()) ==
                   "the limit store redis://127.0.0.1:" + port + "/0 cannot be reached: Connection refused");
    }
    BOOST_TEST(seconds_since(start) < 1.0);
}

BOOST_AUTO_TEST_CASE(fail_open_unreachable_at_construction_counts_in_this_process) {
    auto url = "redis://127.0.0.1:" + std::to_string(redis_server::free_port()) + "/0";
    warning_log warnings;
    auto store = api::make_redis_store(fail_open(api::parse_redis_url(url), warnings));
    std::vector<api::limit_key> key{{"user:x", {2, 60s}}};
    auto now = api::wall_now();
    BOOST_TEST(store->take(key, now, in()).granted);
    BOOST_TEST(store->take(key, now, in()).granted);
    BOOST_TEST(!store->take(key, now, in()).granted);  // still counted, in this process
    check_one_outage_warning(warnings, "the limit store " + url + " cannot be reached: Connection refused");
}

BOOST_AUTO_TEST_CASE(fail_closed_redis_stopped_throws_promptly_and_recovers) {
    redis_server server;
    auto options = options_for(server, "outage:");
    options.reconnect_interval = 200ms;
    auto store = api::make_redis_store(options);
    std::vector<api::limit_key> key{{"user:x", {5, 60s}}};
    BOOST_TEST(store->take(key, api::wall_now(), in()).granted);

    server.stop();
    for (int attempt = 0; attempt < 3; ++attempt) {  // the failure, then the reconnect interval
        auto start = steady::now();
        try {
            store->take(key, api::wall_now(), in());
            BOOST_ERROR("no limit_store_error");
        } catch (const api::limit_store_error& error) {
            BOOST_TEST(contains(error.what(), "the limit store " + server.url() + " cannot be reached"), error.what());
        }
        BOOST_TEST(seconds_since(start) < 2.0);
    }
    server.restart();
    std::this_thread::sleep_for(250ms);
    BOOST_TEST(store->take(key, api::wall_now(), in()).granted);
}

BOOST_AUTO_TEST_CASE(fail_open_falls_back_with_one_warning_and_comes_back) {
    redis_server server;
    warning_log warnings;
    auto options = fail_open(options_for(server, "outage:"), warnings);
    options.reconnect_interval = 200ms;
    auto store = api::make_redis_store(options);
    std::vector<api::limit_key> key{{"user:x", {3, 60s}}};
    auto now = api::wall_now();
    BOOST_TEST(store->take(key, now, in()).granted);
    BOOST_TEST(warnings.seen().empty());

    server.stop();
    auto start = steady::now();
    for (int i = 0; i < 3; ++i) BOOST_TEST(store->take(key, now, in()).granted);  // from memory, which starts empty
    BOOST_TEST(!store->take(key, now, in()).granted);                              // but counts
    BOOST_TEST(seconds_since(start) < 2.0);
    std::this_thread::sleep_for(250ms);  // one more failed reconnect: no second warning
    BOOST_TEST(!store->take(key, now, in()).granted);
    check_one_outage_warning(warnings, "the limit store " + server.url() + " cannot be reached: ");

    server.restart();  // empty: no persistence
    std::this_thread::sleep_for(250ms);
    BOOST_TEST(store->take(key, now, in()).granted);  // Redis again: its window is empty
    BOOST_TEST(inspector(server).integer({"ZCARD", "outage:window:user:x"}) == 1);
    check_back_warning(warnings);
}

// A stopped (SIGSTOP) server accepts connections but answers nothing: slow, not down.
BOOST_AUTO_TEST_CASE(a_server_that_does_not_answer_costs_at_most_the_timeout) {
    redis_server server;
    auto options = options_for(server, "paused:");
    options.command_timeout = 300ms;
    options.reconnect_interval = 0ms;
    auto closed = api::make_redis_store(options);
    warning_log warnings;
    auto open = api::make_redis_store(fail_open(options, warnings));
    std::vector<api::limit_key> key{{"user:x", {5, 60s}}};

    server.pause();
    auto start = steady::now();
    try {
        closed->take(key, api::wall_now(), in(2s));
        BOOST_ERROR("no limit_store_error");
    } catch (const api::limit_store_error& error) {
        BOOST_TEST(contains(error.what(), "did not answer within 300 ms"), error.what());
    }
    BOOST_TEST(seconds_since(start) < 1.0);

    // A deadline nearer than the command timeout bounds the wait: reconnecting works (the kernel
    // accepts) but SELECT gets no answer.
    start = steady::now();
    BOOST_CHECK_THROW(closed->take(key, api::wall_now(), in(100ms)), api::limit_store_error);
    BOOST_TEST(seconds_since(start) < 0.4);

    start = steady::now();
    BOOST_TEST(open->take(key, api::wall_now(), in(2s)).granted);  // from memory
    BOOST_TEST(seconds_since(start) < 1.0);
    check_one_outage_warning(warnings, "the limit store " + server.url() + " did not answer within 300 ms");

    server.resume();
    BOOST_TEST(open->take(key, api::wall_now(), in(2s)).granted);
    BOOST_TEST(closed->take(key, api::wall_now(), in(2s)).granted);
    check_back_warning(warnings);
}

BOOST_AUTO_TEST_SUITE_END()
