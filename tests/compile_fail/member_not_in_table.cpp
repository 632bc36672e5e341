// A named member exists only for the methods of the table.
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, regru::api::json_codec> client({});
    return client.zone().add_aliass().is_success() ? 0 : 1;
}
