// The client over the network: nop calls through the full client and the Poco transport
// against nginx on loopback (another process, answering a fixed REG.API envelope), with
// keep-alive and with a new connection per call, over HTTP and HTTPS; and, as the floor, a
// bare Poco keep-alive loop that POSTs the same form body with no JSON work. Prints calls
// per second and this process's CPU time per call.
//
//   bench_network [CALLS [ROUNDS [CASE]]]
//     CALLS per case (default 20000, a twentieth for HTTPS with a connection per call), in
//     ROUNDS interleaved rounds (default 5) whose medians are printed; CASE runs one case only
//     (http-bare, http-client, http-client-new, https-bare, https-client, https-client-new),
//     for a profiler. Needs /usr/sbin/nginx (Debian's nginx package).
#include <regru/api.hpp>
#include <regru/mocks/pki.hpp>

#include "fixed_answer.hpp"
#include "measure.hpp"
#include "nginx_server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <csignal>
#include <functional>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace api = regru::api;
namespace fs = std::filesystem;
using regru::bench::measure;
using regru::bench::median;
using regru::bench::nginx_server;

namespace {

api::options test_account(const std::string& endpoint) {
    api::options opts;
    opts.username = "test";
    opts.password = "test";
    opts.endpoint = endpoint;
    return opts;
}

// One way of making calls, set up once and measured in several rounds.
struct bench_case {
    std::string name;
    std::string label;
    std::function<bool()> call;
    std::vector<double> cpu_us, calls_per_second;
};

std::function<bool()> client_calls(const nginx_server& nginx, bool tls, bool keep_alive) {
    api::poco_transport_options transport;
    transport.ca_location = (nginx.folder / "ca.pem").string();
    transport.max_idle_connections = keep_alive ? 1 : 0;
    auto client = std::make_shared<api::client>(test_account(nginx.endpoint(tls)), api::poco_transport(transport));
    return [client] { return client->nop().is_success(); };
}

// The floor: Poco alone, one kept-alive session, the same form body, no JSON work.
std::function<bool()> bare_poco_calls(const nginx_server& nginx, bool tls) {
    std::shared_ptr<Poco::Net::HTTPClientSession> session;
    if (tls) {
        Poco::Net::Context::Params params;
        params.caLocation = (nginx.folder / "ca.pem").string();
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
        params.cipherList = "DEFAULT";
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        session = std::make_shared<Poco::Net::HTTPSClientSession>("127.0.0.1", nginx.https_port, context);
    } else {
        session = std::make_shared<Poco::Net::HTTPClientSession>("127.0.0.1", nginx.http_port);
    }
    session->setKeepAlive(true);
    return [session] {
        static const std::string body = "username=test&password=test&output_format=json&input_format=json&input_data=%7B%7D";
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/regru2/nop", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        request.setKeepAlive(true);
        session->sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::string answer;
        Poco::StreamCopier::copyToString(session->receiveResponse(response), answer);
        return response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK && answer.size() > 2;
    };
}

}  // namespace

int main(int argc, char** argv) {
    long calls = argc > 1 ? std::atol(argv[1]) : 20'000;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    std::string only = argc > 3 ? argv[3] : "";  // one case, for profiling
    try {
        Poco::Net::initializeSSL();  // for the bare loop; the transport does its own
        nginx_server nginx;
        std::vector<bench_case> cases;
        for (bool tls : {false, true}) {
            std::string scheme = tls ? "https" : "http";
            cases.push_back({scheme + "-bare", scheme + ": bare Poco loop, keep-alive", bare_poco_calls(nginx, tls), {}, {}});
            cases.push_back({scheme + "-client", scheme + ": regru-api client, keep-alive", client_calls(nginx, tls, true), {}, {}});
            cases.push_back({scheme + "-client-new", scheme + ": regru-api client, a connection per call",
                             client_calls(nginx, tls, false), {}, {}});
        }
        std::printf("nginx on 127.0.0.1:%u (HTTP) and :%u (HTTPS); %d rounds of %ld calls per case, interleaved\n",
                    nginx.http_port, nginx.https_port, rounds, calls / rounds);
        for (int round = 0; round < rounds; ++round) {
            for (auto& c : cases) {
                if (!only.empty() && c.name != only) continue;
                // A handshake per call costs far more: fewer calls say as much.
                long n = (c.name == "https-client-new" ? calls / 20 : calls) / rounds;
                auto f = measure(c.label.c_str(), n, c.call);
                c.cpu_us.push_back(f.cpu_us_per_call);
                c.calls_per_second.push_back(f.calls_per_second);
            }
        }
        std::printf("\nmedians over %d rounds:\n", rounds);
        for (const auto& c : cases) {
            if (c.cpu_us.empty()) continue;
            std::printf("%-44s %9.0f calls/s  %7.2f us CPU/call\n", c.label.c_str(), median(c.calls_per_second), median(c.cpu_us));
        }
        for (std::size_t i = 0; only.empty() && i + 1 < cases.size(); i += 3) {
            std::printf("%-44s %9.2fx the bare loop's CPU per call\n", (cases[i + 1].label + ":").c_str(),
                        median(cases[i + 1].cpu_us) / median(cases[i].cpu_us));
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_network: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
