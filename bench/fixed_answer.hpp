// What the in-process benchmarks drive the client over: a transport that answers every request
// at once with the same REG.API envelope, so that what they measure is the library's own work.
#pragma once

#include <regru/api/http.hpp>
#include <regru/api/options.hpp>

#include <cstddef>
#include <string>

namespace regru::bench {

// The envelope of a successful nop (and what nginx answers in bench_network).
inline constexpr const char* nop_answer_body =
    R"({"answer":{"login":"test","user_id":0},"charset":"utf-8","messagestore":null,"result":"success"})";

// Answers every request with the same answer, as fast as it can.
struct fixed_answer_transport {
    api::http_response answer;
    std::size_t bytes_sent = 0;

    api::http_response send(const api::http_request& request) {
        bytes_sent += request.body.size();
        return answer;
    }
};

inline fixed_answer_transport answering_nop() {
    fixed_answer_transport transport;
    transport.answer.status = 200;
    transport.answer.reason = "OK";
    transport.answer.content_type = "text/plain; charset=utf-8";
    transport.answer.body = nop_answer_body;
    return transport;
}

// The test account, at REG.API's address (nothing is sent there).
inline api::options test_account() {
    api::options account;
    account.username = account.password = "test";
    account.endpoint = std::string(api::default_endpoint);
    return account;
}

}  // namespace regru::bench
