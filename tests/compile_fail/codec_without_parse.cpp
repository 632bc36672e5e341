// A Codec that can write but not parse must be refused with a message naming parse().
#include <regru/api/basic_client.hpp>
#include <regru/mocks/capture_transport.hpp>

struct write_only_codec {
    static constexpr std::string_view format = "json";
    void write_params(const regru::api::params&, std::string&) const {}
};

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, write_only_codec> client({});
    return client.nop().is_success() ? 0 : 1;
}
