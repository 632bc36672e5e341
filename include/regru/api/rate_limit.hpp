// Rate limiting policies. REG.API allows 1200 calls an hour per user and per IP; the limiters
// that respect that come with their own issue. This is the seam, and the do-nothing default.
#pragma once

#include <regru/api/method.hpp>

namespace regru::api {

struct no_rate_limit {
    struct permit {};
    permit acquire(const method_ref&) const noexcept { return {}; }
};

}  // namespace regru::api
