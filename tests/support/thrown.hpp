// What a call throws, for tests that check an error's message.
#pragma once

#include <string>

namespace regru::testing {

// The message of the Error that `action()` throws, or "" when it throws nothing.
template <class Error, class Action>
std::string message_thrown(Action&& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace regru::testing
