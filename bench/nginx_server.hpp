// nginx on loopback, for the benchmarks that put the library or the mock server beside it.
// Needs /usr/sbin/nginx (Debian's nginx package: `bash scripts/install-deps --bench`), started on
// demand, never by the tests.
#pragma once

#include "fixed_answer.hpp"

#include <regru/mocks/pki.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Process.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace regru::bench {

namespace fs = std::filesystem;

inline std::uint16_t free_port() {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    return probe.address().port();
}

// nginx in a scratch folder, one worker in one process (pid()), answering every request with
// `answer_body` (REG.API's nop answer by default), over HTTP and HTTPS.
class nginx_server {
public:
    explicit nginx_server(std::string answer_body = nop_answer_body)
        : http_port(free_port()), https_port(free_port()), answer_body_(std::move(answer_body)) {
        if (!fs::exists("/usr/sbin/nginx")) {
            throw std::runtime_error("no /usr/sbin/nginx: install it with `bash scripts/install-deps --bench`");
        }
        std::string pattern = (fs::temp_directory_path() / "regru-bench-XXXXXX").string();
        folder = ::mkdtemp(pattern.data());
        auto pki = regru::mocks::pki::make_loopback_pki("regru-api bench");
        pki.authority.write(folder / "ca.pem", folder / "ca.key");
        pki.server.write(folder / "server.pem", folder / "server.key");
        std::ofstream(folder / "nginx.conf") << config();
        handle_ = std::make_unique<Poco::ProcessHandle>(
            Poco::Process::launch("/usr/sbin/nginx", {"-p", folder.string(), "-c", (folder / "nginx.conf").string()}));
        wait_until_listening();
    }
    ~nginx_server() {
        Poco::Process::requestTermination(handle_->id());
        handle_->wait();
        fs::remove_all(folder);
    }

    std::string endpoint(bool tls) const {
        return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(tls ? https_port : http_port) +
               "/api/regru2";
    }

    // The one process that does the work (master_process off).
    long pid() const { return handle_->id(); }

    std::uint16_t http_port, https_port;
    fs::path folder;

private:
    std::string config() const {
        std::string f = folder.string();
        return "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + f + "/nginx.pid;\nerror_log " + f +
               "/error.log;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n"
               "  client_body_temp_path " + f + "/body;\n  proxy_temp_path " + f + "/proxy;\n  fastcgi_temp_path " + f +
               "/fastcgi;\n  uwsgi_temp_path " + f + "/uwsgi;\n  scgi_temp_path " + f + "/scgi;\n"
               "  keepalive_requests 10000000;\n  keepalive_timeout 300s;\n"
               "  server {\n    listen 127.0.0.1:" + std::to_string(http_port) + ";\n    listen 127.0.0.1:" +
               std::to_string(https_port) + " ssl;\n    ssl_certificate " + f + "/server.pem;\n    ssl_certificate_key " + f +
               "/server.key;\n    location / {\n      default_type \"text/plain; charset=utf-8\";\n      return 200 '" +
               answer_body_ + "';\n    }\n  }\n}\n";
    }

    void wait_until_listening() const {
        for (int attempt = 0; attempt < 100; ++attempt) {
            try {
                Poco::Net::StreamSocket probe(Poco::Net::SocketAddress("127.0.0.1", https_port));
                return;
            } catch (const Poco::Exception&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        throw std::runtime_error("nginx did not start; see " + (folder / "error.log").string());
    }

    std::string answer_body_;
    std::unique_ptr<Poco::ProcessHandle> handle_;
};

}  // namespace regru::bench
