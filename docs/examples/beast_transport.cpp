// A custom transport: REG.API calls over Boost.Beast instead of Poco.
//
// Anything with `regru::api::http_response send(const regru::api::http_request&)` is a
// Transport. The rules it must keep:
//   - POST request.body to request.url() as application/x-www-form-urlencoded, with a
//     Content-Length, and do not follow redirects;
//   - return whatever HTTP answer comes back (status, reason, content type, body), whatever
//     its status: the client decides what a status means;
//   - report a failure to get an answer in the response (http_response::failed), never by
//     throwing, saying whether the request may have reached the server (connect: it did not;
//     io, timeout: it may have);
//   - be safe to call from several threads if the client is shared (this one opens a
//     connection per call and keeps no state, so it is).
//
// Run it with an http:// endpoint, or without arguments to call a mock REG.API it starts.
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/mock_server.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <iostream>

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class beast_transport {
public:
    regru::api::http_response send(const regru::api::http_request& request) {
        std::string target = request.url();
        auto url = boost::urls::parse_uri(target);  // a view into `target`
        if (!url || url->scheme() != "http") {
            return regru::api::http_response::failed(regru::api::transport_failure::connect,
                                                      "this example speaks plain http:// only");
        }
        std::string host(url->host());
        std::string port = url->has_port() ? std::string(url->port()) : "80";
        boost::asio::io_context io;
        beast::tcp_stream stream(io);
        beast::error_code ec;
        tcp::resolver resolver(io);
        auto addresses = resolver.resolve(host, port, ec);
        if (!ec) stream.connect(addresses, ec);
        if (ec) return regru::api::http_response::failed(regru::api::transport_failure::connect, ec.message());

        http::request<http::string_body> out{http::verb::post, std::string(url->encoded_path()), 11};
        out.set(http::field::host, host);
        out.set(http::field::content_type, regru::api::form_content_type);
        out.body() = request.body;
        out.prepare_payload();  // Content-Length
        stream.expires_after(std::chrono::seconds(30));
        http::write(stream, out, ec);
        beast::flat_buffer buffer;
        http::response<http::string_body> in;
        if (!ec) http::read(stream, buffer, in, ec);
        if (ec) {
            auto why = ec == beast::error::timeout ? regru::api::transport_failure::timeout
                                                   : regru::api::transport_failure::io;
            return regru::api::http_response::failed(why, ec.message() + " (" + host + ":" + port + ")");
        }
        regru::api::http_response answer;
        answer.status = static_cast<int>(in.result_int());
        answer.reason = std::string(in.reason());
        answer.content_type = std::string(in[http::field::content_type]);
        answer.body = std::move(in.body());
        return answer;
    }
};

static_assert(regru::api::Transport<beast_transport>);

int main(int argc, char** argv) {
    std::unique_ptr<regru::mocks::mock_server> local;
    std::string endpoint;
    if (argc > 1) {
        endpoint = argv[1];
    } else {
        local = std::make_unique<regru::mocks::mock_server>(regru::mocks::recording_set::from_directory(RECORDINGS));
        endpoint = local->endpoint();
    }
    regru::api::basic_client<beast_transport, regru::api::json_codec> client(
        {.username = "test", .password = "test", .endpoint = endpoint});
    auto balance = client.user().get_balance({{"currency", "UAH"}});
    if (!balance.is_success()) {
        std::cerr << balance.error_code() << ": " << balance.error_text() << '\n';
        return 1;
    }
    std::cout << "prepay " << *balance.get<std::string>("prepay") << " " << *balance.get<std::string>("currency") << '\n';
    return 0;
}
