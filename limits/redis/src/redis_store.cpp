// The Redis store: each operation is one script on one connection, behind a mutex; when Redis
// fails the operation either throws (fail_closed) or is served by an in-process store
// (fail_open). Keys: <prefix>window:<key> (sorted set), <prefix>block:<key> (string),
// <prefix>lock:<account> (string). See scripts.hpp for what each script does.
#include "connection.hpp"
#include "scripts.hpp"

#include <regru/api/detail/deadline_mutex.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/http.hpp>
#include <regru/limits/redis_store.hpp>

#include "limits/window.hpp"  // detail::new_lock_token, shared with the core's stores (src/)

#include <hiredis/hiredis.h>

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

namespace regru::api {
namespace {

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

// The deadline left no time to ask Redis (or to wait for another caller's command). Redis is
// not at fault: the connection is kept and no outage is declared.
class out_of_time : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A script and its SHA1 once Redis told it (SCRIPT LOAD), for EVALSHA.
struct script {
    std::string_view body;
    std::string sha;
};

// How long busy lock holders are polled at most: another host may release long before expiry.
constexpr milliseconds lock_poll{20};

// Redis keeps a window's set this long past its window, and a block this long past its end by
// this host's clock. Redis expires keys by its own clock, at the moment it runs the script,
// while the store counts by the callers' `now`, which lags (a thread descheduled between
// reading the clock and the script) and comes from hosts whose clocks differ a little from
// Redis's. Without the margin, Redis could forget permits that still count for such a caller.
constexpr milliseconds expiry_margin{60'000};

std::string number(std::int64_t value) { return std::to_string(value); }

// The integers of an array answer of `size` elements, as the scripts return them.
std::vector<long long> integers(const redisReply& answer, std::size_t size) {
    if (answer.type != REDIS_REPLY_ARRAY || answer.elements != size) {
        throw redis::failure("gave an answer this client does not understand");
    }
    std::vector<long long> values;
    for (std::size_t i = 0; i < size; ++i) {
        if (answer.element[i]->type != REDIS_REPLY_INTEGER) {
            throw redis::failure("gave an answer this client does not understand");
        }
        values.push_back(answer.element[i]->integer);
    }
    return values;
}

void check(const redis_store_options& options) {
    auto bad = [](const std::string& why) { return usage_error("Invalid Redis store options: " + why); };
    if (options.host.empty()) throw bad("no host");
    if (options.port == 0) throw bad("port 0");
    if (options.database < 0) throw bad("a negative database number");
    if (options.connect_timeout < milliseconds(1) || options.command_timeout < milliseconds(1)) {
        throw bad("the connect and command timeouts must be at least 1 ms");
    }
    if (options.reconnect_interval < milliseconds(0)) throw bad("a negative reconnect interval");
}

class redis_store final : public limit_store {
public:
    explicit redis_store(redis_store_options options)
        : options_(std::move(options)), url_(redis_url(options_)) {
        if (const char* password = std::getenv("REGRU_REDIS_PASSWORD")) password_ = password;
        if (options_.on_failure == store_failure_mode::fail_open) fallback_ = make_memory_store();
        // Connect now, so that a store that cannot work is known before anything is sent.
        std::string problem;
        std::unique_lock lock(mutex_);
        auto deadline = steady::now() + options_.connect_timeout + 2 * options_.command_timeout;
        bool up = ask(deadline, problem, [](redis::connection&, steady_deadline) { return true; }).has_value();
        if (!up && options_.on_failure == store_failure_mode::fail_closed) throw usage_error(message(problem));
    }

    admission take(std::span<const limit_key> keys, wall_time now, steady_deadline deadline) override {
        return serve(
            deadline, [&](redis::connection& link, steady_deadline by) { return take_in_redis(link, keys, now, by); },
            [&](limit_store& local) { return local.take(keys, now, deadline); });
    }

    void block(std::string_view key, wall_time until, steady_deadline deadline) override {
        auto local = [&](limit_store& store) {
            store.block(key, until, deadline);
            return true;
        };
        // Kept in the fallback too, so that a block learned while Redis is up still holds if
        // Redis goes away.
        if (fallback_) local(*fallback_);
        // Redis forgets the block a margin after it is over by this host's clock, `until`'s.
        milliseconds keep = std::max(until - wall_now(), milliseconds(0)) + expiry_margin;
        serve(
            deadline,
            [&](redis::connection& link, steady_deadline by) {
                std::vector<std::string> arguments{number(until.time_since_epoch().count()), number(keep.count())};
                return run(link, block_, {key_of("block:", key)}, arguments, by);
            },
            local);
    }

    lock_attempt try_lock(std::string_view account, wall_time now, milliseconds expiry,
                          steady_deadline deadline) override {
        return serve(
            deadline,
            [&](redis::connection& link, steady_deadline by) {
                // Redis times the hold from when it sets the lock; `now` is for the fallback.
                auto token = detail::new_lock_token();
                auto answer = evaluate(link, lock_, {key_of("lock:", account)},
                                       {token, number(std::max(expiry, milliseconds(1)).count())}, by);
                auto values = integers(*answer, 2);
                if (values[0] == 1) return lock_attempt{true, token, {}};
                return lock_attempt{false, {}, std::clamp(milliseconds(values[1]), milliseconds(1), lock_poll)};
            },
            [&](limit_store& local) { return local.try_lock(account, now, expiry, deadline); });
    }

    void release(std::string_view account, std::string_view token, steady_deadline deadline) override {
        auto local = [&](limit_store& store) {
            store.release(account, token, deadline);
            return true;
        };
        // A lock taken from the fallback while Redis was away is released there even when Redis
        // is back; tokens are unique, so releasing in both stores is harmless.
        if (fallback_) local(*fallback_);
        serve(
            deadline,
            [&](redis::connection& link, steady_deadline by) {
                return run(link, release_, {key_of("lock:", account)}, {std::string(token)}, by);
            },
            local);
    }

    std::string describe() const override { return url_; }

private:
    // Does `remote` with Redis, or, when Redis cannot be asked, throws limit_store_error
    // (fail_closed) or does `local` with the fallback store (fail_open).
    template <class Remote, class Local>
    std::invoke_result_t<Local&, limit_store&> serve(steady_deadline deadline, Remote&& remote, Local&& local) {
        std::string problem;
        {
            std::unique_lock lock(mutex_, deadline);
            if (!lock.owns_lock()) {
                problem = "was busy with other callers until the deadline";
            } else if (auto answer = ask(deadline, problem, remote)) {
                return *answer;
            }
        }
        if (!fallback_) throw limit_store_error(message(problem));
        return local(*fallback_);
    }

    // Under the mutex: `remote`'s answer, or nothing with `problem` saying why. Connects when
    // there is no connection and the reconnect interval since the last failure has passed.
    template <class Remote>
    auto ask(steady_deadline deadline, std::string& problem, Remote&& remote)
        -> std::optional<decltype(remote(std::declval<redis::connection&>(), deadline))> {
        // A child of fork() shares its parent's socket: the two would read each other's answers.
        if (connection_ && connected_in_ != getpid()) connection_.reset();
        if (!connection_ && steady::now() < retry_after_) {
            problem = last_failure_;
            return std::nullopt;
        }
        try {
            if (!connection_) {
                connection_.emplace(connect(deadline));
                connected_in_ = getpid();
            }
            auto answer = remote(*connection_, deadline);
            answered();
            return answer;
        } catch (const out_of_time& failure) {
            problem = failure.what();
        } catch (const redis::failure& failure) {
            problem = failure.what();
            lost(problem);
        }
        return std::nullopt;
    }

    redis::connection connect(steady_deadline deadline) {
        redis::connection link(options_.host, options_.port, budget(options_.connect_timeout, deadline));
        if (!password_.empty()) call(link, {"AUTH", password_}, deadline);
        // SELECT also proves the server answers: a stopped server still accepts connections.
        call(link, {"SELECT", number(options_.database)}, deadline);
        return link;
    }

    // The time a step may take: its timeout, cut to what is left before the deadline.
    static milliseconds budget(milliseconds timeout, steady_deadline deadline) {
        auto left = std::chrono::floor<milliseconds>(deadline - steady::now());
        if (left < milliseconds(1)) throw out_of_time("was not asked: the deadline had passed");
        return std::min(timeout, left);
    }

    // One command, within the command timeout and the deadline.
    redis::reply send(redis::connection& link, std::span<const std::string_view> words, steady_deadline deadline) {
        return link.command(words, budget(options_.command_timeout, deadline));
    }

    // One command whose error answer is a failure.
    redis::reply call(redis::connection& link, std::initializer_list<std::string_view> words,
                      steady_deadline deadline) {
        return checked(send(link, {words.begin(), words.size()}, deadline));
    }

    static redis::reply checked(redis::reply answer) {
        if (redis::is_error(*answer)) {
            throw redis::failure("answered with an error: " + std::string(redis::text(*answer)));
        }
        return answer;
    }

    // Runs a script by its SHA1; Redis forgets scripts when it restarts (NOSCRIPT), and EVAL
    // then sends the body, which Redis keeps again.
    redis::reply evaluate(redis::connection& link, script& code, const std::vector<std::string>& keys,
                          const std::vector<std::string>& arguments, steady_deadline deadline) {
        if (code.sha.empty()) code.sha = redis::text(*call(link, {"SCRIPT", "LOAD", code.body}, deadline));
        std::string key_count = number(static_cast<std::int64_t>(keys.size()));
        auto answer = send(link, script_command("EVALSHA", code.sha, key_count, keys, arguments), deadline);
        if (redis::is_error(*answer) && redis::text(*answer).starts_with("NOSCRIPT")) {
            answer = send(link, script_command("EVAL", code.body, key_count, keys, arguments), deadline);
        }
        return checked(std::move(answer));
    }

    // A script whose answer does not matter, only that it ran.
    bool run(redis::connection& link, script& code, const std::vector<std::string>& keys,
             const std::vector<std::string>& arguments, steady_deadline deadline) {
        evaluate(link, code, keys, arguments, deadline);
        return true;
    }

    // EVAL or EVALSHA's words, which refer to the strings passed.
    static std::vector<std::string_view> script_command(std::string_view verb, std::string_view code,
                                                        std::string_view key_count,
                                                        const std::vector<std::string>& keys,
                                                        const std::vector<std::string>& arguments) {
        std::vector<std::string_view> words{verb, code, key_count};
        words.insert(words.end(), keys.begin(), keys.end());
        words.insert(words.end(), arguments.begin(), arguments.end());
        return words;
    }

    admission take_in_redis(redis::connection& link, std::span<const limit_key> keys, wall_time now,
                            steady_deadline deadline) {
        std::vector<std::string> names, arguments{number(now.time_since_epoch().count()), detail::new_lock_token(),
                                                  number(expiry_margin.count())};
        for (const auto& key : keys) {
            names.push_back(key_of("window:", key.name));
            names.push_back(key_of("block:", key.name));
            arguments.push_back(number(key.limit.calls));
            arguments.push_back(number(key.limit.window.count()));
        }
        auto values = integers(*evaluate(link, take_, names, arguments, deadline), 4);
        if (values[0] == 1) return {true, {}, {}, false};
        if (values[2] < 1 || static_cast<std::size_t>(values[2]) > keys.size()) {
            throw redis::failure("gave an answer this client does not understand");
        }
        return {false, milliseconds(values[1]), keys[static_cast<std::size_t>(values[2] - 1)].name, values[3] == 1};
    }

    std::string key_of(std::string_view kind, std::string_view name) const {
        std::string key;
        key.reserve(options_.key_prefix.size() + kind.size() + name.size());
        return key.append(options_.key_prefix).append(kind).append(name);
    }

    std::string message(const std::string& problem) const { return "the limit store " + url_ + " " + problem; }

    // A failed command leaves the connection in an unknown state (its answer may still come):
    // drop it, and do not try the server again before the reconnect interval.
    void lost(const std::string& problem) {
        connection_.reset();
        retry_after_ = steady::now() + options_.reconnect_interval;
        last_failure_ = problem;
        if (fallback_ && !outage_) {
            outage_ = true;
            warn(message(problem) + "; until it answers again, limits are kept in this process only");
        }
    }

    void answered() {
        if (!outage_) return;
        outage_ = false;
        warn("the limit store " + url_ + " answers again; limits are shared through it again");
    }

    void warn(const std::string& text) const {
        if (options_.warning_sink) {
            options_.warning_sink(text);
        } else {
            write_to_standard_error(text);
        }
    }

    const redis_store_options options_;
    const std::string url_;
    std::string password_;                  // from $REGRU_REDIS_PASSWORD; never shown
    std::shared_ptr<limit_store> fallback_;  // fail_open only

    // Everything below is guarded by the mutex: one connection, one command at a time.
    detail::deadline_mutex mutex_;
    std::optional<redis::connection> connection_;
    pid_t connected_in_ = 0;  // the process that made the connection
    steady::time_point retry_after_{};
    std::string last_failure_;
    bool outage_ = false;  // fail_open: the fallback is in use, and the warning was given
    script take_{redis::scripts::take, {}}, block_{redis::scripts::block, {}}, lock_{redis::scripts::lock, {}},
        release_{redis::scripts::release, {}};
};

}  // namespace

std::shared_ptr<limit_store> make_redis_store(redis_store_options options) {
    check(options);
    return std::make_shared<redis_store>(std::move(options));
}

}  // namespace regru::api
