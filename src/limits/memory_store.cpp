// The store of one process: the windows and locks in maps, behind a mutex.
#include "window.hpp"

#include <map>
#include <mutex>

namespace regru::api {
namespace {

class memory_store final : public limit_store {
public:
    admission take(std::span<const limit_key> keys, wall_time now, steady_deadline) override {
        std::lock_guard lock(mutex_);
        auto verdict = detail::admit(keys, now, [&](const std::string& name) -> detail::window_log& { return logs_[name]; });
        if (++takes_ % sweep_every == 0) sweep(now);
        return verdict;
    }

    void block(std::string_view key, wall_time until, steady_deadline) override {
        std::lock_guard lock(mutex_);
        auto& log = logs_[std::string(key)];
        log.blocked_until = std::max(log.blocked_until, until);
    }

    lock_attempt try_lock(std::string_view account, wall_time now, std::chrono::milliseconds expiry,
                          steady_deadline) override {
        std::lock_guard lock(mutex_);
        auto [record, made] = locks_.try_emplace(std::string(account));
        if (!made && record->second.expires > now) return {false, {}, record->second.expires - now};
        record->second = {detail::new_lock_token(), now + expiry};
        return {true, record->second.token, {}};
    }

    void release(std::string_view account, std::string_view token, steady_deadline) override {
        std::lock_guard lock(mutex_);
        auto record = locks_.find(account);
        if (record != locks_.end() && record->second.token == token) locks_.erase(record);
    }

    std::string describe() const override { return "memory"; }

private:
    // Keys of accounts that stopped calling are dropped now and then, so that a process that
    // serves many accounts does not grow without end.
    static constexpr std::uint64_t sweep_every = 4096;

    void sweep(wall_time now) {
        for (auto entry = logs_.begin(); entry != logs_.end();) {
            entry->second.forget_old(now);
            entry = entry->second.idle(now) ? logs_.erase(entry) : std::next(entry);
        }
        std::erase_if(locks_, [&](const auto& entry) { return entry.second.expires <= now; });
    }

    std::mutex mutex_;
    std::map<std::string, detail::window_log, std::less<>> logs_;
    std::map<std::string, detail::lock_record, std::less<>> locks_;
    std::uint64_t takes_ = 0;
};

}  // namespace

std::shared_ptr<limit_store> make_memory_store() { return std::make_shared<memory_store>(); }

}  // namespace regru::api
