// The limits across processes: worker processes (support/limit_worker.cpp) calling the mock
// REG.API with the real client, sharing a file store or Redis. They stay under the service's
// rate together and spread their calls as the window allows; without a shared store they do
// not; Redis may go away and come back; a process killed while it holds the balance lock does
// not keep it; charges from several processes never overlap.
#define BOOST_TEST_MODULE processes
#include <boost/test/unit_test.hpp>

#include "support/log_lines.hpp"
#include "support/mock_endpoint.hpp"
#include "support/redis_server.hpp"
#include "support/temp_folder.hpp"
#include "support/windows.hpp"

#include <regru/api/limit_store.hpp>
#include <regru/mocks/mock_server.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace api = regru::api;
namespace mocks = regru::mocks;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using regru::testing::log_lines;
using regru::testing::logged;
using regru::testing::redis_server;
using regru::testing::shipped;
using regru::testing::temp_folder;

namespace {

// Wall-clock milliseconds: what the workers print, and what the test compares them with.
milliseconds wall() { return api::wall_now().time_since_epoch(); }

// One call as a worker reported it (see limit_worker.cpp): when it began and ended, its outcome
// and the attempts sent, and, when it succeeded at its first attempt, the time its permit was
// counted at.
struct call_line {
    milliseconds end, start, permit;
    std::string outcome;
    unsigned attempts = 0;

    bool succeeded() const { return outcome == "success" && attempts == 1; }
};

// What a worker is told to do.
struct job {
    std::string endpoint{};
    std::string store{};      // memory, file:PATH, redis://HOST:PORT/DB
    std::string rate = "1000/1";
    int calls = 1;
    std::string method = "nop";
    unsigned attempts = 3;
    milliseconds deadline{30'000};
    milliseconds pause{0};    // between calls
    bool fail_open = false;   // for redis://
    bool serialise = true;    // one charges call at a time per account
};

// A limit_worker process doing `job`; its output is read once it has ended.
class worker {
public:
    explicit worker(const job& task) : handle_(Poco::Process::launch(REGRU_LIMIT_WORKER_PATH, arguments(task), nullptr, &out_, &err_)) {}
    ~worker() {
        if (!ended_) kill();
    }
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    // SIGKILL, and waits for it: a dead process that is not reaped still holds its pid.
    void kill() {
        ::kill(handle_.id(), SIGKILL);
        end();
    }
    // Waits for it to end; its exit status (non-zero when killed).
    int end() {
        if (!ended_) {
            Poco::PipeInputStream out(out_), err(err_);
            for (std::string line; std::getline(out, line);) out_lines_.push_back(line);
            for (std::string line; std::getline(err, line);) err_lines_.push_back(line);
            status_ = handle_.wait();
            ended_ = true;
        }
        return status_;
    }
    // The calls it reported, in its order.
    std::vector<call_line> calls() {
        end();
        std::vector<call_line> found;
        for (const auto& text : out_lines_) {
            std::istringstream in(text);
            long long end = 0, start = 0, permit = 0;
            call_line line;
            in >> end >> line.outcome >> line.attempts >> start >> permit;
            BOOST_TEST_REQUIRE(!in.fail(), "a worker's line: " << text);
            line.end = milliseconds(end);
            line.start = milliseconds(start);
            line.permit = milliseconds(permit);
            found.push_back(line);
        }
        return found;
    }
    // Its standard error.
    const std::vector<std::string>& errors() {
        end();
        return err_lines_;
    }

private:
    static std::vector<std::string> arguments(const job& task) {
        std::vector<std::string> args{"--endpoint", task.endpoint, "--store", task.store, "--rate", task.rate,
                                      "--calls", std::to_string(task.calls), "--method", task.method,
                                      "--attempts", std::to_string(task.attempts),
                                      "--deadline", std::to_string(task.deadline.count()),
                                      "--pause", std::to_string(task.pause.count())};
        if (task.fail_open) args.push_back("--fail-open");
        if (!task.serialise) args.push_back("--no-serialise");
        return args;
    }

    Poco::Pipe out_, err_;
    Poco::ProcessHandle handle_;
    bool ended_ = false;
    int status_ = -1;
    std::vector<std::string> out_lines_, err_lines_;
};

// Runs the jobs at once, each in its own process, and gathers every call they reported. Each
// must end by itself, having made all its calls.
std::vector<call_line> run_together(const std::vector<job>& jobs) {
    std::vector<std::unique_ptr<worker>> workers;
    for (const auto& task : jobs) workers.push_back(std::make_unique<worker>(task));
    std::vector<call_line> all;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        int status = workers[i]->end();
        BOOST_TEST_REQUIRE(status == 0, "worker " << i << " ended with " << status << ": "
                                                  << (workers[i]->errors().empty() ? "" : workers[i]->errors().front()));
        auto calls = workers[i]->calls();
        BOOST_TEST_REQUIRE(calls.size() == static_cast<std::size_t>(jobs[i].calls));
        all.insert(all.end(), calls.begin(), calls.end());
    }
    return all;
}

// `count` copies of `task`.
std::vector<job> copies(const job& task, int count) { return std::vector<job>(static_cast<std::size_t>(count), task); }

std::size_t count(const std::vector<call_line>& calls, std::string_view outcome) {
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const call_line& c) { return c.outcome == outcome; }));
}

// The service allows 10 calls in any 2 s; the clients keep to 10 in any 2.3 s. The limiter
// counts a call when it grants its permit, the service when the request arrives, a moment
// later and a different moment for each: a client rate a little stricter than the service's
// leaves room for that (up to 300 ms between permit and arrival) instead of meeting the
// service's limit exactly and sometimes going over it.
const api::rate service_rate{10, 2000ms};
const api::rate client_rate{10, 2300ms};
constexpr const char* client_rate_text = "10/2.3";

// Every call succeeded at its first attempt, and the permits spread as the client's window
// allows: never more than its calls in a window, and no slower than saturating demand needs.
void check_spread(const std::vector<call_line>& calls) {
    std::vector<milliseconds> permits;
    for (const auto& call : calls) {
        BOOST_TEST(call.succeeded(), call.outcome << " after " << call.attempts << " attempts");
        permits.push_back(call.permit);
    }
    std::sort(permits.begin(), permits.end());
    auto most = regru::testing::most_in_any_window(permits, client_rate.window);
    // The n-th permit cannot come before (n-1)/calls whole windows have passed since the first.
    auto windows = static_cast<long>((permits.size() - 1) / client_rate.calls);
    auto spread = permits.back() - permits.front();
    BOOST_TEST_MESSAGE(permits.size() << " permits over " << spread.count() << " ms (at least " << windows << " windows of "
                                      << client_rate.window.count() << " ms); at most " << most << " in any window");
    BOOST_TEST(most == client_rate.calls);
    BOOST_TEST((spread >= windows * client_rate.window));
    BOOST_TEST((spread < (windows + 1) * client_rate.window));  // used as the window freed, not a window late
}

// The service's rate-limit answers in its log, and in what the workers reported.
std::size_t rate_limit_answers(const log_lines& log) { return log.with("_EXCEEDED_ALLOWED_CONNECTION_RATE").size(); }
std::size_t rate_limit_answers(const std::vector<call_line>& calls) {
    return count(calls, "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE") + count(calls, "IP_EXCEEDED_ALLOWED_CONNECTION_RATE");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rates)

BOOST_AUTO_TEST_CASE(four_processes_sharing_a_file_store_stay_under_the_services_rate) {
    temp_folder dir;
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, service_rate, 0ms));
    auto calls = run_together(copies(
        {.endpoint = server.endpoint(), .store = "file:" + (dir / "limits").string(), .rate = client_rate_text, .calls = 10},
        4));
    check_spread(calls);
    BOOST_TEST(rate_limit_answers(log) == 0u);
    BOOST_TEST(log.with("/api/regru2/nop 200 success").size() == 40u);
}

// Two groups of processes, as on two hosts. Each on its own file store, the groups together
// go over the service's rate; sharing Redis, they do not, and spread as one.
BOOST_AUTO_TEST_CASE(two_groups_go_over_the_rate_with_a_file_store_each_and_not_when_sharing_redis) {
    temp_folder dir;
    {
        log_lines log;
        mocks::mock_server server(shipped(), logged(log, service_rate, 0ms));
        // Each group may make its 10 calls at once, as its own store says: 20 arrive together.
        // One attempt each, and no waiting: a call the service refused blocks its group's store.
        job group{.endpoint = server.endpoint(), .rate = client_rate_text, .calls = 5, .attempts = 1, .deadline = 1000ms};
        job a = group, b = group;
        a.store = "file:" + (dir / "a").string();
        b.store = "file:" + (dir / "b").string();
        auto calls = run_together({a, a, b, b});
        BOOST_TEST_MESSAGE("file store per group: " << count(calls, "success") << " succeeded, "
                                                    << rate_limit_answers(calls) << " refused by the service's rate, "
                                                    << count(calls, "limited") << " held back by a blocked store");
        BOOST_TEST(rate_limit_answers(log) > 0u);
        BOOST_TEST(rate_limit_answers(calls) == rate_limit_answers(log));
    }
    redis_server redis;
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, service_rate, 0ms));
    auto calls = run_together(
        copies({.endpoint = server.endpoint(), .store = redis.url(), .rate = client_rate_text, .calls = 10}, 4));
    check_spread(calls);
    BOOST_TEST(rate_limit_answers(log) == 0u);
    BOOST_TEST(log.with("/api/regru2/nop 200 success").size() == 40u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(redis_outage)

// Two workers fail closed and two fail open, calling every 100 ms while Redis is stopped for
// a second and then started again (empty, on the same port).
BOOST_AUTO_TEST_CASE(redis_stopped_and_restarted_under_running_workers) {
    redis_server redis;
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, std::nullopt, 0ms));
    job closed{.endpoint = server.endpoint(), .store = redis.url(), .calls = 50, .deadline = 3000ms, .pause = 100ms};
    job open = closed;
    open.fail_open = true;
    std::vector<std::unique_ptr<worker>> closed_workers, open_workers;
    for (int i = 0; i < 2; ++i) {
        closed_workers.push_back(std::make_unique<worker>(closed));
        open_workers.push_back(std::make_unique<worker>(open));
    }
    std::this_thread::sleep_for(1s);
    auto stopping = wall();
    redis.stop();
    auto stopped = wall();
    std::this_thread::sleep_for(1s);
    auto restarting = wall();
    redis.restart();
    auto restarted = wall();
    // A store that lost Redis tries it again no sooner than its reconnect interval (1 s) after
    // its last failure, which was before the restart ended.
    auto reconnected = restarted + 1000ms + 200ms;

    auto before = [&](const call_line& c) { return c.end < stopping; };
    auto during = [&](const call_line& c) { return c.start >= stopped && c.end < restarting; };
    auto after = [&](const call_line& c) { return c.start >= reconnected; };
    for (auto& w : closed_workers) {
        BOOST_TEST_REQUIRE(w->end() == 0);
        std::size_t in_outage = 0, once_back = 0;
        for (const auto& call : w->calls()) {
            BOOST_TEST((call.end - call.start <= closed.deadline));
            if (before(call) || after(call)) BOOST_TEST(call.succeeded(), call.outcome);
            if (after(call)) ++once_back;
            if (during(call)) {
                ++in_outage;
                // Not sent, and at once: nobody could count it.
                BOOST_TEST(call.outcome == "limited");
                BOOST_TEST(call.attempts == 0u);
                BOOST_TEST((call.end - call.start < 500ms), (call.end - call.start).count() << " ms");
            }
        }
        BOOST_TEST_MESSAGE("fail-closed worker: " << in_outage << " calls limited in the outage, " << once_back
                                                  << " succeeded once Redis was back");
        BOOST_TEST(in_outage >= 3u);
        BOOST_TEST(once_back >= 3u);
        BOOST_TEST(w->errors().empty());  // failing closed is no news: every call says so
    }
    for (auto& w : open_workers) {
        BOOST_TEST_REQUIRE(w->end() == 0);
        std::size_t in_outage = 0;
        for (const auto& call : w->calls()) {
            BOOST_TEST(call.succeeded(), call.outcome);
            BOOST_TEST((call.end - call.start <= open.deadline));
            if (during(call)) ++in_outage;
        }
        BOOST_TEST(in_outage >= 3u);
        const auto& warnings = w->errors();
        BOOST_TEST_REQUIRE(warnings.size() == 2u);
        BOOST_TEST(warnings[0].find("; until it answers again, limits are kept in this process only") != std::string::npos,
                   warnings[0]);
        BOOST_TEST(warnings[1].find(" answers again; limits are shared through it again") != std::string::npos, warnings[1]);
    }
    BOOST_TEST(log.with("_EXCEEDED_ALLOWED_CONNECTION_RATE").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(balance)

namespace {

struct holder_killed {
    milliseconds launched, seen, killed;  // worker 1 launched, its charge seen by the service, it killed
    call_line second;                     // worker 2's call
};

// Worker 1 makes a charge that the service takes 5 s over, and is killed while it holds the
// balance lock; worker 2, sharing its store, makes a charge for the same account. Worker 2
// calls a second server: the first keeps handling the dead worker's charge for its whole delay
// (as the service would), and would answer BILLING_LOCK to a charge of worker 2's meanwhile.
holder_killed kill_the_holder(const std::string& store, milliseconds first_deadline) {
    log_lines log, second_log;
    mocks::mock_server server(shipped(), logged(log, std::nullopt, 5000ms));
    mocks::mock_server second_server(shipped(), logged(second_log, std::nullopt, 0ms));
    job charge{.endpoint = server.endpoint(), .store = store, .method = "user/refill_balance", .deadline = first_deadline};
    holder_killed seen;
    seen.launched = wall();
    worker first(charge);
    BOOST_TEST_REQUIRE(log.wait_for("user/refill_balance 200 success"));  // logged as it arrives, before the delay
    seen.seen = wall();
    charge.endpoint = second_server.endpoint();
    charge.deadline = 20s;
    worker second(charge);
    std::this_thread::sleep_for(500ms);
    BOOST_TEST(second_server.requests() == 0u);  // held by the lock worker 1 holds
    first.kill();
    seen.killed = wall();
    BOOST_TEST(first.calls().empty());  // killed before its call ended
    BOOST_TEST_REQUIRE(second.end() == 0);
    auto calls = second.calls();
    BOOST_TEST_REQUIRE(calls.size() == 1u);
    seen.second = calls[0];
    BOOST_TEST(seen.second.succeeded(), seen.second.outcome);
    BOOST_TEST(second_log.with("user/refill_balance 200 success").size() == 1u);
    return seen;
}

}  // namespace

// The file store knows the holder is dead (its pid is gone) and frees the lock at once, long
// before its expiry (the rest of a 30 s deadline, plus 5 s).
BOOST_AUTO_TEST_CASE(a_process_killed_holding_the_balance_lock_of_a_file_store_frees_it_at_once) {
    temp_folder dir;
    auto seen = kill_the_holder("file:" + (dir / "limits").string(), 30s);
    auto waited = seen.second.permit - seen.killed;
    BOOST_TEST_MESSAGE("the second charge got its permit " << waited.count() << " ms after the holder was killed");
    BOOST_TEST((waited < 1500ms));
}

// Redis cannot know that the holder died: the lock goes when it expires, the rest of the
// holder's deadline (2 s) plus 5 s after it was taken. Not before: the lock was taken after
// worker 1 was launched, so it cannot expire before launch + 7 s. Soon after: it was taken
// before the service saw the charge.
BOOST_AUTO_TEST_CASE(a_process_killed_holding_the_balance_lock_in_redis_frees_it_when_the_lock_expires) {
    redis_server redis;
    auto seen = kill_the_holder(redis.url(), 2000ms);
    BOOST_TEST_MESSAGE("the second charge got its permit " << (seen.second.permit - seen.launched).count()
                                                           << " ms after the holder was launched, "
                                                           << (seen.second.permit - seen.killed).count()
                                                           << " ms after it was killed");
    BOOST_TEST((seen.second.permit >= seen.launched + 7000ms - 20ms));  // 20 ms: clocks rounded to the ms
    BOOST_TEST((seen.second.permit < seen.seen + 7000ms + 1500ms));
}

// Four processes making charges for one account against a service that takes 100 ms over
// each: sharing a file store, none overlaps; without serialisation some do, which shows that
// the service notices.
BOOST_AUTO_TEST_CASE(charges_from_four_processes_never_overlap) {
    temp_folder dir;
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, std::nullopt, 100ms));
    // One attempt: a BILLING_LOCK must show, not be retried away.
    job charges{.endpoint = server.endpoint(), .store = "file:" + (dir / "limits").string(), .calls = 5,
                .method = "user/refill_balance", .attempts = 1};
    auto serialised = run_together(copies(charges, 4));
    std::vector<milliseconds> permits;
    for (const auto& call : serialised) {
        BOOST_TEST(call.succeeded(), call.outcome);
        permits.push_back(call.permit);
    }
    BOOST_TEST(log.with("BILLING_LOCK").empty());
    BOOST_TEST(log.with("user/refill_balance 200 success").size() == 20u);
    // One after another: 20 charges of 100 ms each.
    auto first = *std::min_element(permits.begin(), permits.end());
    auto last = std::max_element(serialised.begin(), serialised.end(),
                                 [](const call_line& x, const call_line& y) { return x.end < y.end; })->end;
    BOOST_TEST_MESSAGE("serialised: 20 charges in " << (last - first).count() << " ms");
    BOOST_TEST((last - first >= 20 * 100ms));

    charges.serialise = false;
    auto free_for_all = run_together(copies(charges, 4));
    auto refused = log.with("BILLING_LOCK").size();  // none before
    BOOST_TEST_MESSAGE("not serialised: " << refused << " of 20 charges refused with BILLING_LOCK");
    BOOST_TEST(refused > 0u);
    BOOST_TEST(count(free_for_all, "BILLING_LOCK") == refused);
    BOOST_TEST(count(free_for_all, "success") + refused == 20u);
}

BOOST_AUTO_TEST_SUITE_END()
