// The in-process cost of one call: the whole client path (options snapshot, parameters to
// JSON, form encoding, answer parsing, response) over a transport that answers at once with
// a fixed body. Prints calls per second and CPU time per call.
//
//   bench_call [CALLS]     default 200000
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>

#include "measure.hpp"

#include <cstdlib>
#include <string>

namespace api = regru::api;
using regru::bench::measure;

namespace {

// Answers every request with the same nop answer, as fast as it can.
struct fixed_answer_transport {
    api::http_response answer;
    std::size_t bytes_sent = 0;

    api::http_response send(const api::http_request& request) {
        bytes_sent += request.body.size();
        return answer;
    }
};

}  // namespace

int main(int argc, char** argv) {
    long calls = argc > 1 ? std::atol(argv[1]) : 200'000;
    fixed_answer_transport transport;
    transport.answer.status = 200;
    transport.answer.reason = "OK";
    transport.answer.content_type = "text/plain; charset=utf-8";
    transport.answer.body = R"({"answer":{"login":"test","user_id":0},"charset":"utf-8","messagestore":null,"result":"success"})";

    api::options options;
    options.username = "test";
    options.password = "test";
    options.endpoint = "https://api.reg.ru/api/regru2";
    api::basic_client<fixed_answer_transport, api::json_codec> client(options, transport);

    measure("nop", calls, [&] { return client.nop().is_success(); });
    api::params alias{{"domains", boost::json::array{boost::json::object{{"dname", "test.ru"}},
                                                      boost::json::object{{"dname", "test.com"}}}},
                      {"subdomain", "www"}, {"ipaddr", "111.222.111.222"}};
    measure("zone/add_alias, 2 domains", calls, [&] { return client.zone().add_alias(alias).is_success(); });
    return 0;
}
