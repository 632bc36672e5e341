#include <regru/mocks/mock_server.hpp>
#include <regru/mocks/mock_service.hpp>
#include <regru/mocks/pki.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocketImpl.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>

namespace regru::mocks {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// The faults an endpoint's path may name, and the argument each takes ("" for none).
struct fault_kind {
    std::string_view name, argument;
};
constexpr std::array<fault_kind, 8> fault_kinds{{{"delay", "MS"},
                                                 {"drip", "MS"},
                                                 {"close", ""},
                                                 {"reset", ""},
                                                 {"status", "CODE"},
                                                 {"not-json", ""},
                                                 {"huge", "BYTES"},
                                                 {"lost-answer", ""}}};

// "delay/MS, drip/MS, ..., first/N/KIND[/ARG], after/N/KIND[/ARG]", for the refusal of an unknown kind.
std::string known_faults() {
    std::string list;
    for (const auto& kind : fault_kinds) {
        list += std::string(kind.name) + (kind.argument.empty() ? "" : "/" + std::string(kind.argument)) + ", ";
    }
    return list + "first/N/KIND[/ARG], after/N/KIND[/ARG]";
}

// A fault taken from the front of a request's path.
struct fault {
    std::string kind;  // "" for none
    long argument = 0;
    long first = 0;     // first/N/...: only the first N requests through this path meet it; 0: all
    long after = 0;     // after/N/...: only the requests after the first N through this path; 0: all
    std::string path;   // as the endpoint names it ("first/2/status/503"): the log's, and the counter's
    std::string error;  // the endpoint names a fault that is not one of these: why
};

// A whole number from a path segment, or -1.
long segment_number(const std::string& text) {
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
    return std::stol(text);
}

// "/fault/drip/100/api/regru2/nop" -> {drip, 100} and "/api/regru2/nop".
fault take_fault(std::string& path) {
    static const std::string prefix = "/fault/";
    if (!path.starts_with(prefix)) return {};
    std::size_t end = prefix.size() - 1;  // the '/' before the next segment
    auto next_segment = [&] {
        std::size_t from = end == std::string::npos ? path.size() : end + 1;
        end = path.find('/', from);
        return path.substr(from, end - from);
    };
    fault found;
    std::string kind = next_segment();
    if (kind == "first" || kind == "after") {
        std::string count = next_segment();
        long number = segment_number(count);
        if (number < 1) {
            found.error = kind + "/N takes a whole number of requests N of at least 1, not \"" + count + "\"";
            return found;
        }
        (kind == "first" ? found.first : found.after) = number;
        kind = next_segment();
    }
    auto known = std::find_if(fault_kinds.begin(), fault_kinds.end(), [&](const fault_kind& k) { return k.name == kind; });
    if (known == fault_kinds.end()) {
        found.error = "unknown fault kind \"" + kind + "\"; the known ones are " + known_faults();
        return found;
    }
    found.kind = kind;
    if (!known->argument.empty()) {
        std::string argument = next_segment();
        found.argument = segment_number(argument);
        if (found.argument < 0) {
            found.error = "fault " + kind + "/" + std::string(known->argument) + " takes a whole number, not \"" +
                          argument + "\"";
            return found;
        }
    }
    std::size_t rest = end == std::string::npos ? path.size() : end;
    found.path = path.substr(prefix.size(), rest - prefix.size());
    path = path.substr(rest);
    return found;
}

std::string html_page(int status, const std::string& reason) {
    return "<html><head><title>" + std::to_string(status) + " " + reason + "</title></head><body><h1>" +
           std::to_string(status) + " " + reason + "</h1><hr><center>nginx</center></body></html>\n";
}

// A temporary folder for certificates made at start, removed at the end.
struct scratch_folder {
    scratch_folder() {
        std::string pattern = (fs::temp_directory_path() / "regru-mock-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a temporary folder");
        path = pattern;
    }
    ~scratch_folder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

}  // namespace

struct mock_server::impl {
    impl(recording_set recordings, mock_server_options opts)
        : options(std::move(opts)),
          service(std::move(recordings), options.base_path, {options.rate_limit, options.billing_delay},
                  {options.accounts, options.stateful, options.state_file, options.check_signature}),
          threads(2, static_cast<int>(options.threads)) {}

    mock_server_options options;
    mock_service service;
    Poco::ThreadPool threads;
    std::unique_ptr<scratch_folder> scratch;
    fs::path ca;
    std::unique_ptr<Poco::Net::HTTPServer> main_listener;
    std::map<tls_fault, std::unique_ptr<Poco::Net::HTTPServer>> fault_listeners;
    std::atomic<std::uint64_t> served{0};

    // Requests that reached each first/N and after/N fault path so far.
    std::mutex first_mutex;
    std::map<std::string, long> first_counts;

    std::mutex stop_mutex;
    std::condition_variable stop_signal;
    bool stopping = false;

    // Waits `ms`, or less if the server stops; false when it stops.
    bool pause(long ms) {
        std::unique_lock lock(stop_mutex);
        return !stop_signal.wait_for(lock, milliseconds(ms), [this] { return stopping; });
    }

    void log(const std::string& line) const {
        if (options.log) options.log(line);
    }

    // Whether `injected` hits this request: always, but for first/N past its N-th request and
    // for after/N up to its N-th.
    bool hits(const fault& injected) {
        if (injected.first == 0 && injected.after == 0) return true;
        std::lock_guard lock(first_mutex);
        long count = ++first_counts[injected.path];
        return injected.first != 0 ? count <= injected.first : count > injected.after;
    }

    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    // The request's body, up to max_request_bytes; false when it is larger.
    bool read_body(Poco::Net::HTTPServerRequest& request, std::string& body) const;
    void send(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
              const service_reply& reply, const fault& injected);
    std::unique_ptr<Poco::Net::HTTPServer> listen(std::uint16_t port, Poco::Net::Context::Ptr tls);
    Poco::Net::Context::Ptr server_context(const fs::path& certificate, const fs::path& key) const;
    void start();
};

namespace {

class handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit handler(mock_server::impl& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        server_.handle(request, response);
    }

private:
    mock_server::impl& server_;
};

class handler_factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit handler_factory(mock_server::impl& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new handler(server_);
    }

private:
    mock_server::impl& server_;
};

// Ends the connection under Poco's feet, without TLS's orderly close: with a TCP reset, or
// with a plain close (FIN).
void drop_connection(Poco::Net::HTTPServerRequest& request, bool reset) {
    Poco::Net::StreamSocket& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
    if (!reset) {
        ::shutdown(socket.impl()->sockfd(), SHUT_RDWR);  // TCP's, bypassing TLS's close_notify
        return;
    }
    // Closing with a zero linger sends a reset. The descriptor is replaced rather than closed,
    // so that Poco, which still holds it, cannot close a number since reused by another socket.
    socket.setLinger(true, 0);
    int placeholder = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    ::dup2(placeholder, socket.impl()->sockfd());
    ::close(placeholder);
}

}  // namespace

void mock_server::impl::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    ++served;
    std::string uri = request.getURI();
    // A proxy may forward the absolute form ("http://host:port/path"), which servers must take.
    if (auto scheme = uri.find("://"); scheme != std::string::npos && uri.find('/') > scheme) {
        auto path = uri.find('/', scheme + 3);
        uri = path == std::string::npos ? "/" : uri.substr(path);
    }
    std::string query;
    if (auto mark = uri.find('?'); mark != std::string::npos) {
        query = uri.substr(mark + 1);
        uri.resize(mark);
    }
    std::string whole_path = uri;
    fault injected = take_fault(uri);

    std::string body;
    bool too_large = !read_body(request, body);
    service_reply reply;
    if (!injected.error.empty()) {
        log(request.getMethod() + " " + whole_path + " 400 - [bad fault: " + injected.error + "]");
        reply = {400, "text/plain; charset=utf-8", "mock server: " + injected.error + "\n", "-"};
        return send(request, response, reply, {});
    }
    if (!hits(injected)) injected = {};
    if (too_large) {
        reply = {413, "text/plain; charset=utf-8", "Request Entity Too Large\n", "-"};
    } else {
        std::string client = request.clientAddress().host().toString();
        reply = service.answer({request.getMethod(), uri, query, request.getContentType(), body, client});
    }
    log(request.getMethod() + " " + uri + " " + std::to_string(reply.status) + " " + reply.summary +
        (injected.kind.empty() ? "" : " [fault " + injected.path + "]"));

    // A charges call takes billing_delay, its account's balance lock held; then it is done.
    if (reply.delay > milliseconds(0) && !pause(reply.delay.count())) return;
    reply.hold.reset();

    if (injected.kind == "reset") return drop_connection(request, true);
    if (injected.kind == "lost-answer") return drop_connection(request, false);
    if (injected.kind == "delay" && !pause(injected.argument)) return;
    if (injected.kind == "status") {
        auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(injected.argument);
        if (injected.argument >= 300 && injected.argument < 400) {
            response.set("Location", uri);
            reply = {static_cast<int>(injected.argument), "text/html", "", ""};
        } else {
            reply = {static_cast<int>(injected.argument), "text/html",
                     html_page(static_cast<int>(injected.argument), Poco::Net::HTTPResponse::getReasonForStatus(status)), ""};
        }
    } else if (injected.kind == "not-json") {
        reply = {200, "text/html", html_page(502, "Bad Gateway"), ""};
    } else if (injected.kind == "huge") {
        std::string envelope = R"({"result":"success","answer":{"padding":""}})";
        auto padding = static_cast<std::size_t>(std::max<long>(injected.argument, static_cast<long>(envelope.size()))) - envelope.size();
        reply.body = R"({"result":"success","answer":{"padding":")" + std::string(padding, 'x') + "\"}}";
        reply.status = 200;
    }
    send(request, response, reply, injected);
}

bool mock_server::impl::read_body(Poco::Net::HTTPServerRequest& request, std::string& body) const {
    if (request.hasContentLength() && static_cast<std::size_t>(request.getContentLength64()) > options.max_request_bytes) {
        return false;
    }
    char buffer[16384];
    std::istream& in = request.stream();
    while (in.read(buffer, sizeof buffer), in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > options.max_request_bytes) return false;
    }
    return true;
}

void mock_server::impl::send(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                             const service_reply& reply, const fault& injected) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    response.setContentType(reply.content_type);
    response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
    if (injected.kind.empty() || injected.kind == "delay" || injected.kind == "status" ||
        injected.kind == "not-json" || injected.kind == "huge") {
        response.sendBuffer(reply.body.data(), reply.body.size());
        return;
    }
    std::ostream& out = response.send();
    if (injected.kind == "close") {
        out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size() / 2));
        out.flush();
        return drop_connection(request, false);
    }
    if (injected.kind == "drip") {
        for (char c : reply.body) {
            out.put(c);
            out.flush();
            if (!out || !pause(injected.argument)) return;
        }
    }
}

Poco::Net::Context::Ptr mock_server::impl::server_context(const fs::path& certificate, const fs::path& key) const {
    Poco::Net::Context::Params params;
    params.certificateFile = certificate.string();
    params.privateKeyFile = key.string();
    params.cipherList = "DEFAULT";
    params.loadDefaultCAs = false;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    if (!options.client_ca.empty()) {
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.caLocation = options.client_ca.string();
    }
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    // OpenSSL verifies client certificates against client_ca; Poco's extra check would match
    // their names against the client's address.
    context->enableExtendedCertificateVerification(false);
    return context;
}

std::unique_ptr<Poco::Net::HTTPServer> mock_server::impl::listen(std::uint16_t port, Poco::Net::Context::Ptr tls) {
    Poco::Net::SocketAddress address(options.address, port);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (tls) socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, tls);
    else socket = std::make_unique<Poco::Net::ServerSocket>(address, 64);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(static_cast<int>(options.threads));
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(options.keep_alive_timeout.count() * 1000));
    auto server = std::make_unique<Poco::Net::HTTPServer>(new handler_factory(*this), threads, *socket, params);
    server->start();
    return server;
}

void mock_server::impl::start() {
    if (!options.tls) {
        main_listener = listen(options.port, nullptr);
        return;
    }
    Poco::Net::initializeSSL();
    scratch = std::make_unique<scratch_folder>();
    auto made = pki::make_loopback_pki();
    made.authority.write(scratch->path / "ca.pem", scratch->path / "ca.key");
    fs::path certificate = options.certificate, key = options.private_key;
    if (certificate.empty()) {
        made.server.write(certificate = scratch->path / "server.pem", key = scratch->path / "server.key");
        ca = scratch->path / "ca.pem";
    }
    main_listener = listen(options.port, server_context(certificate, key));
    if (!options.tls_faults) return;

    auto serve_fault = [&](tls_fault which, const pki::identity& identity, const std::string& name) {
        identity.write(scratch->path / (name + ".pem"), scratch->path / (name + ".key"));
        fault_listeners[which] = listen(0, server_context(scratch->path / (name + ".pem"), scratch->path / (name + ".key")));
    };
    auto stranger = pki::issue({"unknown CA", {}, {}, std::chrono::hours(-1), std::chrono::hours(24), true, false});
    serve_fault(tls_fault::untrusted, pki::issue({"localhost", {"localhost"}, {"127.0.0.1"}}, &stranger), "untrusted");
    serve_fault(tls_fault::expired,
                pki::issue({"localhost", {"localhost"}, {"127.0.0.1"}, std::chrono::hours(-48), std::chrono::hours(-24)},
                           &made.authority),
                "expired");
    serve_fault(tls_fault::wrong_host, pki::issue({"wrong.example", {"wrong.example"}, {}}, &made.authority), "wrong-host");
}

mock_server::mock_server(recording_set recordings, mock_server_options options)
    : impl_(std::make_unique<impl>(std::move(recordings), std::move(options))) {
    try {
        impl_->start();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("mock server: " + e.displayText());
    }
}

mock_server::~mock_server() { stop(); }

void mock_server::stop() {
    {
        std::lock_guard lock(impl_->stop_mutex);
        if (impl_->stopping) return;
        impl_->stopping = true;
    }
    impl_->stop_signal.notify_all();
    if (impl_->main_listener) impl_->main_listener->stopAll(true);
    for (auto& [which, listener] : impl_->fault_listeners) listener->stopAll(true);
    impl_->threads.joinAll();
}

std::uint16_t mock_server::port() const { return impl_->main_listener->port(); }

std::string mock_server::endpoint() const {
    // An IPv6 address is written in brackets in a URL: http://[::1]:8080/.
    const std::string& address = impl_->options.address;
    std::string host = address.find(':') == std::string::npos ? address : "[" + address + "]";
    return std::string(impl_->options.tls ? "https" : "http") + "://" + host + ":" + std::to_string(port()) +
           impl_->options.base_path;
}

std::string mock_server::fault_endpoint(std::string_view fault) const {
    std::string url = endpoint();
    url.insert(url.size() - impl_->options.base_path.size(), "/fault/" + std::string(fault));
    return url;
}

std::string mock_server::tls_fault_endpoint(tls_fault fault) const {
    auto found = impl_->fault_listeners.find(fault);
    if (found == impl_->fault_listeners.end()) throw std::logic_error("mock server: started without tls_faults");
    return "https://" + impl_->options.address + ":" + std::to_string(found->second->port()) + impl_->options.base_path;
}

fs::path mock_server::ca_certificate() const { return impl_->ca; }

std::uint64_t mock_server::requests() const { return impl_->served; }

}  // namespace regru::mocks
