// The limits, without the network: rates, the memory store's window, the retry rules, the
// call plan's decisions, the rate limiter, and 30 virtual days of saturating demand.
#define BOOST_TEST_MODULE limits
#include <boost/test/unit_test.hpp>

#include "support/saturating_demand.hpp"
#include "support/windows.hpp"

#include <regru/api/detail/call_plan.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/api/response.hpp>
#include <regru/api/retry.hpp>
#include <regru/mocks/capture_transport.hpp>

#include <boost/json/parse.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <map>

namespace api = regru::api;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using regru::testing::most_in_any_window;

namespace {

const api::wall_time t0{std::chrono::hours(24 * 365 * 50)};
constexpr auto no_deadline = api::steady_deadline::max();

api::limit_key key(std::string name, std::uint32_t calls, milliseconds window) { return {std::move(name), {calls, window}}; }

// A response of the kind a transport or the service would give.
api::response answer(std::string_view body) { return api::response::from_envelope(regru::mocks::http_answer(std::string(body)), boost::json::parse(body)); }
api::response service_error(std::string_view code) {
    return answer(R"({"result":"error","error_code":")" + std::string(code) + R"(","error_text":"x"})");
}
api::response no_answer(api::transport_failure why) { return api::response::from_failure(api::http_response::failed(why, "test")); }
api::response http_status(int status) { return api::response::from_failure(regru::mocks::http_answer("<h1>x</h1>", status)); }

constexpr api::method_ref read_method{"", "nop", "nop", api::access_level::clients, api::effect::read};
constexpr api::method_ref write_method{"zone", "add_alias", "zone/add_alias", api::access_level::clients, api::effect::write};
constexpr api::method_ref charges_method{"domain", "create", "domain/create", api::access_level::clients, api::effect::charges};

}  // namespace

BOOST_AUTO_TEST_SUITE(rates)

BOOST_AUTO_TEST_CASE(parse_rate_reads_calls_per_seconds_and_says_what_is_wrong) {
    BOOST_TEST((api::parse_rate("1200/3600") == api::rate{1200, 3'600'000ms}));
    BOOST_TEST((api::parse_rate("10/2.5") == api::rate{10, 2'500ms}));
    for (std::string_view bad : {"1200", "/3600", "x/1", "0/1", "5/0", "5/-1", "5/", "5/1s", "-5/1", "5/nan", "5/inf"}) {
        BOOST_TEST_CONTEXT(bad) {
            try {
                api::parse_rate(bad);
                BOOST_FAIL("accepted");
            } catch (const api::usage_error& e) {
                BOOST_TEST(std::string(e.what()).find(std::string(bad)) != std::string::npos, e.what());
                BOOST_TEST(std::string(e.what()).find("expected CALLS/SECONDS") != std::string::npos);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(memory_store)

BOOST_AUTO_TEST_CASE(a_key_gives_its_calls_per_window_and_says_when_the_next_comes) {
    auto store = api::make_memory_store();
    api::limit_key keys[] = {key("user:a", 3, 1000ms)};
    BOOST_TEST(store->take(keys, t0, no_deadline).granted);
    BOOST_TEST(store->take(keys, t0 + 100ms, no_deadline).granted);
    BOOST_TEST(store->take(keys, t0 + 200ms, no_deadline).granted);
    auto refused = store->take(keys, t0 + 300ms, no_deadline);
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.retry_in.count() == 700);  // the first permit leaves the window at t0 + 1000
    BOOST_TEST(refused.refused_key == "user:a");
    BOOST_TEST(!refused.blocked);
    BOOST_TEST(!store->take(keys, t0 + 999ms, no_deadline).granted);
    BOOST_TEST(store->take(keys, t0 + 1000ms, no_deadline).granted);
}

BOOST_AUTO_TEST_CASE(several_keys_give_all_or_nothing) {
    auto store = api::make_memory_store();
    api::limit_key user_a[] = {key("user:a", 10, 1000ms)};
    api::limit_key both[] = {key("user:b", 10, 1000ms), key("ip:h", 2, 1000ms)};
    BOOST_TEST(store->take(both, t0, no_deadline).granted);
    BOOST_TEST(store->take(both, t0, no_deadline).granted);
    auto refused = store->take(both, t0 + 10ms, no_deadline);
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.refused_key == "ip:h");
    // user:b gave nothing for the refused take: it still has 8.
    for (int i = 0; i < 8; ++i) BOOST_TEST(store->take(std::span(both, 1), t0 + 20ms, no_deadline).granted);
    BOOST_TEST(!store->take(std::span(both, 1), t0 + 20ms, no_deadline).granted);
    BOOST_TEST(store->take(user_a, t0 + 20ms, no_deadline).granted);  // other keys are their own
}

BOOST_AUTO_TEST_CASE(blocks_hold_a_key_and_are_never_shortened) {
    auto store = api::make_memory_store();
    api::limit_key keys[] = {key("user:a", 100, 1000ms)};
    store->block("user:a", t0 + 5000ms, no_deadline);
    store->block("user:a", t0 + 2000ms, no_deadline);  // shorter: ignored
    auto refused = store->take(keys, t0, no_deadline);
    BOOST_TEST(!refused.granted);
    BOOST_TEST(refused.blocked);
    BOOST_TEST(refused.retry_in.count() == 5000);
    BOOST_TEST(!store->take(keys, t0 + 4999ms, no_deadline).granted);
    BOOST_TEST(store->take(keys, t0 + 5000ms, no_deadline).granted);
}

BOOST_AUTO_TEST_CASE(the_balance_lock_has_one_holder_an_owner_token_and_an_expiry) {
    auto store = api::make_memory_store();
    auto first = store->try_lock("a", t0, 1000ms, no_deadline);
    BOOST_TEST_REQUIRE(first.held);
    auto second = store->try_lock("a", t0 + 100ms, 1000ms, no_deadline);
    BOOST_TEST(!second.held);
    BOOST_TEST(second.retry_in.count() == 900);
    BOOST_TEST(store->try_lock("b", t0, 1000ms, no_deadline).held);  // another account
    store->release("a", "not the token", no_deadline);
    BOOST_TEST(!store->try_lock("a", t0 + 200ms, 1000ms, no_deadline).held);
    store->release("a", first.token, no_deadline);
    auto third = store->try_lock("a", t0 + 300ms, 1000ms, no_deadline);
    BOOST_TEST_REQUIRE(third.held);
    BOOST_TEST(third.token != first.token);
    // A holder that never comes back loses the lock when it expires; its late release is ignored.
    auto fourth = store->try_lock("a", t0 + 1300ms, 1000ms, no_deadline);
    BOOST_TEST_REQUIRE(fourth.held);
    store->release("a", third.token, no_deadline);
    BOOST_TEST(!store->try_lock("a", t0 + 1400ms, 1000ms, no_deadline).held);
}

// A child of fork() inherits the token generator; if it went on from the same state, parent and
// child would hand out the same tokens, and each could release the other's balance lock.
BOOST_AUTO_TEST_CASE(a_forked_child_does_not_repeat_its_parents_lock_tokens) {
    auto store = api::make_memory_store();
    BOOST_TEST_REQUIRE(store->try_lock("warm-up", t0, 1000ms, no_deadline).held);  // the generator is in use
    int ends[2];
    BOOST_TEST_REQUIRE(::pipe(ends) == 0);
    pid_t child = ::fork();
    if (child == 0) {
        auto token = store->try_lock("child", t0, 1000ms, no_deadline).token;
        auto written = ::write(ends[1], token.data(), token.size());
        ::_exit(written == static_cast<ssize_t>(token.size()) ? 0 : 1);
    }
    ::close(ends[1]);
    auto mine = store->try_lock("parent", t0, 1000ms, no_deadline).token;
    char theirs[64] = {};
    auto got = ::read(ends[0], theirs, sizeof theirs - 1);
    ::close(ends[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_TEST_REQUIRE(got == static_cast<ssize_t>(mine.size()));
    BOOST_TEST(std::string(theirs, static_cast<std::size_t>(got)) != mine);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_rules)

BOOST_AUTO_TEST_CASE(failures_are_classified_by_whether_anything_may_have_reached_the_service) {
    using api::attempt_class;
    BOOST_TEST((api::classify(answer(R"({"result":"success"})")) == attempt_class::answered));
    BOOST_TEST((api::classify(service_error("DOMAIN_NOT_FOUND")) == attempt_class::answered));
    BOOST_TEST((api::classify(service_error("BILLING_LOCK")) == attempt_class::refused_before_acting));
    BOOST_TEST((api::classify(service_error("ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE")) == attempt_class::refused_before_acting));
    BOOST_TEST((api::classify(service_error("IP_EXCEEDED_ALLOWED_CONNECTION_RATE")) == attempt_class::refused_before_acting));
    BOOST_TEST((api::classify(no_answer(api::transport_failure::connect)) == attempt_class::not_sent));
    BOOST_TEST((api::classify(no_answer(api::transport_failure::tls)) == attempt_class::not_sent));
    BOOST_TEST((api::classify(no_answer(api::transport_failure::timeout)) == attempt_class::may_have_reached));
    BOOST_TEST((api::classify(no_answer(api::transport_failure::io)) == attempt_class::may_have_reached));
    BOOST_TEST((api::classify(no_answer(api::transport_failure::protocol)) == attempt_class::may_have_reached));
    BOOST_TEST((api::classify(http_status(500)) == attempt_class::may_have_reached));
    BOOST_TEST((api::classify(http_status(503)) == attempt_class::may_have_reached));
    BOOST_TEST((api::classify(http_status(404)) == attempt_class::answered));
    BOOST_TEST((api::classify(answer(R"([1,2])")) == attempt_class::may_have_reached));  // not an envelope
}

BOOST_AUTO_TEST_CASE(only_reads_are_repeated_after_a_failure_that_may_have_reached_the_service) {
    using api::attempt_class;
    using api::effect;
    api::retry_options opts;
    const std::map<std::pair<effect, attempt_class>, bool> table{
        {{effect::read, attempt_class::not_sent}, true},      {{effect::write, attempt_class::not_sent}, true},
        {{effect::charges, attempt_class::not_sent}, true},   {{effect::read, attempt_class::refused_before_acting}, true},
        {{effect::write, attempt_class::refused_before_acting}, true}, {{effect::charges, attempt_class::refused_before_acting}, true},
        {{effect::read, attempt_class::may_have_reached}, true}, {{effect::write, attempt_class::may_have_reached}, false},
        {{effect::charges, attempt_class::may_have_reached}, false}, {{effect::read, attempt_class::answered}, false},
        {{effect::write, attempt_class::answered}, false},    {{effect::charges, attempt_class::answered}, false},
    };
    for (const auto& [when, again] : table) {
        auto verdict = api::decide_retry(when.first, when.second, 1, opts, 60s, 0.5);
        BOOST_TEST(verdict.again == again, api::to_string(when.first) << " " << static_cast<int>(when.second));
        if (when.second == attempt_class::may_have_reached && !again) BOOST_TEST((verdict.why == api::stop_reason::unsafe_to_repeat));
        if (when.second == attempt_class::answered) BOOST_TEST((verdict.why == api::stop_reason::final_answer));
    }
}

BOOST_AUTO_TEST_CASE(attempts_and_time_bound_the_retries_and_pauses_grow_with_jitter) {
    api::retry_options opts;
    opts.max_attempts = 3;
    opts.initial_backoff = 100ms;
    opts.multiplier = 2;
    opts.max_backoff = 300ms;
    auto read = api::effect::read;
    auto lost = api::attempt_class::may_have_reached;
    BOOST_TEST(api::decide_retry(read, lost, 2, opts, 60s, 0).again);
    BOOST_TEST((api::decide_retry(read, lost, 3, opts, 60s, 0).why == api::stop_reason::out_of_attempts));
    BOOST_TEST((api::decide_retry(read, lost, 1, opts, 40ms, 0).why == api::stop_reason::out_of_time));
    BOOST_TEST(api::backoff(opts, 1, 0.0).count() == 50);   // half of 100 ms at the least
    BOOST_TEST(api::backoff(opts, 1, 0.999).count() == 100);
    BOOST_TEST(api::backoff(opts, 2, 0.0).count() == 100);  // 200 ms, halved
    BOOST_TEST(api::backoff(opts, 3, 0.999).count() == 300);  // capped by max_backoff
    BOOST_TEST(api::backoff(opts, 9, 0.999).count() == 300);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(call_plan)

using api::detail::call_plan;
const auto start = std::chrono::steady_clock::time_point(1h);

BOOST_AUTO_TEST_CASE(a_plan_waits_for_a_permit_within_the_deadline_then_sends) {
    call_plan plan(api::effect::read, {}, api::when_limited::wait, start, start + 10s, 1);
    BOOST_TEST((plan.next() == call_plan::step::acquire));
    plan.on_permit_withheld(api::permit_decision::wait(3s, "full"), start);
    BOOST_TEST((plan.next() == call_plan::step::pause));
    BOOST_TEST(plan.pause_length().count() == 3000);
    plan.on_paused();
    plan.on_permit_granted();
    BOOST_TEST((plan.next() == call_plan::step::send));
    BOOST_TEST(plan.attempt() == 1u);
    plan.on_answer(answer(R"({"result":"success"})"), start + 3s);
    BOOST_TEST((plan.next() == call_plan::step::finish));
    auto done = plan.take_response();
    BOOST_TEST(done.is_success());
    BOOST_TEST(done.attempts() == 1u);
    BOOST_TEST((done.why_stopped() == api::stop_reason::final_answer));
}

BOOST_AUTO_TEST_CASE(a_permit_that_would_come_after_the_deadline_ends_the_call_unsent) {
    call_plan plan(api::effect::read, {}, api::when_limited::wait, start, start + 10s, 1);
    plan.on_permit_withheld(api::permit_decision::wait(11s, "user:a has had its 1200 calls of the last 3600 s"), start);
    BOOST_TEST_REQUIRE((plan.next() == call_plan::step::finish));
    auto done = plan.take_response();
    BOOST_TEST((done.kind() == api::outcome::limited));
    BOOST_TEST(done.attempts() == 0u);
    BOOST_TEST((done.why_stopped() == api::stop_reason::out_of_time));
    BOOST_TEST(done.retry_after()->count() == 11000);
    BOOST_TEST(done.error_code() == "API_FAIL");
    BOOST_TEST(done.error_text() == "held back by this side's limits: user:a has had its 1200 calls of the last 3600 s; "
                                    "the next permit comes in 11.0 s, after the call's deadline (nothing was sent)");
    BOOST_TEST(!done.is_service_fail());
}

BOOST_AUTO_TEST_CASE(when_limited_fail_gives_up_at_once_and_says_when) {
    call_plan plan(api::effect::read, {}, api::when_limited::fail, start, start + 10s, 1);
    plan.on_permit_withheld(api::permit_decision::wait(2s, "full"), start);
    auto done = plan.take_response();
    BOOST_TEST((done.kind() == api::outcome::limited));
    BOOST_TEST((done.why_stopped() == api::stop_reason::limited));
    BOOST_TEST(done.retry_after()->count() == 2000);
}

BOOST_AUTO_TEST_CASE(a_store_that_refuses_ends_the_call_unsent_without_a_time) {
    call_plan plan(api::effect::read, {}, api::when_limited::wait, start, start + 10s, 1);
    plan.on_permit_withheld(api::permit_decision::refused("the limit store redis://127.0.0.1:1/0 cannot be reached"), start);
    auto done = plan.take_response();
    BOOST_TEST((done.kind() == api::outcome::limited));
    BOOST_TEST(!done.retry_after().has_value());
    BOOST_TEST(done.error_text().find("cannot be reached") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(a_lost_read_is_tried_again_after_a_pause_and_counts_its_attempts) {
    api::retry_options retry;
    retry.initial_backoff = 100ms;
    call_plan plan(api::effect::read, retry, api::when_limited::wait, start, start + 10s, 7);
    plan.on_permit_granted();
    plan.on_answer(no_answer(api::transport_failure::io), start + 1s);
    BOOST_TEST_REQUIRE((plan.next() == call_plan::step::pause));
    BOOST_TEST(plan.pause_length() >= 50ms);
    BOOST_TEST(plan.pause_length() <= 100ms);
    plan.on_paused();
    BOOST_TEST((plan.next() == call_plan::step::acquire));  // each attempt takes its own permit
    BOOST_TEST(plan.attempt() == 2u);
    plan.on_permit_granted();
    plan.on_answer(answer(R"({"result":"success"})"), start + 2s);
    auto done = plan.take_response();
    BOOST_TEST(done.is_success());
    BOOST_TEST(done.attempts() == 2u);
}

BOOST_AUTO_TEST_CASE(a_lost_charge_is_never_repeated) {
    call_plan plan(api::effect::charges, {}, api::when_limited::wait, start, start + 10s, 1);
    plan.on_permit_granted();
    plan.on_answer(no_answer(api::transport_failure::timeout), start + 1s);
    BOOST_TEST_REQUIRE((plan.next() == call_plan::step::finish));
    auto done = plan.take_response();
    BOOST_TEST((done.failure() == api::transport_failure::timeout));
    BOOST_TEST(done.attempts() == 1u);
    BOOST_TEST((done.why_stopped() == api::stop_reason::unsafe_to_repeat));
}

BOOST_AUTO_TEST_CASE(after_a_service_limit_the_wait_for_the_next_permit_may_end_the_call_with_that_answer) {
    call_plan plan(api::effect::write, {}, api::when_limited::wait, start, start + 10s, 1);
    plan.on_permit_granted();
    plan.on_answer(service_error("ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE"), start);
    BOOST_TEST_REQUIRE((plan.next() == call_plan::step::pause));
    plan.on_paused();
    plan.on_permit_withheld(api::permit_decision::wait(3600s, "user:a is blocked"), start + 1s);  // the limiter learned the block
    auto done = plan.take_response();
    BOOST_TEST(done.error_code() == "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");
    BOOST_TEST(done.attempts() == 1u);
    BOOST_TEST((done.why_stopped() == api::stop_reason::out_of_time));
}

BOOST_AUTO_TEST_CASE(the_retry_budget_ends_the_plan_before_the_deadline) {
    api::retry_options retry;
    retry.budget = 1s;
    retry.initial_backoff = 800ms;
    call_plan plan(api::effect::read, retry, api::when_limited::wait, start, start + 60s, 1);
    plan.on_permit_granted();
    plan.on_answer(http_status(503), start + 500ms);  // 500 ms left; the pause is at least 400 ms
    if (plan.next() == call_plan::step::pause) {
        plan.on_paused();
        plan.on_permit_granted();
        plan.on_answer(http_status(503), start + 960ms);
    }
    BOOST_TEST_REQUIRE((plan.next() == call_plan::step::finish));
    BOOST_TEST((plan.take_response().why_stopped() == api::stop_reason::out_of_time));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(limiter)

api::call_context context(api::method_ref method, std::string_view username = "a", std::string_view host = "api.reg.ru") {
    return {method, username, host, 1, std::chrono::steady_clock::now() + 10s};
}

struct fixed_clock {
    api::wall_time now = t0;
    std::function<api::wall_time()> function() {
        return [this] { return now; };
    }
};

BOOST_AUTO_TEST_CASE(a_user_and_an_ip_key_are_counted_at_once) {
    fixed_clock clock;
    api::rate_limiter limiter({.per_user = api::rate{2, 1000ms}, .per_ip = api::rate{3, 1000ms},
                               .store = api::make_memory_store(), .clock = clock.function()});
    BOOST_TEST((limiter.acquire(context(read_method, "a")).kind == api::permit_decision::verdict::granted));
    BOOST_TEST((limiter.acquire(context(read_method, "a")).kind == api::permit_decision::verdict::granted));
    auto user_full = limiter.acquire(context(read_method, "a"));
    BOOST_TEST((user_full.kind == api::permit_decision::verdict::wait));
    BOOST_TEST(user_full.why == "user:a has had its 2 calls of the last 1 s");
    BOOST_TEST((limiter.acquire(context(read_method, "b")).kind == api::permit_decision::verdict::granted));
    auto ip_full = limiter.acquire(context(read_method, "c"));
    BOOST_TEST(ip_full.why == "ip:api.reg.ru has had its 3 calls of the last 1 s");
    BOOST_TEST((limiter.acquire(context(read_method, "c", "other.host")).kind == api::permit_decision::verdict::granted));
    clock.now += 1000ms;
    BOOST_TEST((limiter.acquire(context(read_method, "a")).kind == api::permit_decision::verdict::granted));
}

BOOST_AUTO_TEST_CASE(keys_can_be_turned_off_and_the_ip_key_named) {
    fixed_clock clock;
    api::rate_limiter limiter({.per_user = std::nullopt, .per_ip = api::rate{2, 1000ms}, .ip_key = "203.0.113.7",
                               .store = api::make_memory_store(), .clock = clock.function()});
    BOOST_TEST((limiter.acquire(context(read_method, "a", "one.host")).kind == api::permit_decision::verdict::granted));
    BOOST_TEST((limiter.acquire(context(read_method, "b", "two.host")).kind == api::permit_decision::verdict::granted));
    BOOST_TEST(limiter.acquire(context(read_method, "c", "three.host")).why == "ip:203.0.113.7 has had its 2 calls of the last 1 s");
    BOOST_CHECK_THROW(api::rate_limiter({.per_user = api::rate{0, 1000ms}}), api::usage_error);
}

BOOST_AUTO_TEST_CASE(a_charges_call_holds_the_balance_lock_of_its_account_until_its_permit_goes) {
    fixed_clock clock;
    api::rate_limiter limiter({.store = api::make_memory_store(), .clock = clock.function()});
    auto first = limiter.acquire(context(charges_method, "a"));
    BOOST_TEST_REQUIRE((first.kind == api::permit_decision::verdict::granted));
    auto second = limiter.acquire(context(charges_method, "a"));
    BOOST_TEST((second.kind == api::permit_decision::verdict::wait));
    BOOST_TEST(second.why == "another call that may move money holds the balance lock of a");
    BOOST_TEST((limiter.acquire(context(charges_method, "b")).kind == api::permit_decision::verdict::granted));
    BOOST_TEST((limiter.acquire(context(write_method, "a")).kind == api::permit_decision::verdict::granted));
    first.held.release();
    BOOST_TEST((limiter.acquire(context(charges_method, "a")).kind == api::permit_decision::verdict::granted));
}

BOOST_AUTO_TEST_CASE(a_balance_lock_taken_when_the_rate_is_full_is_given_back_at_once) {
    fixed_clock clock;
    api::rate_limiter limiter({.per_user = api::rate{1, 1000ms}, .store = api::make_memory_store(), .clock = clock.function()});
    BOOST_TEST((limiter.acquire(context(read_method, "a")).kind == api::permit_decision::verdict::granted));
    auto full = limiter.acquire(context(charges_method, "a"));
    BOOST_TEST((full.kind == api::permit_decision::verdict::wait));
    BOOST_TEST(full.why.find("user:a has had") == 0u);
    clock.now += 1000ms;
    BOOST_TEST((limiter.acquire(context(charges_method, "a")).kind == api::permit_decision::verdict::granted));
}

BOOST_AUTO_TEST_CASE(the_services_rate_codes_block_the_key_they_name_for_a_window) {
    fixed_clock clock;
    auto store = api::make_memory_store();
    api::rate_limiter limiter({.per_user = api::rate{100, 60'000ms}, .per_ip = api::rate{100, 30'000ms}, .store = store,
                               .clock = clock.function()});
    limiter.learn(context(read_method, "a"), service_error("ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE"));
    auto blocked = limiter.acquire(context(read_method, "a"));
    BOOST_TEST((blocked.kind == api::permit_decision::verdict::wait));
    BOOST_TEST(blocked.retry_in.count() == 60'000);
    BOOST_TEST(blocked.why == "user:a is blocked: the service answered that its limit was reached");
    BOOST_TEST((limiter.acquire(context(read_method, "b")).kind == api::permit_decision::verdict::granted));
    // A second limiter on the same store (another client, another thread) is held too.
    api::rate_limiter other({.store = store, .clock = clock.function()});
    BOOST_TEST((other.acquire(context(read_method, "a")).kind == api::permit_decision::verdict::wait));
    limiter.learn(context(read_method, "b"), service_error("IP_EXCEEDED_ALLOWED_CONNECTION_RATE"));
    BOOST_TEST(limiter.acquire(context(read_method, "c")).retry_in.count() == 30'000);
    limiter.learn(context(read_method, "d", "x.host"), service_error("DOMAIN_NOT_FOUND"));
    BOOST_TEST((limiter.acquire(context(read_method, "d", "x.host")).kind == api::permit_decision::verdict::granted));
}

// A store that cannot be used: the limiter refuses (fail closed), never throws.
struct broken_store final : api::limit_store {
    api::admission take(std::span<const api::limit_key>, api::wall_time, api::steady_deadline) override {
        throw api::limit_store_error("the limit store test cannot be reached");
    }
    void block(std::string_view, api::wall_time, api::steady_deadline) override { throw api::limit_store_error("down"); }
    api::lock_attempt try_lock(std::string_view, api::wall_time, milliseconds, api::steady_deadline) override {
        throw api::limit_store_error("down");
    }
    void release(std::string_view, std::string_view, api::steady_deadline) override {}
    std::string describe() const override { return "broken"; }
};

BOOST_AUTO_TEST_CASE(a_store_failure_is_a_refusal_and_a_warning_never_an_exception) {
    std::vector<std::string> warnings;
    api::rate_limiter limiter({.store = std::make_shared<broken_store>(),
                               .warning_sink = [&](std::string_view line) { warnings.emplace_back(line); }});
    auto refused = limiter.acquire(context(read_method));
    BOOST_TEST((refused.kind == api::permit_decision::verdict::refused));
    BOOST_TEST(refused.why == "the limit store test cannot be reached");
    limiter.learn(context(read_method), service_error("ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE"));
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] == "could not record that the service limited user:a: down");
}

// 16 threads of saturating demand for 30 virtual days at REG.API's limits, four accounts behind
// one IP (support/saturating_demand.hpp; bench_limits runs the same): never more than the limit
// in any window of any key, and at least 99% of the allowed calls made.
BOOST_AUTO_TEST_CASE(thirty_virtual_days_of_saturating_demand_use_the_budget_and_never_exceed_it) {
    const regru::testing::saturating_demand demand;  // 16 threads, 4 accounts, 30 days, 1200/3600 s
    auto outcome = regru::testing::run_saturating_demand(demand, api::make_memory_store(), t0);
    BOOST_TEST_REQUIRE(outcome.granted.size() == 5u);  // four users and the IP
    for (const auto& [name, times] : outcome.granted) {
        BOOST_TEST(most_in_any_window(times, demand.limit.window) <= demand.limit.calls, name);
    }
    BOOST_TEST_MESSAGE("simulation: " << outcome.used() << " calls of " << outcome.allowed << " allowed in "
                                      << demand.days << " virtual days: " << 100.0 * outcome.utilisation() << "%");
    BOOST_TEST(outcome.used() <= outcome.allowed);
    BOOST_TEST(outcome.utilisation() >= 0.99);
}

BOOST_AUTO_TEST_SUITE_END()
