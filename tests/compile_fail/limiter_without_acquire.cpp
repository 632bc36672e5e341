// A RateLimiter without acquire() must be refused with a message naming acquire().
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

struct forgetful_limiter {
    void wait() {}
};

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, regru::api::json_codec, forgetful_limiter> client({});
    return client.nop().is_success() ? 0 : 1;
}
