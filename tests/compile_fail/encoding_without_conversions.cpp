// An Encoding without to_wire()/from_wire() must be refused with a message naming them.
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

struct half_encoding {
    bool identity() const { return true; }
};

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, regru::api::json_codec,
                             regru::api::no_rate_limit, half_encoding> client({});
    return client.nop().is_success() ? 0 : 1;
}
