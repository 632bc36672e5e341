// The whole call path with its limits: the retry matrix against the mock REG.API over HTTP
// and HTTPS (every effect against every failure, counting what reached the server), calls the
// service refused before acting, per-call options, a permit per attempt, and one `charges`
// call at a time per account across threads.
#define BOOST_TEST_MODULE retries
#include <boost/test/unit_test.hpp>

#include "support/log_lines.hpp"
#include "support/loopback_server.hpp"
#include "support/mock_endpoint.hpp"
#include "support/test_client.hpp"
#include "support/valid_requests.hpp"

#include <regru/api.hpp>
#include <regru/mocks/capture_transport.hpp>
#include <regru/mocks/mock_server.hpp>

#include <atomic>
#include <future>
#include <thread>

namespace api = regru::api;
namespace mocks = regru::mocks;
using namespace std::chrono_literals;
using regru::testing::log_lines;
using regru::testing::logged;
using regru::testing::options_for;
using regru::testing::shipped;
using regru::testing::limited_client;
using regru::testing::own_limiter;
using regru::testing::quick_retries;
using regru::testing::trusting;
using steady = std::chrono::steady_clock;

namespace {

using limited_capture_client = api::basic_client<mocks::capture_transport, api::json_codec, api::rate_limiter>;

// One method of each effect; the shipped recordings answer each with {}.
struct probe {
    api::effect effect;
    std::string_view path;
};
constexpr probe probes[] = {{api::effect::read, "user/get_balance"},
                            {api::effect::write, "zone/add_alias"},
                            {api::effect::charges, "user/refill_balance"}};

api::method_ref method(std::string_view path) { return *api::find_method(path); }

// A charge test mode lets through to the balance: its required parameters given.
api::params a_refill() { return regru::testing::valid_call("user/refill_balance", {}); }


std::size_t lines_for(const log_lines& log, std::string_view path) {
    return log.with("/api/regru2/" + std::string(path) + " ").size();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(matrix)

// Each failure hits only the first request through its endpoint (first/1/...). A read is tried
// again and succeeds; a write or a charge is sent once and never again.
BOOST_AUTO_TEST_CASE(every_effect_against_every_failure_over_http_and_https) {
    const std::string_view failures[] = {"reset", "close", "lost-answer", "status/500", "status/503", "drip/300", "not-json"};
    for (bool tls : {false, true}) {
        for (const auto& probe : probes) {
            log_lines log;
            auto server_options = logged(log);
            server_options.tls = tls;
            mocks::mock_server server(shipped(), server_options);  // fresh first/1 counters per probe
            auto transport = tls ? trusting(server) : api::poco_transport_options{};
            transport.deadline = 1000ms;  // drip/300 passes it
            limited_client client(quick_retries(options_for(server.endpoint())), api::poco_transport(transport),
                                  {}, own_limiter());
            for (auto failure : failures) {
                BOOST_TEST_CONTEXT((tls ? "https " : "http ") << probe.path << " after " << failure) {
                    client.set_endpoint(server.fault_endpoint("first/1/" + std::string(failure)));
                    auto seen_before = lines_for(log, probe.path);
                    auto answer = client.invoke(method(probe.path), regru::testing::valid_call(probe.path, {}));
                    auto seen = lines_for(log, probe.path) - seen_before;
                    if (probe.effect == api::effect::read) {
                        BOOST_TEST(answer.is_success(), answer.error_text());
                        BOOST_TEST(answer.attempts() == 2u);
                        BOOST_TEST(seen == 2u);
                    } else {
                        BOOST_TEST(!answer.is_success());
                        BOOST_TEST(answer.attempts() == 1u);
                        BOOST_TEST((answer.why_stopped() == api::stop_reason::unsafe_to_repeat));
                        BOOST_TEST(seen == 1u);  // with lost-answer too: handled once, never again
                    }
                }
            }
        }
    }
}

// Nothing was sent, so any method may be sent again, up to its attempts.
BOOST_AUTO_TEST_CASE(calls_that_were_not_sent_are_retried_whatever_their_effect) {
    for (const auto& probe : probes) {
        BOOST_TEST_CONTEXT(probe.path) {
            limited_client client(quick_retries(options_for(regru::testing::closed_endpoint())), api::poco_transport(), {},
                                  own_limiter());
            auto answer = client.invoke(method(probe.path));
            BOOST_TEST((answer.failure() == api::transport_failure::connect));
            BOOST_TEST(answer.attempts() == 3u);
            BOOST_TEST((answer.why_stopped() == api::stop_reason::out_of_attempts));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(refused_before_acting)

// Another client (not sharing this one's store) holds the balance: BILLING_LOCK, a pause, and
// the charge goes through once the other is done.
BOOST_AUTO_TEST_CASE(a_charge_refused_with_billing_lock_is_sent_again_after_a_pause) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, {}, 600ms));
    auto opts = options_for(server.endpoint());
    opts.retry.initial_backoff = 200ms;
    opts.retry.max_attempts = 8;
    limited_client first(opts, api::poco_transport(), {}, own_limiter()), second(opts, api::poco_transport(), {}, own_limiter());
    auto first_call = std::async(std::launch::async, [&] { return first.user().refill_balance(a_refill()); });
    BOOST_TEST_REQUIRE(log.wait_for("user/refill_balance 200 success"));
    auto answer = second.user().refill_balance(a_refill());
    BOOST_TEST(first_call.get().is_success());
    BOOST_TEST(answer.is_success(), answer.error_code());
    BOOST_TEST(answer.attempts() >= 2u);
    BOOST_TEST(log.with("user/refill_balance 200 BILLING_LOCK").size() == answer.attempts() - 1);
    BOOST_TEST(log.with("user/refill_balance 200 success").size() == 2u);
}

// The service's own rate limit: its answer blocks the key in the store for the window, so
// another client sharing the store holds back too, and a call that may wait gets through once
// the window is over.
BOOST_AUTO_TEST_CASE(a_call_over_the_services_rate_teaches_the_store_to_wait_out_the_window) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, api::rate{3, 1000ms}));
    auto store = api::make_memory_store();
    // This side thinks it may make 100 calls a second: only the service knows better.
    api::rate_limit_options limits{.per_user = api::rate{100, 1000ms}, .per_ip = std::nullopt, .store = store};
    limited_client client(options_for(server.endpoint()), api::poco_transport(), {}, api::rate_limiter(limits));
    limited_client neighbour(options_for(server.endpoint()), api::poco_transport(), {}, api::rate_limiter(limits));
    for (int i = 0; i < 3; ++i) BOOST_TEST(client.nop().is_success());

    auto refused = client.nop({}, {.on_limit = api::when_limited::fail});
    BOOST_TEST(refused.error_code() == "ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE");
    BOOST_TEST(refused.attempts() == 1u);
    BOOST_TEST((refused.why_stopped() == api::stop_reason::limited));  // a retry would have had to wait

    auto held = neighbour.nop({}, {.on_limit = api::when_limited::fail});
    BOOST_TEST((held.kind() == api::outcome::limited));
    BOOST_TEST(held.error_text().find("user:test is blocked: the service answered that its limit was reached") !=
                   std::string_view::npos,
               held.error_text());
    BOOST_TEST(held.retry_after()->count() > 500);

    auto started = steady::now();
    auto waited = neighbour.nop();
    BOOST_TEST(waited.is_success(), waited.error_code());
    BOOST_TEST(waited.attempts() == 1u);
    BOOST_TEST((steady::now() - started >= 400ms));
    BOOST_TEST(log.with("ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE").size() == 1u);
    BOOST_TEST(log.all().size() == 5u);  // three, the refused one, and the one that waited
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(permits)

BOOST_AUTO_TEST_CASE(each_attempt_takes_its_own_permit) {
    auto transport = mocks::capture_transport();
    transport.queue(api::http_response::failed(api::transport_failure::io, "reset"));
    limited_capture_client client(quick_retries(regru::testing::test_options()), transport, {},
                                  own_limiter({.per_user = api::rate{2, 3'600'000ms}}));
    auto answer = client.nop();
    BOOST_TEST(answer.is_success());
    BOOST_TEST(answer.attempts() == 2u);
    BOOST_TEST(transport.count() == 2u);
    auto held = client.nop({}, {.on_limit = api::when_limited::fail});  // both permits went to the attempts
    BOOST_TEST((held.kind() == api::outcome::limited));
    BOOST_TEST(held.attempts() == 0u);
    BOOST_TEST(held.retry_after()->count() > 3'590'000);
    BOOST_TEST(transport.count() == 2u);  // nothing sent
}

BOOST_AUTO_TEST_CASE(waiting_for_a_permit_is_bounded_by_the_calls_deadline) {
    auto transport = mocks::capture_transport();
    limited_capture_client client(regru::testing::test_options(), transport, {},
                                  own_limiter({.per_user = api::rate{1, 3'600'000ms}}));
    BOOST_TEST(client.nop().is_success());
    auto started = steady::now();
    auto held = client.nop({}, {.deadline = 200ms});
    BOOST_TEST((steady::now() - started < 100ms));  // no use waiting for a permit that comes too late
    BOOST_TEST((held.kind() == api::outcome::limited));
    BOOST_TEST((held.why_stopped() == api::stop_reason::out_of_time));
    BOOST_TEST(held.error_text().find("after the call's deadline (nothing was sent)") != std::string_view::npos);
    BOOST_TEST(transport.count() == 1u);
}

BOOST_AUTO_TEST_CASE(a_permit_that_comes_within_the_deadline_is_waited_for) {
    auto transport = mocks::capture_transport();
    limited_capture_client client(regru::testing::test_options(), transport, {},
                                  own_limiter({.per_user = api::rate{1, 300ms}}));
    BOOST_TEST(client.nop().is_success());
    auto started = steady::now();
    BOOST_TEST(client.nop().is_success());
    BOOST_TEST((steady::now() - started >= 250ms));
    BOOST_TEST(transport.count() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(per_call_options)

BOOST_AUTO_TEST_CASE(a_call_may_carry_its_own_account_and_lang_without_touching_the_client) {
    auto client = regru::testing::make_client();
    client.nop({}, {.username = "reseller-7", .password = "s3cret", .lang = "ru"});
    auto sent = client.transport().last();
    BOOST_TEST(*sent.field("username") == "reseller-7");
    BOOST_TEST(*sent.field("password") == "s3cret");
    BOOST_TEST(*sent.field("lang") == "ru");
    BOOST_TEST(client.options().username == "test");
    client.nop();
    sent = client.transport().last();
    BOOST_TEST(*sent.field("username") == "test");
    BOOST_TEST(*sent.field("password") == "test");
    BOOST_TEST(!sent.field("lang").has_value());
}

BOOST_AUTO_TEST_CASE(bad_per_call_values_are_refused_before_anything_is_sent) {
    auto client = regru::testing::make_client();
    BOOST_CHECK_THROW(client.nop({}, {.username = ""}), api::usage_error);
    BOOST_CHECK_THROW(client.nop({}, {.password = ""}), api::usage_error);
    BOOST_CHECK_THROW(client.nop({}, {.lang = "de"}), api::usage_error);
    BOOST_CHECK_THROW(client.nop({}, {.deadline = 0ms}), api::usage_error);
    BOOST_CHECK_THROW(client.nop({}, {.max_attempts = 0}), api::usage_error);
    BOOST_TEST(client.transport().count() == 0u);
}

BOOST_AUTO_TEST_CASE(per_call_attempts_override_the_clients) {
    auto transport = mocks::capture_transport();
    for (int i = 0; i < 5; ++i) transport.queue(api::http_response::failed(api::transport_failure::io, "reset"));
    auto client = api::basic_client<mocks::capture_transport, api::json_codec>(quick_retries(regru::testing::test_options()), transport);
    auto once = client.nop({}, {.max_attempts = 1});
    BOOST_TEST(once.attempts() == 1u);
    BOOST_TEST((once.why_stopped() == api::stop_reason::out_of_attempts));
    BOOST_TEST(transport.count() == 1u);
    BOOST_TEST(client.nop().attempts() == 3u);  // the client's own: three
    BOOST_TEST(transport.count() == 4u);
}

// One client serving many accounts from many threads: each request carries its own call's
// credentials, and each account is counted on its own key.
BOOST_AUTO_TEST_CASE(threads_calling_as_different_accounts_never_mix_them) {
    auto transport = mocks::capture_transport();
    auto store = api::make_memory_store();
    limited_capture_client client(regru::testing::test_options(), transport, {},
                                  api::rate_limiter({.per_user = api::rate{50, 3'600'000ms}, .per_ip = std::nullopt, .store = store}));
    std::vector<std::thread> workers;
    std::atomic<int> limited{0};
    for (int t = 0; t < 4; ++t) {
        workers.emplace_back([&, t] {
            std::string account = "reseller-" + std::to_string(t);
            for (int i = 0; i < 60; ++i) {
                auto answer = client.domain().nop({{"thread", t}}, {.username = account, .password = "pw-" + account,
                                                                    .on_limit = api::when_limited::fail});
                if (answer.kind() == api::outcome::limited) ++limited;
            }
        });
    }
    for (auto& worker : workers) worker.join();
    auto sent = transport.requests();
    BOOST_TEST(sent.size() == 4u * 50u);  // 50 per account, the other 10 each held back
    BOOST_TEST(limited == 4 * 10);
    for (const auto& request : sent) {
        std::string account = "reseller-" + std::to_string(request.input_data().at("thread").as_int64());
        BOOST_TEST(*request.field("username") == account);
        BOOST_TEST(*request.field("password") == "pw-" + account);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(balance)

// Eight threads making charges for one account against a service that takes 50 ms over each:
// serialised, none is refused; without serialisation some are, which shows the mock detects it.
BOOST_AUTO_TEST_CASE(eight_threads_of_charges_for_one_account_never_overlap) {
    log_lines log;
    mocks::mock_server server(shipped(), logged(log, {}, 50ms));
    auto opts = options_for(server.endpoint());
    opts.retry.max_attempts = 1;  // a BILLING_LOCK must show, not be retried away
    for (bool serialise : {true, false}) {
        BOOST_TEST_CONTEXT((serialise ? "serialised" : "not serialised")) {
            limited_client client(opts, api::poco_transport(), {}, own_limiter({.serialise_charges = serialise}));
            auto before = log.with("BILLING_LOCK").size();
            std::atomic<int> refused{0};
            std::vector<std::thread> workers;
            for (int t = 0; t < 8; ++t) {
                workers.emplace_back([&] {
                    for (int i = 0; i < 4; ++i) {
                        if (client.user().refill_balance(a_refill()).error_code() == "BILLING_LOCK") ++refused;
                    }
                });
            }
            for (auto& worker : workers) worker.join();
            auto locks = log.with("BILLING_LOCK").size() - before;
            BOOST_TEST(locks == static_cast<std::size_t>(refused.load()));
            if (serialise) {
                BOOST_TEST(refused == 0);
            } else {
                BOOST_TEST(refused > 0);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
