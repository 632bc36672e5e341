// An Encoding that cannot say which charset to use must be refused with a message naming
// charset_for().
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

struct undecided_encoding {
    bool identity() const { return true; }
};

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, regru::api::json_codec,
                             regru::api::no_rate_limit, undecided_encoding> client({});
    return client.nop().is_success() ? 0 : 1;
}
