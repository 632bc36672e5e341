// A minimal HTTP proxy on a loopback port, for the transport's proxy tests: it tunnels
// CONNECT requests and forwards absolute-form requests, and remembers what it was asked.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace regru::testing {

class tiny_proxy {
public:
    tiny_proxy() {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener_, 16) != 0) {
            throw std::runtime_error("tiny_proxy: cannot listen");
        }
        socklen_t size = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~tiny_proxy() {
        stopping_ = true;
        ::shutdown(listener_, SHUT_RDWR);
        acceptor_.join();
        ::close(listener_);
        std::lock_guard lock(mutex_);
        for (auto& worker : workers_) worker.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // The first line of each connection's first request: "CONNECT 127.0.0.1:443 HTTP/1.1".
    std::vector<std::string> request_lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // The Proxy-Authorization values seen.
    std::vector<std::string> authorizations() const {
        std::lock_guard lock(mutex_);
        return authorizations_;
    }

private:
    void accept_loop() {
        while (!stopping_) {
            int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) return;
            std::lock_guard lock(mutex_);
            workers_.emplace_back([this, client] { serve(client); });
        }
    }

    static int connect_to(const std::string& authority) {
        auto colon = authority.rfind(':');
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(authority.substr(colon + 1))));
        ::inet_pton(AF_INET, authority.substr(0, colon).c_str(), &address.sin_addr);
        int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
        if (::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(upstream);
            return -1;
        }
        return upstream;
    }

    static bool send_all(int fd, const char* data, std::size_t size) {
        while (size > 0) {
            auto sent = ::send(fd, data, size, MSG_NOSIGNAL);
            if (sent <= 0) return false;
            data += sent;
            size -= static_cast<std::size_t>(sent);
        }
        return true;
    }

    void serve(int client) {
        std::string head;
        char c;
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 16384 && ::recv(client, &c, 1, 0) == 1) head += c;
        std::string line = head.substr(0, head.find("\r\n"));
        {
            std::lock_guard lock(mutex_);
            lines_.push_back(line);
            auto auth = head.find("Proxy-Authorization: ");
            if (auth != std::string::npos) {
                auth += 21;
                authorizations_.push_back(head.substr(auth, head.find("\r\n", auth) - auth));
            }
        }
        bool tunnel = line.starts_with("CONNECT ");
        std::string target = tunnel ? line.substr(8, line.find(' ', 8) - 8)
                                    : line.substr(line.find("://") + 3, line.find('/', line.find("://") + 3) - line.find("://") - 3);
        int upstream = connect_to(target);
        if (upstream >= 0) {
            bool ok = tunnel ? send_all(client, "HTTP/1.1 200 Connection established\r\n\r\n", 39)
                             : send_all(upstream, head.data(), head.size());
            if (ok) pump(client, upstream);
            ::close(upstream);
        }
        ::close(client);
    }

    void pump(int a, int b) {
        pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        char buffer[16384];
        while (!stopping_) {
            if (::poll(fds, 2, 100) < 0) return;
            for (int i = 0; i < 2; ++i) {
                if (fds[i].revents == 0) continue;
                auto got = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
                if (got <= 0 || !send_all(fds[1 - i].fd, buffer, static_cast<std::size_t>(got))) return;
            }
        }
    }

    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread acceptor_;
    mutable std::mutex mutex_;
    std::vector<std::thread> workers_;
    std::vector<std::string> lines_;
    std::vector<std::string> authorizations_;
};

}  // namespace regru::testing
