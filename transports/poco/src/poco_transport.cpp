#include <regru/transports/poco_transport.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <mutex>
#include <vector>

namespace regru::api {
namespace {

using session_ptr = std::unique_ptr<Poco::Net::HTTPClientSession>;

// OpenSSL is set up once per process, and torn down at exit.
void ensure_ssl_initialised() {
    struct ssl_library {
        ssl_library() { Poco::Net::initializeSSL(); }
        ~ssl_library() { Poco::Net::uninitializeSSL(); }
    };
    static ssl_library library;
}

Poco::Timespan timespan(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

struct origin {
    std::string endpoint;  // as given: the key that says whether a session fits
    bool secure = false;
    std::string host;
    unsigned short port = 0;
    std::string base_path;  // "/api/regru2"
};

origin parse_origin(std::string_view endpoint) {
    Poco::URI uri{std::string(endpoint)};
    origin o;
    o.endpoint = std::string(endpoint);
    o.secure = uri.getScheme() == "https";
    o.host = uri.getHost();
    o.port = uri.getPort();
    o.base_path = uri.getPath();
    while (!o.base_path.empty() && o.base_path.back() == '/') o.base_path.pop_back();
    return o;
}

std::string where(const origin& o) { return o.host + ":" + std::to_string(o.port); }

http_response failure(transport_failure why, const origin& o, const std::string& what) {
    return http_response::failed(why, what + " (" + where(o) + ")");
}

}  // namespace

class poco_transport::pool {
public:
    explicit pool(poco_transport_options options) : options_(std::move(options)) {}

    http_response send(const http_request& request) {
        origin target;
        session_ptr session;
        try {
            target = origin_of(request.endpoint);
            session = take(target);
        } catch (const Poco::Exception& e) {
            return http_response::failed(transport_failure::connect,
                                         "cannot use endpoint " + std::string(request.endpoint) +
                                             ": " + e.displayText());
        }
        try {
            http_response answer = exchange(*session, target, request);
            give_back(target, std::move(session));
            return answer;
        } catch (const Poco::TimeoutException&) {
            return failure(transport_failure::timeout, target,
                           "timed out after " + std::to_string(options_.io_timeout.count()) + " ms");
        } catch (const Poco::Net::ConnectionRefusedException&) {
            return failure(transport_failure::connect, target, "connection refused");
        } catch (const Poco::Net::SSLException& e) {
            return failure(transport_failure::tls, target, "TLS failed: " + e.displayText());
        } catch (const Poco::Net::HostNotFoundException&) {
            return failure(transport_failure::connect, target, "host not found");
        } catch (const Poco::Net::NoMessageException&) {
            return failure(transport_failure::io, target, "the server closed the connection without answering");
        } catch (const Poco::Net::MessageException& e) {
            return failure(transport_failure::protocol, target, "not an HTTP answer: " + e.displayText());
        } catch (const Poco::Exception& e) {
            return failure(transport_failure::io, target, e.displayText());
        }
    }

    statistics stats() const {
        std::lock_guard lock(mutex_);
        return stats_;
    }

private:
    origin origin_of(std::string_view endpoint) {
        std::lock_guard lock(mutex_);
        if (current_.endpoint != endpoint) {
            current_ = parse_origin(endpoint);
            idle_.clear();  // sessions to the old origin are of no more use
        }
        return current_;
    }

    session_ptr take(const origin& target) {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty() && target.endpoint == current_.endpoint) {
                session_ptr session = std::move(idle_.back());
                idle_.pop_back();
                ++stats_.reused;
                return session;
            }
            ++stats_.opened;
        }
        return open(target);
    }

    void give_back(const origin& target, session_ptr session) {
        std::lock_guard lock(mutex_);
        if (target.endpoint == current_.endpoint && idle_.size() < options_.max_idle_connections &&
            session->connected()) {
            idle_.push_back(std::move(session));
        }
    }

    session_ptr open(const origin& target) {
        session_ptr session;
        if (target.secure) {
            session = std::make_unique<Poco::Net::HTTPSClientSession>(target.host, target.port, context());
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(target.host, target.port);
        }
        session->setTimeout(timespan(options_.connect_timeout), timespan(options_.io_timeout),
                            timespan(options_.io_timeout));
        session->setKeepAlive(options_.max_idle_connections > 0);
        return session;
    }

    // Made on first HTTPS use: verification of the chain and the host name, system CAs.
    Poco::Net::Context::Ptr context() {
        std::lock_guard lock(mutex_);
        if (!context_) {
            ensure_ssl_initialised();
            Poco::Net::Context::Params params;
            params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // a client verifies the server
            params.caLocation = options_.ca_location;
            params.loadDefaultCAs = options_.ca_location.empty();
            context_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        }
        return context_;
    }

    http_response exchange(Poco::Net::HTTPClientSession& session, const origin& target,
                           const http_request& request) {
        Poco::Net::HTTPRequest out(Poco::Net::HTTPRequest::HTTP_POST,
                                   target.base_path + "/" + std::string(request.method.path),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        out.setContentType(std::string(form_content_type));
        out.setContentLength(static_cast<std::streamsize>(request.body.size()));
        out.setKeepAlive(options_.max_idle_connections > 0);
        session.sendRequest(out).write(request.body.data(),
                                       static_cast<std::streamsize>(request.body.size()));

        Poco::Net::HTTPResponse in;
        std::istream& body = session.receiveResponse(in);
        http_response answer;
        answer.status = static_cast<int>(in.getStatus());
        answer.reason = in.getReason();
        answer.content_type = in.getContentType();
        Poco::StreamCopier::copyToString(body, answer.body);
        if (!in.getKeepAlive()) session.reset();
        return answer;
    }

    poco_transport_options options_;
    mutable std::mutex mutex_;
    origin current_;
    std::vector<session_ptr> idle_;
    Poco::Net::Context::Ptr context_;
    statistics stats_;
};

poco_transport::poco_transport(poco_transport_options options)
    : pool_(std::make_shared<pool>(std::move(options))) {}

http_response poco_transport::send(const http_request& request) { return pool_->send(request); }

poco_transport::statistics poco_transport::stats() const { return pool_->stats(); }

}  // namespace regru::api
