// The mock REG.API server beside nginx, on the same requests: 8 clients, each on its own
// kept-alive connection, POST REG.API's nop form as fast as the server answers. nginx answers a
// fixed nop envelope; regru-mock-server (a process of its own, --quiet) answers from the shipped
// recordings, with everything a call costs it: form and JSON parsing, the credentials, the
// matching, the answer. Prints requests per second and each server's CPU per request (its
// process's user + system time, from /proc). The two servers take turns, round after round.
//
//   bench_mock_server [SECONDS [ROUNDS]]     default 3 s per server per round, 5 rounds
// Needs /usr/sbin/nginx (Debian's nginx package).
#include "measure.hpp"
#include "nginx_server.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace bench = regru::bench;
using namespace std::chrono_literals;

namespace {

constexpr int clients = 8;
constexpr std::string_view nop_form = "username=test&password=test&output_format=json&input_format=json&input_data=%7B%7D";

// The process's CPU time so far (user + system), from /proc/PID/stat, in seconds.
double process_cpu_seconds(long pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    // Fields after the command name, which is in parentheses and may hold spaces.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int index = 3; rest >> field; ++index) {
        if (index == 14) utime = std::stod(field);
        if (index == 15) {
            stime = std::stod(field);
            break;
        }
    }
    return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// regru-mock-server as a process of its own, on a free port.
class mock_server_process {
public:
    mock_server_process() : port_(bench::free_port()) {
        handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
            REGRU_MOCK_SERVER_PATH, {"--recordings", REGRU_RECORDINGS_DIR, "--port", std::to_string(port_), "--quiet"}));
        for (int attempt = 0; attempt < 100; ++attempt) {
            try {
                Poco::Net::StreamSocket probe(Poco::Net::SocketAddress("127.0.0.1", port_));
                return;
            } catch (const Poco::Exception&) {
                std::this_thread::sleep_for(50ms);
            }
        }
        throw std::runtime_error("regru-mock-server did not start");
    }
    ~mock_server_process() {
        Poco::Process::requestTermination(handle_->id());
        handle_->wait();
    }
    std::uint16_t port() const { return port_; }
    long pid() const { return handle_->id(); }

private:
    std::uint16_t port_;
    std::unique_ptr<Poco::ProcessHandle> handle_;
};

struct server_under_test {
    std::string label;
    std::uint16_t port;
    long pid;
    std::vector<double> per_second, cpu_us;
    long failed = 0;
};

// One client: nop after nop on one kept-alive connection until `stop`.
void keep_calling(std::uint16_t port, const std::atomic<bool>& stop, std::atomic<long>& answered, std::atomic<long>& failed) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setKeepAlive(true);
    while (!stop.load(std::memory_order_relaxed)) {
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/regru2/nop", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength(static_cast<std::streamsize>(nop_form.size()));
        request.setKeepAlive(true);
        session.sendRequest(request) << nop_form;
        Poco::Net::HTTPResponse response;
        std::string answer;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
        bool ok = response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK && answer.find("\"success\"") != std::string::npos;
        (ok ? answered : failed).fetch_add(1, std::memory_order_relaxed);
    }
}

void run_round(server_under_test& server, std::chrono::milliseconds length) {
    std::atomic<bool> stop{false};
    std::atomic<long> answered{0}, failed{0};
    double cpu_before = process_cpu_seconds(server.pid);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) threads.emplace_back(keep_calling, server.port, std::cref(stop), std::ref(answered), std::ref(failed));
    std::this_thread::sleep_for(length);
    stop = true;
    for (auto& thread : threads) thread.join();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = process_cpu_seconds(server.pid) - cpu_before;
    long total = answered.load();
    server.per_second.push_back(static_cast<double>(total) / seconds);
    server.cpu_us.push_back(cpu / static_cast<double>(std::max(total, 1L)) * 1e6);
    server.failed += failed.load();
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    if (!(seconds > 0) || rounds < 1) {
        std::cerr << "usage: bench_mock_server [SECONDS [ROUNDS]]\n";
        return 2;
    }
    try {
        bench::nginx_server nginx;
        mock_server_process mock;
        std::vector<server_under_test> servers{{"nginx (fixed answer)", nginx.http_port, nginx.pid(), {}, {}, 0},
                                               {"regru-mock-server", mock.port(), mock.pid(), {}, {}, 0}};
        auto length = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
        std::printf("%d clients, each on one kept-alive HTTP connection, POST nop; %d rounds of %.1f s per server\n",
                    clients, rounds, seconds);
        for (int round = 1; round <= rounds; ++round) {
            for (auto& server : servers) run_round(server, length);
            std::printf("round %d of %d done\n", round, rounds);
            std::fflush(stdout);
        }
        std::printf("\nmedians over %d rounds:\n%-24s %14s %22s\n", rounds, "server", "requests/s", "server CPU us/request");
        for (const auto& server : servers) {
            std::printf("%-24s %14.0f %22.1f\n", server.label.c_str(), bench::median(server.per_second),
                        bench::median(server.cpu_us));
            if (server.failed > 0) std::printf("  %ld answers were not a success\n", server.failed);
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_mock_server: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
