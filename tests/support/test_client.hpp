// Shared by the tests: a client whose transport records requests instead of sending them.
#pragma once

#include <regru/api/basic_client.hpp>
#include <regru/api/catalogue.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

#include <boost/json/parse.hpp>

namespace regru::testing {

using capture_client = api::basic_client<mocks::capture_transport, api::json_codec>;

// The test account, and an endpoint that no environment variable can change.
inline api::options test_options() {
    api::options opts;
    opts.username = "test";
    opts.password = "test";
    opts.endpoint = "https://api.example.test/api/regru2";
    return opts;
}

inline capture_client make_client(api::options opts = test_options()) {
    return capture_client(std::move(opts), mocks::capture_transport());
}

// A client whose every call gets `body` with HTTP `status`.
inline capture_client client_answering(std::string body, int status = 200) {
    return capture_client(test_options(), mocks::capture_transport(mocks::http_answer(std::move(body), status)));
}

// The form a client with `opts` sends for `method` ("zone/nop") with `input`: the very bytes.
inline std::string form_sent(api::options opts, std::string_view method, const api::params& input) {
    auto client = make_client(std::move(opts));
    client.invoke(*api::find_method(method), input);
    return client.transport().last().body;
}

inline boost::json::object object(std::string_view json_text) {
    return boost::json::parse(json_text).as_object();
}

}  // namespace regru::testing
