// A Transport without send() must be refused with a message naming send().
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>

struct silent_transport {};

int main() {
    regru::api::basic_client<silent_transport, regru::api::json_codec> client({});
    return client.nop().is_success() ? 0 : 1;
}
