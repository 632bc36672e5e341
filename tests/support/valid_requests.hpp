// Requests that pass test mode's validation (mocks/validation.hpp), for tests that call
// methods with the parameters of shipped recordings, whose patterns name only a part.
#pragma once

#include <regru/api/params.hpp>
#include <regru/mocks/recordings.hpp>
#include <regru/mocks/validation.hpp>

namespace regru::testing {

// `method`'s valid example (none for methods that validate nothing) with `input` over it.
inline api::params valid_call(std::string_view method, const api::params& input) {
    const auto* requirements = mocks::requirements_of(method);
    api::params call = requirements ? mocks::valid_example(*requirements) : api::params{};
    for (const auto& member : input) call[member.key()] = member.value();
    return call;
}

}  // namespace regru::testing
