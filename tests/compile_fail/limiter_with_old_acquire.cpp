// A RateLimiter written for the old seam, acquire(method_ref), must be told what acquire()
// takes and returns now: the call's context, and a decision rather than a permit.
#include <regru/api/basic_client.hpp>
#include <regru/codecs/json_codec.hpp>
#include <regru/mocks/capture_transport.hpp>

struct old_limiter {
    struct permit {};
    permit acquire(const regru::api::method_ref&) const { return {}; }
};

int main() {
    regru::api::basic_client<regru::mocks::capture_transport, regru::api::json_codec, old_limiter> client({});
    return client.nop().is_success() ? 0 : 1;
}
