#include <regru/transports/poco_transport.hpp>

#include "deadline_watchdog.hpp"
#include "proxy.hpp"
#include "tls_context.hpp"

#include <regru/api/errors.hpp>
#include <regru/api/version.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include <poll.h>

#include <cstdio>
#include <mutex>
#include <vector>

namespace regru::api {
namespace {

// Who calls, for the service's logs: "regru-api/0.1.0".
const std::string& user_agent() {
    static const std::string name = "regru-api/" + std::string(version);
    return name;
}

using clock = detail::deadline_watchdog::clock;
using session_ptr = std::unique_ptr<Poco::Net::HTTPClientSession>;

// Where calls to one endpoint go, worked out once per endpoint.
struct origin {
    std::string endpoint;  // as given: tells whether a pooled session fits
    bool secure = false;
    std::string host;
    std::uint16_t port = 0;
    std::string base_path;  // "/api/regru2"
    std::optional<detail::proxy_server> proxy;
    Poco::Net::Context::Ptr tls;  // for https

    std::string where() const { return host + ":" + std::to_string(port); }
};
using origin_ptr = std::shared_ptr<const origin>;

// What went wrong on this side of an exchange, as opposed to Poco's exceptions.
struct answer_too_large {};
struct answer_cut_short {
    std::size_t got, expected;
};

// The stage an exchange failed in: it decides what a timeout means.
enum class stage { connect, exchange };

Poco::Timespan timespan(clock::duration d) {
    return Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

std::string seconds(std::chrono::duration<double, std::milli> ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", static_cast<double>(ms.count()) / 1000.0);
    return text;
}

std::string mebibytes(std::size_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%g MiB", static_cast<double>(bytes) / (1 << 20));
    return text;
}

// Shuts the socket down if the call outlives its deadline; disarmed before the socket closes.
class deadline_guard {
public:
    explicit deadline_guard(detail::deadline_watchdog& watchdog) : watchdog_(watchdog) {}
    ~deadline_guard() { disarm(); }
    void arm(clock::time_point deadline, int socket_fd) { ticket_ = watchdog_.arm(deadline, socket_fd); }
    bool disarm() {
        if (ticket_ == 0) return fired_;
        fired_ = watchdog_.disarm(std::exchange(ticket_, 0));
        return fired_;
    }

private:
    detail::deadline_watchdog& watchdog_;
    std::uint64_t ticket_ = 0;
    bool fired_ = false;
};

// Whether an idle kept-alive connection can carry a request: the server has not closed it
// (nothing is readable on an idle HTTP connection unless it is the end of the stream).
// (poll(2) itself: Poco's poll() makes and closes an epoll set each time.)
bool still_open(Poco::Net::HTTPClientSession& session) {
    if (!session.connected()) return false;
    pollfd idle{session.socket().impl()->sockfd(), POLLIN, 0};
    return ::poll(&idle, 1, 0) == 0;
}

}  // namespace

class poco_transport::pool {
public:
    explicit pool(poco_transport_options options) : options_(std::move(options)), proxies_(options_) {
        if (options_.insecure_skip_tls_verification) {
            warn("WARNING: TLS certificate verification is off (insecure_skip_tls_verification): anyone "
                 "between this program and the server can read the password. Use it only with a local "
                 "test server.");
        }
        // Certificates and keys that do not load are refused now, not at the first call.
        if (!options_.client_certificate.empty() || !options_.ca_location.empty()) {
            detail::make_client_context(options_, "localhost");
        }
    }

    http_response send(const http_request& request) {
        const auto started = clock::now();
        const auto deadline = std::min(started + options_.deadline, request.deadline);
        origin_ptr target;
        try {
            target = origin_for(request.endpoint);
        } catch (const std::exception& e) {
            return http_response::failed(transport_failure::connect,
                                         "cannot use the endpoint " + std::string(request.endpoint) + ": " + e.what());
        }
        session_ptr session = take(*target, request);
        deadline_guard guard(watchdog_);
        stage reached = stage::connect;
        detail::take_verification_failure();
        try {
            bool keep_alive = false;
            http_response answer = exchange(*session, *target, request, deadline, guard, reached, keep_alive);
            if (guard.disarm()) return deadline_failure(*target, deadline - started);
            if (keep_alive) give_back(target, std::move(session));
            return answer;
        } catch (...) {
            bool deadline_passed = guard.disarm();
            return deadline_passed ? deadline_failure(*target, deadline - started) : failure(*target, reached);
        }
    }

    statistics stats() const {
        std::lock_guard lock(mutex_);
        return stats_;
    }

private:
    struct idle_session {
        session_ptr session;
        clock::time_point since;
    };

    void warn(std::string_view text) const {
        if (options_.warning_sink) options_.warning_sink(text);
        else write_to_standard_error(text);
    }

    origin_ptr origin_for(std::string_view endpoint) {
        {
            std::lock_guard lock(mutex_);
            if (origin_ && origin_->endpoint == endpoint) return origin_;
        }
        auto made = make_origin(endpoint);
        std::lock_guard lock(mutex_);
        if (!origin_ || origin_->endpoint != endpoint) {
            origin_ = std::move(made);
            idle_.clear();  // sessions to the old origin are of no more use
        }
        return origin_;
    }

    origin_ptr make_origin(std::string_view endpoint) const {
        Poco::URI uri{std::string(endpoint)};
        auto made = std::make_shared<origin>();
        made->endpoint = std::string(endpoint);
        made->secure = uri.getScheme() == "https";
        made->host = uri.getHost();
        made->port = uri.getPort();
        made->base_path = uri.getPath();
        while (made->base_path.ends_with('/')) made->base_path.pop_back();
        made->proxy = proxies_.for_host(made->host, made->secure);
        if (made->secure) made->tls = detail::make_client_context(options_, made->host);
        return made;
    }

    // A live idle session to `target`, or a new one.
    session_ptr take(const origin& target, const http_request& request) {
        std::vector<session_ptr> stale;  // closed after the lock is released
        session_ptr found;
        {
            std::lock_guard lock(mutex_);
            auto now = clock::now();
            while (!found && !idle_.empty() && origin_ && origin_->endpoint == target.endpoint) {
                idle_session idle = std::move(idle_.back());
                idle_.pop_back();
                if (now - idle.since < options_.idle_timeout && still_open(*idle.session)) {
                    found = std::move(idle.session);
                    ++stats_.reused;
                } else {
                    stale.push_back(std::move(idle.session));
                    ++stats_.discarded;
                }
            }
            if (!found) ++stats_.opened;
        }
        if (!stale.empty()) {
            request.diagnose("discarded " + std::to_string(stale.size()) + " idle connection(s) to " +
                             target.where() + " (closed by the server, or idle too long)");
        }
        if (found) {
            request.diagnose("reusing a kept-alive connection to " + target.where());
            return found;
        }
        request.diagnose("opening a connection to " + target.where() +
                         (target.proxy ? " through the proxy " + target.proxy->where() : std::string()) +
                         (target.secure ? " (TLS)" : ""));
        return open(target);
    }

    void give_back(const origin_ptr& target, session_ptr session) {
        std::lock_guard lock(mutex_);
        if (origin_ == target && idle_.size() < options_.max_idle_connections && session->connected()) {
            idle_.push_back({std::move(session), clock::now()});
        }
    }

    session_ptr open(const origin& target) const {
        session_ptr session;
        if (target.secure) {
            session = std::make_unique<Poco::Net::HTTPSClientSession>(target.host, target.port, target.tls);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(target.host, target.port);
        }
        if (target.proxy) {
            Poco::Net::HTTPClientSession::ProxyConfig proxy;
            proxy.host = target.proxy->host;
            proxy.port = target.proxy->port;
            proxy.username = target.proxy->username;
            proxy.password = target.proxy->password;
            session->setProxyConfig(proxy);
        }
        session->setKeepAlive(options_.max_idle_connections > 0);
        // The pool decides when an idle connection is too old; Poco must not reconnect behind
        // its back.
        session->setKeepAliveTimeout(Poco::Timespan(365 * Poco::Timespan::DAYS));
        return session;
    }

    http_response exchange(Poco::Net::HTTPClientSession& session, const origin& target, const http_request& request,
                           clock::time_point deadline, deadline_guard& guard, stage& reached, bool& keep_alive) {
        auto remaining = deadline - clock::now();
        if (remaining <= clock::duration::zero()) throw Poco::TimeoutException("deadline");
        auto bounded = [&](clock::duration limit) { return timespan(std::min<clock::duration>(limit, remaining)); };
        session.setTimeout(bounded(options_.connect_timeout), bounded(options_.io_timeout), bounded(options_.io_timeout));

        Poco::Net::HTTPRequest out(Poco::Net::HTTPRequest::HTTP_POST,
                                   target.base_path + "/" + std::string(request.method.path),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        out.setContentType(std::string(form_content_type));
        out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
        out.setKeepAlive(options_.max_idle_connections > 0);
        out.set("User-Agent", user_agent());
        std::ostream& body_out = session.sendRequest(out);  // connects (and shakes hands) if needed
        reached = stage::exchange;
        guard.arm(deadline, session.socket().impl()->sockfd());
        body_out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));

        Poco::Net::HTTPResponse in;
        std::istream& body_in = session.receiveResponse(in);
        http_response answer;
        answer.status = static_cast<int>(in.getStatus());
        answer.reason = in.getReason();
        answer.content_type = in.getContentType();
        read_body(body_in, in, answer.body);
        keep_alive = in.getKeepAlive();
        return answer;
    }

    void read_body(std::istream& in, const Poco::Net::HTTPResponse& head, std::string& out) const {
        in.exceptions(std::ios::badbit);  // let the socket's own error through, not a bare EOF
        std::size_t declared = 0;
        if (head.hasContentLength()) {
            declared = static_cast<std::size_t>(head.getContentLength64());
            if (declared > options_.max_answer_bytes) throw answer_too_large{};
            out.reserve(declared);
        }
        char buffer[16384];
        while (in.read(buffer, sizeof buffer), in.gcount() > 0) {
            auto got = static_cast<std::size_t>(in.gcount());
            if (out.size() + got > options_.max_answer_bytes) throw answer_too_large{};
            out.append(buffer, got);
        }
        if (head.hasContentLength() && out.size() != declared) throw answer_cut_short{out.size(), declared};
    }

    http_response deadline_failure(const origin& target, clock::duration allowed) const {
        return http_response::failed(transport_failure::timeout,
                                     "timed out after " + seconds(std::chrono::round<std::chrono::duration<long long, std::centi>>(allowed)) +
                                         " (the call's deadline; " + target.where() + ")");
    }

    // The exception in flight, described. Called from a catch block.
    http_response failure(const origin& target, stage reached) const {
        auto failed = [&](transport_failure why, const std::string& what) {
            return http_response::failed(why, what + " (" + target.where() + ")");
        };
        try {
            throw;
        } catch (const answer_too_large&) {
            return failed(transport_failure::protocol, "the answer is too large: more than " +
                                                           mebibytes(options_.max_answer_bytes) + " (max_answer_bytes)");
        } catch (const answer_cut_short& cut) {
            return failed(transport_failure::io, "the connection closed after " + std::to_string(cut.got) + " of " +
                                                     std::to_string(cut.expected) + " bytes of the answer");
        } catch (const Poco::TimeoutException&) {
            if (reached == stage::connect) {
                return failed(transport_failure::connect, "could not connect within " + seconds(options_.connect_timeout));
            }
            return failed(transport_failure::timeout, "timed out after " + seconds(options_.io_timeout) +
                                                          " without a byte from the server (io_timeout)");
        } catch (const Poco::Net::ConnectionRefusedException&) {
            return failed(transport_failure::connect, "connection refused");
        } catch (const Poco::Net::HostNotFoundException&) {
            return failed(transport_failure::connect, "host not found");
        } catch (const Poco::Net::NoAddressFoundException&) {
            return failed(transport_failure::connect, "host not found");
        } catch (const Poco::Net::ConnectionResetException&) {
            return failed(transport_failure::io, "connection reset by peer");
        } catch (const Poco::Net::SSLException& e) {
            std::string why = detail::take_verification_failure();
            if (!why.empty()) return failed(transport_failure::tls, "TLS certificate verification failed: " + why);
            if (reached == stage::connect) return failed(transport_failure::tls, "TLS handshake failed: " + e.message());
            // OpenSSL's text ends with the reason: "error:0A000126:SSL routines::unexpected eof while reading".
            std::string reason = e.message().substr(e.message().rfind(':') + 1);
            bool closed = reason.find("eof") != std::string::npos;
            return failed(transport_failure::io, std::string(closed ? "the connection closed mid-answer"
                                                                   : "the connection broke during the exchange") +
                                                     " (TLS: " + reason + ")");
        } catch (const Poco::Net::NoMessageException&) {
            return failed(transport_failure::io, "the server closed the connection without answering");
        } catch (const Poco::Net::MessageException& e) {
            return failed(transport_failure::protocol, "the answer is not HTTP: " + e.message());
        } catch (const Poco::Exception& e) {
            return failed(reached == stage::connect ? transport_failure::connect : transport_failure::io, e.displayText());
        } catch (const std::exception& e) {
            return failed(transport_failure::io, e.what());
        }
    }

    poco_transport_options options_;
    detail::proxy_rules proxies_;
    detail::deadline_watchdog watchdog_;
    mutable std::mutex mutex_;
    origin_ptr origin_;
    std::vector<idle_session> idle_;
    statistics stats_;
};

poco_transport::poco_transport(poco_transport_options options)
    : pool_(std::make_shared<pool>(std::move(options))) {}

http_response poco_transport::send(const http_request& request) { return pool_->send(request); }

poco_transport::statistics poco_transport::stats() const { return pool_->stats(); }

}  // namespace regru::api
