// regru-mock-server: a REG.API on a loopback port that answers from recordings, for tests of
// applications that use REG.API. See docs/mock-server.md.
#include <regru/api/errors.hpp>
#include <regru/api/limit_store.hpp>
#include <regru/mocks/mock_server.hpp>
#include <regru/mocks/simulator.hpp>
#ifdef REGRU_MOCK_SERVER_WITH_SIGNING
#include <regru/signing/signature_verifier.hpp>
#endif

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
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
  --rate-limit N/SECONDS
                     at most N calls per SECONDS (10/2.5, 1200/3600) per username and per
                     client address, both at once, as REG.API has it (1200/3600); past it
                     HTTP 200 with ACCOUNT_EXCEEDED_ALLOWED_CONNECTION_RATE or
                     IP_EXCEEDED_ALLOWED_CONNECTION_RATE. Refused calls do not count; when
                     both limits are full the code names the one that frees later, the
                     account's when they free together (default: no limit)
  --billing-delay MS a call that may move money (a charges method) takes MS milliseconds;
                     another one for the same username meanwhile gets BILLING_LOCK at once
                     (default: 0, no lock)
  --account NAME:PASSWORD
                     also let this account in, like test/test (repeatable); its password
                     never appears in the log
  --stateful         zones, folders and the balance change per account and read back what
                     was written (see docs/mock-server.md, "Stateful mode"); POST
                     {endpoint}/mock/reset forgets the calling account's state
  --state FILE       with --stateful: read the state from FILE at start when it exists,
                     write it there after every change
  --sig-public-key PEM
                     every call must carry a signature (sig) this RSA public key verifies:
                     none gets SIGNATURE_REQUIRED, a wrong one SIGNATURE_INVALID (see
                     docs/signing.md)
  --sig-hash H       the signatures' hash: sha1, sha256 or sha512 (default: sha1)
  --quiet            do not log requests on standard error
  --help             print this text

Faults are chosen per request by the endpoint's path: .../fault/drip/100/api/regru2 and so on:
delay/MS, drip/MS, close, reset, status/CODE, not-json, huge/BYTES, lost-answer (the call is
handled, then the connection is closed without an answer), and first/N/KIND[/ARG] (that fault
for the first N requests through that path only). Another kind gets HTTP 400.

The log has one line per request on standard error, never a password:
  METHOD PATH STATUS OUTCOME [recorded ORIGIN] [[fault FAULT]]
OUTCOME is success, the error_code answered, or - for a body that is no envelope:
  POST /api/regru2/user/refill_balance 200 BILLING_LOCK
  POST /api/regru2/nop 200 success recorded root.json#4 [fault first/1/lost-answer]
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

// A whole number from 0 to `most`, or a usage_failure saying what `option` takes.
long whole_number(std::string_view option, const std::string& text, long most) {
    char* end = nullptr;
    errno = 0;
    long number = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || number < 0 || number > most) {
        throw usage_failure(std::string(option) + " takes a whole number from 0 to " + std::to_string(most) +
                            ", not '" + text + "'");
    }
    return number;
}

struct command {
    regru::mocks::mock_server_options server;
    fs::path recordings = default_recordings();
    std::optional<fs::path> sig_public_key;
    std::optional<std::string> sig_hash;
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
        else if (name == "--port") cmd.server.port = static_cast<std::uint16_t>(whole_number(name, value(), 65535));
        else if (name == "--tls") cmd.server.tls = true;
        else if (name == "--cert") cmd.server.certificate = value();
        else if (name == "--key") cmd.server.private_key = value();
        else if (name == "--client-ca") cmd.server.client_ca = value();
        else if (name == "--tls-faults") cmd.server.tls_faults = cmd.server.tls = true;
        else if (name == "--rate-limit") {
            try {
                cmd.server.rate_limit = regru::api::parse_rate(value());
            } catch (const regru::api::usage_error& e) {
                throw usage_failure("--rate-limit: " + std::string(e.what()));
            }
        } else if (name == "--billing-delay") {
            cmd.server.billing_delay = std::chrono::milliseconds(whole_number(name, value(), 86'400'000));
        } else if (name == "--account") {
            try {
                cmd.server.accounts.push_back(regru::mocks::parse_account(value()));
            } catch (const std::invalid_argument& e) {
                throw usage_failure("--account: " + std::string(e.what()));
            }
        } else if (name == "--stateful") cmd.server.stateful = true;
        else if (name == "--state") cmd.server.state_file = value();
        else if (name == "--sig-public-key") cmd.sig_public_key = value();
        else if (name == "--sig-hash") cmd.sig_hash = value();
        else if (name == "--quiet") cmd.quiet = true;
        else if (name == "--help") cmd.help = true;
        else throw usage_failure("unknown option " + std::string(name));
    }
    if (!cmd.server.state_file.empty() && !cmd.server.stateful) throw usage_failure("--state needs --stateful");
    if (cmd.server.certificate.empty() != cmd.server.private_key.empty()) {
        throw usage_failure("--cert and --key go together");
    }
    return cmd;
}

// --sig-public-key and --sig-hash: the check every call's signature must pass.
void require_signatures(command& cmd) {
    if (cmd.sig_hash && !cmd.sig_public_key) throw usage_failure("--sig-hash needs --sig-public-key");
    if (!cmd.sig_public_key) return;
#ifdef REGRU_MOCK_SERVER_WITH_SIGNING
    namespace signing = regru::signing;
    try {
        auto hash = cmd.sig_hash ? signing::parse_hash(*cmd.sig_hash) : signing::hash::sha1;
        cmd.server.check_signature = signing::signature_verifier(*cmd.sig_public_key, hash);
    } catch (const signing::signing_error& e) {
        throw usage_failure("--sig-public-key: " + std::string(e.what()));
    }
#else
    throw usage_failure("--sig-public-key: this regru-mock-server was built without signing (REGRU_API_WITH_SIGNING)");
#endif
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
        require_signatures(cmd);
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
