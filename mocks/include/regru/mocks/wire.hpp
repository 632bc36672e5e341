// How REG.API reads a request's form and writes its answer, in the charset io_encoding names.
// One decoder and one encoder, shared by the mock service (so the mock server) and
// replay_transport, so that both read and write the wire alike.
//
// Reading: the form is parsed; io_encoding (absent: utf8) names its charset; every value is
// taken from that charset to UTF-8; the parameters are input_data's object when
// input_format=json, else the form fields that are not the service's own (username,
// password, input_format, output_format, input_data, lang, io_encoding).
//
// Writing: a JSON answer (kept in UTF-8) goes out in the request's charset, characters the
// charset lacks as \uXXXX escapes, with its "charset" field and Content-Type naming it.
#pragma once

#include <regru/encoding.hpp>
#include <regru/mocks/recordings.hpp>

#include <string>
#include <string_view>

namespace regru::mocks {

// Why a request cannot be read; each has its answer from the service.
enum class wire_problem {
    none,
    malformed_form,   // the body is no application/x-www-form-urlencoded form: HTTP 400
    unknown_charset,  // io_encoding names no charset REG.API knows: PARAMETER_INCORRECT
    undefined_bytes,  // a value holds bytes its charset does not define: PARAMETER_INCORRECT
    bad_input_data,   // input_format=json and input_data is no JSON object: PARAMETER_INCORRECT
};

struct wire_request {
    recorded_request request;  // the method, the form's fields (in UTF-8) and the parameters
    encoding::charset charset = encoding::charset::utf8;  // io_encoding's; utf8 when unknown
    std::string lang;  // for the service's own error texts
    wire_problem problem = wire_problem::none;
    std::string problem_text;  // why, for people, when there is a problem; never a value sent

    bool readable() const noexcept { return problem == wire_problem::none; }
};

// The form `body` of a call to `method` ("zone/nop"), read as the service reads it. Reading
// stops at the first problem: after unknown_charset or undefined_bytes the fields are as sent,
// after bad_input_data they are in UTF-8; the parameters are there only when readable().
wire_request read_request(std::string_view method, std::string_view body);

// An answer as the service writes it in `charset`: a JSON `body` (in UTF-8) converted, its
// "charset" field (when it has one) and `content_type` saying which. A body that is not JSON,
// and any body in utf8, stays as it is.
void write_in_charset(encoding::charset charset, std::string& body, std::string& content_type);

}  // namespace regru::mocks
