// Exceptions. API errors never throw (they are in the response); these are for misuse of the
// library and for reading an answer field as a type it cannot be. No message holds a secret.
#pragma once

#include <stdexcept>
#include <string>

namespace regru::api {

// Bad options, a malformed method name, parameters that cannot be sent: nothing was sent.
class usage_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// An answer field holds something that cannot be read as the requested type.
class bad_value : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace regru::api
