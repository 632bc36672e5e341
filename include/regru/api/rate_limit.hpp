// The RateLimiter policy: asked for a permit before every attempt, told what the service
// answered after it. REG.API allows 1200 calls an hour per user and per IP, both at once, and
// refuses a call that touches the balance while another one does (BILLING_LOCK).
//
//   no_rate_limit   gives every permit at once: for tests and for callers that limit elsewhere
//   rate_limiter    the limits, counted in a limit_store (limit_store.hpp): in this process,
//                   in a file shared by the processes of a host, or in Redis shared by hosts;
//                   and one `charges` call at a time per account
//
// A limiter decides and does not wait: it answers "granted", "wait this long" or "refused";
// the call path does the waiting, within the call's deadline (see docs/limits.md).
#pragma once

#include <regru/api/limit_store.hpp>
#include <regru/api/method.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace regru::api {

class response;

// What REG.API answers when a limit is reached: a rate for the account or for the address, and
// a call that touches the balance while another one for the account does.
inline constexpr std::string_view account_rate_code = "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE";
inline constexpr std::string_view ip_rate_code = "IP_EXCEEDED_ALLOWED_CONNECTION_RATE";
inline constexpr std::string_view billing_lock_code = "BILLING_LOCK";

// What a limiter knows of the call it is asked about.
struct call_context {
    method_ref method{};                                // with its effect
    std::string_view username{};                        // the account the call is made as
    std::string_view host{};                            // the endpoint's host: what the service's per-IP limit sees
    unsigned attempt = 1;                               // 1 for the first attempt
    steady_deadline deadline = steady_deadline::max();  // the call's
};

// What a limiter holds for an attempt (a balance lock, say) until the answer is back; given
// back when destroyed. Empty for most calls.
class permit {
public:
    permit() = default;
    explicit permit(std::function<void()> give_back) : give_back_(std::move(give_back)) {}
    permit(permit&& other) noexcept : give_back_(std::exchange(other.give_back_, nullptr)) {}
    permit& operator=(permit&& other) noexcept {
        if (this != &other) {
            release();
            give_back_ = std::exchange(other.give_back_, nullptr);
        }
        return *this;
    }
    permit(const permit&) = delete;
    permit& operator=(const permit&) = delete;
    ~permit() { release(); }

    void release() noexcept {
        if (auto give_back = std::exchange(give_back_, nullptr)) give_back();
    }

private:
    std::function<void()> give_back_;
};

// A limiter's answer.
struct permit_decision {
    enum class verdict {
        granted,  // send now, holding `held`
        wait,     // no permit before `retry_in`; ask again then
        refused,  // no permit, and waiting will not help (a store failing closed): `why`
    };
    verdict kind = verdict::granted;
    permit held{};
    std::chrono::milliseconds retry_in{0};
    std::string why{};  // for wait and refused: what holds the call, for people

    static permit_decision granted(permit held = {}) { return {verdict::granted, std::move(held), {}, {}}; }
    static permit_decision wait(std::chrono::milliseconds retry_in, std::string why) {
        return {verdict::wait, {}, retry_in, std::move(why)};
    }
    static permit_decision refused(std::string why) { return {verdict::refused, {}, {}, std::move(why)}; }
};

// Every permit at once.
struct no_rate_limit {
    permit_decision acquire(const call_context&) const { return permit_decision::granted(); }
};

struct rate_limit_options {
    // Per account and per IP; both apply at once. nullopt turns a key off.
    std::optional<rate> per_user = rate{};
    std::optional<rate> per_ip = rate{};
    // The name of the IP key; unset: the endpoint's host, one key per host called. Set it to
    // the machine's public address to share one IP budget across endpoints.
    std::optional<std::string> ip_key{};
    // One `charges` call at a time per account, across everyone sharing the store.
    bool serialise_charges = true;
    // Where the counts live; unset: one memory store shared by the whole process.
    std::shared_ptr<limit_store> store{};
    // The wall clock; replaceable for tests.
    std::function<wall_time()> clock{};
    // Where warnings go (a store that fails and falls back); unset: standard error.
    std::function<void(std::string_view)> warning_sink{};
};

class rate_limiter {
public:
    // Throws usage_error when a rate is not usable (no calls, or a window under 1 ms).
    explicit rate_limiter(rate_limit_options options = {});

    permit_decision acquire(const call_context& call) const;

    // Learns from the service: its rate-limit codes block the key they name, in the store,
    // for a whole window, so that every process and host sharing the store stops too.
    void learn(const call_context& call, const response& answer) const;

    const rate_limit_options& options() const noexcept { return *options_; }
    limit_store& store() const noexcept { return *options_->store; }

private:
    std::shared_ptr<const rate_limit_options> options_;  // copies of a limiter share it
};

// The memory store that limiters without a store of their own share: one per process.
std::shared_ptr<limit_store> process_memory_store();

}  // namespace regru::api
