// The four policies of basic_client, as C++20 concepts. basic_client checks each requirement
// with its own static_assert, so a type that misses one is told which member is missing.
#pragma once

#include <regru/api/http.hpp>
#include <regru/api/method.hpp>
#include <regru/api/options.hpp>
#include <regru/api/params.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/encoding.hpp>

#include <boost/json/value.hpp>

#include <concepts>
#include <string>
#include <string_view>

namespace regru::api {

// What a Codec makes of a body: the document, or why there is none.
struct parsed_body {
    boost::json::value document;
    std::string error;  // empty on success; otherwise what was wrong, for people
};

namespace policy_requirements {

// Transport: moves one request to the service and brings back its answer. Failures to get an
// answer are reported in the http_response, not thrown.
template <class T>
concept transport_send = requires(T& transport, const http_request& request) {
    { transport.send(request) } -> std::same_as<http_response>;
};

// Codec: the wire format of input_data and of the answer.
template <class C>
concept codec_format = requires {
    { C::format } -> std::convertible_to<std::string_view>;
};
template <class C>
concept codec_write = requires(const C& codec, const params& input, std::string& out) {
    codec.write_params(input, out);
};
template <class C>
concept codec_parse = requires(const C& codec, std::string_view body) {
    { codec.parse(body) } -> std::same_as<parsed_body>;
};

// RateLimiter: acquire() is called before every attempt, with the call's context (method and
// effect, username, host). It grants a permit (held until the answer is back), says how long
// to wait, or refuses; it does not wait itself. Optionally, learn(context, response) is told
// every answer.
template <class L>
concept limiter_acquire = requires(const L& limiter, const call_context& call) {
    { limiter.acquire(call) } -> std::same_as<permit_decision>;
};

// Encoding: which charset the exchange uses, given the client's options (io_encoding). The
// application always speaks UTF-8; the client converts to and from that charset.
template <class E>
concept encoding_choice = requires(const E& encoding, const options& opts) {
    { encoding.charset_for(opts) } -> std::same_as<encoding::charset>;
};

}  // namespace policy_requirements

template <class T>
concept Transport = policy_requirements::transport_send<T>;

template <class C>
concept Codec = policy_requirements::codec_format<C> && policy_requirements::codec_write<C> &&
                policy_requirements::codec_parse<C>;

template <class L>
concept RateLimiter = policy_requirements::limiter_acquire<L>;

template <class E>
concept Encoding = policy_requirements::encoding_choice<E>;

}  // namespace regru::api
