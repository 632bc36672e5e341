// regru-api: a C++20 client for REG.API v2, the API of the registrar REG.RU.
//
//     regru::api::client client({.username = "test", .password = "test"});
//     auto balance = client.user().get_balance({{"currency", "RUR"}});
//     if (balance.is_success()) std::cout << *balance.get<double>("prepay") << '\n';
//     else std::cerr << balance.error_code() << ": " << balance.error_text() << '\n';
//
// This header brings the everyday client: Poco HTTPS transport, JSON codec, REG.API's limits
// kept in this process (rate_limiter: 1200 calls an hour per user and per IP, one `charges`
// call at a time per account), the charset chosen by the io_encoding option. Link regru::api. For other compositions include
// <regru/api/basic_client.hpp> and the policies you want.
#pragma once

#include <regru/api/basic_client.hpp>
#include <regru/api/catalogue.hpp>
#include <regru/api/errors.hpp>
#include <regru/encoding.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/transports/poco_transport.hpp>

namespace regru::api {

using client = basic_client<poco_transport, json_codec, rate_limiter, encodings::by_option>;

}  // namespace regru::api
