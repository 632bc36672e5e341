// Many threads on one client against the mock REG.API: every answer belongs to its own call,
// nothing is lost, nothing fails. Also built with ThreadSanitizer (the tsan preset).
#define BOOST_TEST_MODULE load
#include <boost/test/unit_test.hpp>

#include "support/test_client.hpp"

#include <regru/api.hpp>
#include <regru/mocks/mock_server.hpp>

#include <atomic>
#include <thread>

namespace api = regru::api;
namespace mocks = regru::mocks;

namespace {

// 4000 calls: more than REG.API's hourly budget, so no client-side limit here.
using unlimited_client = api::basic_client<api::poco_transport, api::json_codec, api::no_rate_limit>;

constexpr int threads = 8;
constexpr int calls_per_thread = 500;

}  // namespace

BOOST_AUTO_TEST_CASE(eight_threads_share_one_client) {
    for (bool tls : {false, true}) {
        mocks::mock_server_options server_options;
        server_options.tls = tls;
        mocks::mock_server server(mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR), server_options);
        api::poco_transport_options transport;
        if (tls) transport.ca_location = server.ca_certificate().string();
        auto opts = regru::testing::test_options();
        opts.endpoint = server.endpoint();
        unlimited_client client(opts, api::poco_transport(transport));

        std::atomic<int> succeeded{0}, mismatched{0}, failed{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (int i = 0; i < calls_per_thread; ++i) {
                    std::string id = std::to_string(t) + "-" + std::to_string(i);
                    // The mock echoes the parameters with show_input_params, as the service does.
                    auto answer = client.domain().nop({{"show_input_params", 1}, {"call", id}});
                    if (!answer.is_success()) {
                        ++failed;
                    } else if (answer.envelope().at("input_params").at("call") != boost::json::value(id)) {
                        ++mismatched;
                    } else {
                        ++succeeded;
                    }
                }
            });
        }
        for (auto& worker : workers) worker.join();
        std::string scheme = tls ? "https" : "http";
        BOOST_TEST_CONTEXT(scheme) {
            BOOST_TEST(failed == 0);
            BOOST_TEST(mismatched == 0);
            BOOST_TEST(succeeded == threads * calls_per_thread);
            BOOST_TEST(server.requests() == static_cast<std::uint64_t>(threads * calls_per_thread));
            auto stats = client.transport().stats();
            BOOST_TEST(stats.opened + stats.reused == static_cast<std::uint64_t>(threads * calls_per_thread));
            BOOST_TEST(stats.opened <= 2u * threads);  // connections are shared, not made per call
        }
    }
}
