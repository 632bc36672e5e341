// The limit store shared by hosts: counts, blocks and balance locks in Redis, so that workers
// on several machines stay under REG.API's limits together. Its own library
// (regru::redis_limits), so that the core does not depend on hiredis.
//
// Every take is one Lua script, one round trip, atomic over all its keys, counting exactly as
// the in-process stores do. No operation waits past its deadline nor past the connect and
// command timeouts. When Redis cannot be reached the store either refuses to count
// (fail_closed: limit_store_error) or keeps counting in this process alone until Redis answers
// again (fail_open). See docs/limits.md.
#pragma once

#include <regru/api/limit_store.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace regru::api {

enum class store_failure_mode {
    fail_closed,  // no Redis, no permits: operations throw limit_store_error
    fail_open,    // no Redis: count in this process only (with a warning) until it is back
};

struct redis_store_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    int database = 0;
    // Put before every key the store writes ("regru-api:window:user:test"), so that one Redis
    // can serve other programs, or several independent sets of limits.
    std::string key_prefix = "regru-api:";

    // Each connect and each command waits at most this long, and never past the operation's
    // deadline. A command that fails or times out drops the connection (its state is unknown).
    std::chrono::milliseconds connect_timeout{1000};
    std::chrono::milliseconds command_timeout{500};

    store_failure_mode on_failure = store_failure_mode::fail_closed;
    // After a failure, the server is not tried again before this much time has passed: a dead
    // server costs the callers one failed connect per interval, not one per operation.
    std::chrono::milliseconds reconnect_interval{1000};

    // Where warnings go (fail_open: Redis lost, Redis back); unset: standard error. Called
    // while the store is locked: it must not call the store.
    std::function<void(std::string_view)> warning_sink{};
};

// "redis://HOST[:PORT][/DB]" -> options (the other fields at their defaults). HOST is a name, an
// IPv4 address or an IPv6 address in brackets ("redis://[::1]:6380/2"); PORT defaults to 6379,
// DB to 0. A password does not belong in the URL: the store reads it from the environment
// variable REGRU_REDIS_PASSWORD. Throws usage_error saying what is wrong.
redis_store_options parse_redis_url(std::string_view url);

// The URL of the options' server: "redis://127.0.0.1:6379/0" (what describe() says).
std::string redis_url(const redis_store_options& options);

// Connects at once (and authenticates with $REGRU_REDIS_PASSWORD when it is set). Throws
// usage_error when the options are not usable, and, with fail_closed, when the server cannot be
// reached or refuses us: a client that cannot count must send nothing. With fail_open an
// unreachable server gives a warning and a store that counts in this process until it answers.
std::shared_ptr<limit_store> make_redis_store(redis_store_options options);

// open_limit_store (limit_store.hpp) that also opens "redis://HOST[:PORT][/DB]", failing as
// `on_failure` says. Throws usage_error for a spec that names no store, saying what may.
std::shared_ptr<limit_store> open_limit_store(std::string_view spec, store_failure_mode on_failure);

}  // namespace regru::api
