// The in-process cost of one call: the whole client path (options snapshot, parameters to
// JSON, form encoding, answer parsing, response) over a transport that answers at once with
// a fixed body. Prints calls per second and CPU time per call.
//
//   bench_call [CALLS]     default 200000
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>

#include "fixed_answer.hpp"
#include "measure.hpp"

#include <cstdlib>
#include <string>

namespace api = regru::api;
using regru::bench::fixed_answer_transport;
using regru::bench::measure;

int main(int argc, char** argv) {
    long calls = argc > 1 ? std::atol(argv[1]) : 200'000;
    api::basic_client<fixed_answer_transport, api::json_codec> client(regru::bench::test_account(),
                                                                      regru::bench::answering_nop());

    measure("nop", calls, [&] { return client.nop().is_success(); });
    api::params alias{{"domains", boost::json::array{boost::json::object{{"dname", "test.ru"}},
                                                      boost::json::object{{"dname", "test.com"}}}},
                      {"subdomain", "www"}, {"ipaddr", "111.222.111.222"}};
    measure("zone/add_alias, 2 domains", calls, [&] { return client.zone().add_alias(alias).is_success(); });
    return 0;
}
