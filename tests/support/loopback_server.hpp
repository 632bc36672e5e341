// A real HTTP server on a loopback port, for tests of the Poco transport and the CLI.
// It answers POST /api/regru2/<path>:
//   .../redirect  302 to .../nop
//   .../broken    500 with an HTML page
//   .../slow      a success, after 2 s
//   anything else a success whose answer echoes the request: {"uri", "fields", "input_data"}
#pragma once

#include <regru/api/form.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace regru::testing {

struct seen_request {
    std::string method, uri, content_type, content_length, transfer_encoding, user_agent, body;
};

struct server_log {
    std::mutex mutex;
    seen_request last;
    std::atomic<int> count{0};

    seen_request last_request() {
        std::lock_guard lock(mutex);
        return last;
    }
};

class echo_handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit echo_handler(server_log& log) : log_(log) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        seen_request seen{request.getMethod(), request.getURI(), request.getContentType(),
                          request.get("Content-Length", ""), request.get("Transfer-Encoding", ""),
                          request.get("User-Agent", ""), {}};
        Poco::StreamCopier::copyToString(request.stream(), seen.body);
        {
            std::lock_guard lock(log_.mutex);
            log_.last = seen;
        }
        ++log_.count;
        response.setContentType("text/plain; charset=utf-8");
        if (seen.uri.ends_with("/redirect")) {
            response.redirect("/api/regru2/nop", Poco::Net::HTTPResponse::HTTP_FOUND);
            return;
        }
        if (seen.uri.ends_with("/broken")) {
            response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
            response.send() << "<h1>Internal Server Error</h1>";
            return;
        }
        if (seen.uri.ends_with("/slow")) std::this_thread::sleep_for(std::chrono::seconds(2));
        std::string body = boost::json::serialize(boost::json::object{{"result", "success"}, {"answer", echo(seen)}});
        response.sendBuffer(body.data(), body.size());  // with a Content-Length, so it can keep alive
    }

private:
    static boost::json::object echo(const seen_request& seen) {
        boost::json::object fields;
        boost::json::value input;
        for (const auto& [name, value] : api::parse_form(seen.body)) {
            fields[name] = value;
            if (name == "input_data") input = boost::json::parse(value);
        }
        return {{"uri", seen.uri}, {"fields", fields}, {"input_data", input}};
    }

    server_log& log_;
};

class echo_factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit echo_factory(server_log& log) : log_(log) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new echo_handler(log_);
    }

private:
    server_log& log_;
};

class loopback_server {
public:
    loopback_server()
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
          server_(new echo_factory(log), socket_, new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~loopback_server() { server_.stopAll(true); }

    std::string endpoint() const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/api/regru2";
    }

    server_log log;

private:
    Poco::Net::ServerSocket socket_;
    Poco::Net::HTTPServer server_;
};

// An endpoint on which nothing listens.
inline std::string closed_endpoint() {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    auto port = probe.address().port();
    probe.close();
    return "http://127.0.0.1:" + std::to_string(port) + "/api/regru2";
}

}  // namespace regru::testing
