// regru-mock-server: a REG.API on a loopback port that answers from recordings, for tests of
// applications that use REG.API. See docs/mock-server.md.
#include <regru/mocks/mock_server.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::string_view usage_text = R"(usage: regru-mock-server [options]

Serves REG.API's test mode from recordings until interrupted, and prints its endpoint.

options:
  --recordings DIR   recordings to answer from (default: the ones shipped with regru-api)
  --address ADDR     address to listen on (default: 127.0.0.1)
  --port N           port to listen on; 0 picks a free one (default: 0)
  --tls              serve HTTPS; unless --cert and --key are given, a CA and a certificate
                     for localhost/127.0.0.1 are made at start and the CA is printed (ca-file:)
  --cert PATH        server certificate (PEM), with --key PATH its private key
  --client-ca PATH   require client certificates signed by this CA (PEM)
  --tls-faults       also listen with an untrusted, an expired and a wrong-host certificate
  --quiet            do not log requests on standard error
  --help             print this text

Faults are chosen per request by the endpoint's path: .../fault/drip/100/api/regru2 and so on
(delay/MS, drip/MS, close, reset, status/CODE, not-json, huge/BYTES).
)";

fs::path default_recordings() {
    for (const char* candidate : {REGRU_API_INSTALLED_RECORDINGS, REGRU_API_SOURCE_RECORDINGS}) {
        if (fs::is_directory(candidate)) return candidate;
    }
    return REGRU_API_INSTALLED_RECORDINGS;
}

struct usage_failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct command {
    regru::mocks::mock_server_options server;
    fs::path recordings = default_recordings();
    bool quiet = false;
    bool help = false;
};

command parse(const std::vector<std::string_view>& args) {
    command cmd;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view name = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw usage_failure(std::string(name) + " needs a value");
            return std::string(args[++i]);
        };
        if (name == "--recordings") cmd.recordings = value();
        else if (name == "--address") cmd.server.address = value();
        else if (name == "--port") {
            std::string text = value();
            char* end = nullptr;
            long port = std::strtol(text.c_str(), &end, 10);
            if (*end != '\0' || port < 0 || port > 65535) throw usage_failure("--port takes a number from 0 to 65535");
            cmd.server.port = static_cast<std::uint16_t>(port);
        } else if (name == "--tls") cmd.server.tls = true;
        else if (name == "--cert") cmd.server.certificate = value();
        else if (name == "--key") cmd.server.private_key = value();
        else if (name == "--client-ca") cmd.server.client_ca = value();
        else if (name == "--tls-faults") cmd.server.tls_faults = cmd.server.tls = true;
        else if (name == "--quiet") cmd.quiet = true;
        else if (name == "--help") cmd.help = true;
        else throw usage_failure("unknown option " + std::string(name));
    }
    if (cmd.server.certificate.empty() != cmd.server.private_key.empty()) {
        throw usage_failure("--cert and --key go together");
    }
    return cmd;
}

// Blocks until SIGINT or SIGTERM.
void wait_for_termination() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    int received = 0;
    sigwait(&signals, &received);
}

}  // namespace

int main(int argc, char** argv) {
    // Blocked before any thread starts, so that every thread leaves them to sigwait.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        command cmd = parse(std::vector<std::string_view>(argv + 1, argv + argc));
        if (cmd.help) {
            std::cout << usage_text;
            return 0;
        }
        if (!cmd.quiet) cmd.server.log = [](std::string_view line) { std::cerr << line << std::endl; };
        auto recordings = fs::is_directory(cmd.recordings) ? regru::mocks::recording_set::from_directory(cmd.recordings)
                                                           : regru::mocks::recording_set::from_file(cmd.recordings);
        regru::mocks::mock_server server(std::move(recordings), cmd.server);
        std::cout << "endpoint: " << server.endpoint() << '\n';
        if (!server.ca_certificate().empty()) std::cout << "ca-file: " << server.ca_certificate().string() << '\n';
        if (cmd.server.tls_faults) {
            using regru::mocks::tls_fault;
            std::cout << "untrusted-endpoint: " << server.tls_fault_endpoint(tls_fault::untrusted) << '\n'
                      << "expired-endpoint: " << server.tls_fault_endpoint(tls_fault::expired) << '\n'
                      << "wrong-host-endpoint: " << server.tls_fault_endpoint(tls_fault::wrong_host) << '\n';
        }
        std::cout << std::flush;
        wait_for_termination();
        server.stop();
        return 0;
    } catch (const usage_failure& e) {
        std::cerr << "regru-mock-server: " << e.what() << "\n(see regru-mock-server --help)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "regru-mock-server: " << e.what() << '\n';
        return 1;
    }
}
