// Per-item answers: a call naming a list of domains or services gets one item per item it
// named, in its order, shaped like the recording's first item, unless the recording is bound
// to the list (its pattern names the items).
#pragma once

#include <regru/mocks/recordings.hpp>

#include <string>

namespace regru::mocks::detail {

// `body` (the recording's JSON answer) with answer.domains[] / answer.services[] made from the
// request's list of the same name; `body` unchanged when the rule does not apply.
std::string with_requested_items(const std::string& body, const recording& found, const recorded_request& request);

}  // namespace regru::mocks::detail
