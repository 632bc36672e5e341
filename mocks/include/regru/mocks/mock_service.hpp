// What the mock REG.API answers, apart from HTTP: a request in, a reply out. The mock server
// (mock_server.hpp) puts this on a socket; tests can also call it directly.
//
// It behaves like REG.API's test mode:
//   - only POST to {base}/{method} (GET: ONLY_POST_ALLOWED; a query string:
//     QUERY_PARAMS_DISALLOWED), with an application/x-www-form-urlencoded body;
//   - parameters from input_data (input_format=json) or from the form fields themselves
//     (input_format=plain, as the service allows); malformed input_data: PARAMETER_INCORRECT;
//   - the test account test/test works; no username: NO_USERNAME (except for methods open
//     to everyone); other credentials: USER_AUTHENTICATION_FAILED; a recording that names a
//     username answers for that username whatever its password (accounts such as "blocked");
//   - an unknown method: NO_SUCH_COMMAND; a known one answers from the recordings (see
//     recordings.hpp for the matching rules), or NO_RECORDING when none matches;
//   - show_input_params=1 echoes the parameters as input_params (never the password);
//   - lang (en, ru, th) picks the language of its own error texts;
//   - io_encoding (utf8, cp1251, koi8-r, koi8-u, cp866) is the charset of the request's form
//     and of the answer, whose Content-Type and "charset" field say so; characters the charset
//     lacks go out as JSON \uXXXX escapes.
#pragma once

#include <regru/mocks/recordings.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace regru::mocks {

struct service_request {
    std::string_view http_method;   // "POST"
    std::string_view path;          // "/api/regru2/zone/nop"
    std::string_view query;         // the query string, "" when none
    std::string_view content_type;  // "application/x-www-form-urlencoded"
    std::string_view body;
};

struct service_reply {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::string summary;  // for the log: "recorded zone.json#3", "USER_AUTHENTICATION_FAILED", ...
};

class mock_service {
public:
    explicit mock_service(recording_set recordings, std::string base_path = "/api/regru2");

    service_reply answer(const service_request& request) const;

    const recording_set& recordings() const noexcept { return recordings_; }

private:
    struct parsed;
    service_reply reply_for(const parsed& call) const;

    recording_set recordings_;
    std::string base_path_;
};

}  // namespace regru::mocks
