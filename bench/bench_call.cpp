// The in-process cost of one call: the whole client path (options snapshot, parameters to
// JSON, form encoding, answer parsing, response) over a transport that answers at once with
// a fixed body. Prints calls per second and CPU time per call.
//
//   bench_call [CALLS]     default 200000
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace api = regru::api;

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

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

template <class Call>
void measure(const char* label, long calls, Call call) {
    for (long i = 0; i < calls / 10; ++i) call();  // warm up
    auto wall_start = std::chrono::steady_clock::now();
    double cpu_start = cpu_seconds();
    long ok = 0;
    for (long i = 0; i < calls; ++i) ok += call();
    double cpu = cpu_seconds() - cpu_start;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    std::printf("%-34s %9.0f calls/s  %6.2f us CPU/call  (%ld of %ld succeeded)\n", label,
                static_cast<double>(calls) / wall, cpu / static_cast<double>(calls) * 1e6, ok, calls);
}

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
