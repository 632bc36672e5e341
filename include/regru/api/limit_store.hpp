// Where the rate limiter keeps its counts and the balance locks: in this process (memory), in a
// file shared by the processes of one host, or in Redis shared by hosts (regru::redis_limits).
//
// Every store counts the same way: a sliding window per key ("user:test", "ip:api.reg.ru"),
// the times of the permits given in the last `window`, at most `calls` of them. So in no
// stretch of time `window` long are more than `calls` permits given, and under saturating
// demand every one of them is used. Times are wall-clock milliseconds, the one clock that
// processes and hosts share (hosts sharing Redis need synchronised clocks: NTP).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace regru::api {

using wall_clock = std::chrono::system_clock;
using wall_time = std::chrono::time_point<wall_clock, std::chrono::milliseconds>;
using steady_deadline = std::chrono::steady_clock::time_point;

inline wall_time wall_now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(wall_clock::now()); }

// At most `calls` calls in any `window`. REG.API allows 1200 an hour per user and per IP.
struct rate {
    std::uint32_t calls = 1200;
    std::chrono::milliseconds window{3'600'000};

    friend bool operator==(const rate&, const rate&) = default;
};

// "N/SECONDS" (1200/3600, 10/2.5) -> a rate. Throws usage_error saying what is wrong.
rate parse_rate(std::string_view text);

// The names limits are counted under, by every store, the client's and the mock server's: one
// key per account, one per IP address (or endpoint host).
inline std::string user_limit_key(std::string_view username) { return "user:" + std::string(username); }
inline std::string ip_limit_key(std::string_view address) { return "ip:" + std::string(address); }
inline bool is_user_limit_key(std::string_view key) { return key.starts_with("user:"); }

// One counted key and its limit.
struct limit_key {
    std::string name{};  // "user:test", "ip:api.reg.ru"
    rate limit{};
};

// A store's answer to a request for permits.
struct admission {
    bool granted = false;
    // When refused: the shortest wait after which every key might give a permit again.
    std::chrono::milliseconds retry_in{0};
    // When refused: the key that is full, and whether it is blocked (learned from the service)
    // rather than full.
    std::string refused_key{};
    bool blocked = false;
};

// A store's answer to a request for an account's balance lock.
struct lock_attempt {
    bool held = false;
    std::string token{};                    // when held: what release() needs
    std::chrono::milliseconds retry_in{0};  // when not: when to ask again
};

// A store that cannot do its work now: Redis away or too slow, a file that cannot be written.
// The rate limiter turns it into a client-side outcome (or falls back), never lets it out.
class limit_store_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The interface every store implements. Thread-safe. `deadline` bounds any waiting the store
// does (for a file lock, for Redis); past it the store throws limit_store_error.
class limit_store {
public:
    virtual ~limit_store() = default;

    // One permit from every key at `now`: all of them, or none when any key is full or blocked.
    // Atomic for every user of the store.
    virtual admission take(std::span<const limit_key> keys, wall_time now, steady_deadline deadline) = 0;

    // No permits from `key` before `until` (the service said its limit was reached). A block
    // never shortens one already in place.
    virtual void block(std::string_view key, wall_time until, steady_deadline deadline) = 0;

    // The balance lock of `account`, for calls that may move money: one holder at a time, until
    // it releases the lock or `expiry` after `now` passes (whichever comes first), so a holder
    // that dies cannot keep it.
    virtual lock_attempt try_lock(std::string_view account, wall_time now, std::chrono::milliseconds expiry,
                                  steady_deadline deadline) = 0;
    // Releases the lock if `token` still holds it; a lock that expired and was taken by
    // another is left alone.
    virtual void release(std::string_view account, std::string_view token, steady_deadline deadline) = 0;

    // What the store is, for messages: "memory", "file /home/u/.local/state/regru-api/limits".
    virtual std::string describe() const = 0;
};

// In this process only.
std::shared_ptr<limit_store> make_memory_store();

// In a file shared by the processes of this host; made if absent. Throws usage_error when the
// file is not a store of ours, or cannot be made or written.
std::shared_ptr<limit_store> make_file_store(const std::filesystem::path& file);

// $XDG_STATE_HOME/regru-api/limits, else ~/.local/state/regru-api/limits.
std::filesystem::path default_file_store_path();

// A store named as programs name them (a command line, an environment variable): "memory" or
// "file:PATH". Throws usage_error for anything else. <regru/limits/redis_store.hpp> has the
// overload that opens "redis://..." too.
std::shared_ptr<limit_store> open_limit_store(std::string_view spec);

}  // namespace regru::api
