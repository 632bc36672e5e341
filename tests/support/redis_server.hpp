// A real redis-server (Debian's, /usr/bin/redis-server) on a free loopback port, for the tests
// of the Redis limit store and of what builds on it. No persistence: it starts empty and leaves
// nothing behind. Stopped (SIGTERM, then waited for) when destroyed.
//
//   regru::testing::redis_server server;      // started; it answers PING
//   auto store = make_redis_store(parse_redis_url(server.url()));
//   server.stop();  server.restart();         // an outage, and the server back on the same port
//   server.pause(); server.resume();          // SIGSTOP / SIGCONT: slow, not down
//
// Throws std::runtime_error when redis-server is not installed or does not start, so that a
// test without it fails rather than skips (scripts/install-deps installs it).
#pragma once

#include "support/files.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace regru::testing {

class redis_server {
public:
    static constexpr const char* program = "/usr/bin/redis-server";

    // `extra_arguments`: more redis-server options, like {"--requirepass", "secret"}.
    explicit redis_server(std::vector<std::string> extra_arguments = {}) : extra_(std::move(extra_arguments)) {
        if (access(program, X_OK) != 0) {
            throw std::runtime_error(std::string("redis-server is not installed (no ") + program +
                                     "): run scripts/install-deps, which installs Debian's redis-server");
        }
        char dir[] = "/tmp/regru-redis-XXXXXX";
        if (!mkdtemp(dir)) throw std::runtime_error("redis_server: cannot make a temporary directory");
        dir_ = dir;
        // The free port can be taken by someone else before redis-server binds it: try others.
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = free_port();
            if (launch()) return;
        }
        throw std::runtime_error("redis-server did not start; its log:\n" + log());
    }

    ~redis_server() {
        stop();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    redis_server(const redis_server&) = delete;
    redis_server& operator=(const redis_server&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }
    bool running() const { return pid_ > 0; }

    // SIGTERM, and waits for it to exit (SIGKILL after 5 s).
    void stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        kill(pid_, SIGCONT);  // a paused server cannot act on SIGTERM
        if (!exited_within(std::chrono::seconds(5))) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }

    // Starts it again, empty, on the same port.
    void restart() {
        stop();
        if (!launch()) throw std::runtime_error("redis-server did not start again on its port; its log:\n" + log());
    }

    // SIGSTOP: the kernel still accepts connections, but nothing answers. resume() undoes it.
    void pause() { kill(pid_, SIGSTOP); }
    void resume() { kill(pid_, SIGCONT); }

    // A loopback port nothing listens on at the moment of asking.
    static std::uint16_t free_port() {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address = loopback(0);
        socklen_t size = sizeof address;
        if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
            getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
            throw std::runtime_error("redis_server: cannot find a free loopback port");
        }
        close(fd);
        return ntohs(address.sin_port);
    }

    // Whether something on `port` answers PING (or asks for a password first).
    static bool answers(std::uint16_t port) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return false;
        timeval wait{0, 200'000};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        sockaddr_in address = loopback(port);
        char answer[16] = {};
        bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6 && recv(fd, answer, sizeof answer - 1, 0) > 0;
        close(fd);
        std::string_view text(answer);
        return ok && (text.starts_with("+PONG") || text.starts_with("-NOAUTH"));
    }

private:
    static sockaddr_in loopback(std::uint16_t port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return address;
    }

    // Starts redis-server on port_ and waits until it answers; false when it exited instead
    // (its port was taken).
    bool launch() {
        std::vector<std::string> arguments{"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                           "--save", "", "--appendonly", "no", "--dir", dir_.string(),
                                           "--daemonize", "no", "--logfile", ""};
        arguments.insert(arguments.end(), extra_.begin(), extra_.end());
        std::vector<char*> argv;
        for (auto& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        std::string log_path = (dir_ / "redis.log").string();

        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("redis_server: fork failed");
        if (pid_ == 0) {  // only async-signal-safe calls until exec
            int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            dup2(log_fd, STDOUT_FILENO);
            dup2(log_fd, STDERR_FILENO);
            execv(program, argv.data());
            _exit(127);
        }
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
             std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(std::chrono::milliseconds(10))) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            if (answers(port_)) return true;
        }
        stop();
        throw std::runtime_error("redis-server did not answer within 5 s; its log:\n" + log());
    }

    bool exited_within(std::chrono::milliseconds time) {
        for (auto until = std::chrono::steady_clock::now() + time; std::chrono::steady_clock::now() < until;
             std::this_thread::sleep_for(std::chrono::milliseconds(5))) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) return true;
        }
        return false;
    }

    std::string log() const { return read_text(dir_ / "redis.log"); }

    std::vector<std::string> extra_;
    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace regru::testing
