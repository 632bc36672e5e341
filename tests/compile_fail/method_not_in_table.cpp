// Dispatch by name to a method the zone table does not list must not compile.
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, regru::api::json_codec> client({});
    return client.zone().call<"add_aliass">().is_success() ? 0 : 1;
}
