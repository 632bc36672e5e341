// How REG.API reads a request's form and writes its answer, in the charset io_encoding names.
// One decoder and one encoder, shared by the mock service (so the mock server) and
// replay_transport, so that both read and write the wire alike.
//
// Reading: the body is application/x-www-form-urlencoded, read leniently as the service does
// (raw { } [ ] " and spaces kept, '+' a space, %XX decoded, a '%' without two hex digits kept
// as it is), or multipart/form-data (each part's name and bytes). With input_format=json,
// the service's own fields input_data carries (username, password, output_format,
// io_encoding, lang, show_input_params) count as form fields, the form's own winning.
// io_encoding (absent: utf8) names the charset; every value is taken from it to UTF-8; the
// parameters are input_data's object when input_format=json, else the form fields that are
// not the service's own (username, password, input_format, output_format, input_data, lang,
// io_encoding, sig).
//
// Writing: an answer (JSON, kept in UTF-8) goes out in the request's output_format (json, or
// xml as xml_answer.hpp writes it) and charset, characters the charset lacks as \uXXXX escapes
// (JSON) or character references (XML), with its "charset" field and Content-Type naming it.
#pragma once

#include <regru/api/http.hpp>
#include <regru/encoding.hpp>
#include <regru/mocks/recordings.hpp>

#include <string>
#include <string_view>

namespace regru::mocks {

// Why a request cannot be read; each has its answer from the service.
enum class wire_problem {
    none,
    unsupported_body,  // the Content-Type is neither form: HTTP 415
    malformed_form,   // a multipart body that does not follow its boundary: HTTP 400
    unknown_charset,  // io_encoding names no charset REG.API knows: PARAMETER_INCORRECT
    undefined_bytes,  // a value holds bytes its charset does not define: PARAMETER_INCORRECT
    bad_input_data,   // input_format=json and input_data is no JSON object: PARAMETER_INCORRECT
};

// The answer's format, from output_format; the service's others (yaml, plain) are not played.
enum class answer_format { json, xml };

struct wire_request {
    recorded_request request;  // the method, the form's fields (in UTF-8) and the parameters
    encoding::charset charset = encoding::charset::utf8;  // io_encoding's; utf8 when unknown
    std::string lang;  // for the service's own error texts
    answer_format format = answer_format::json;
    wire_problem problem = wire_problem::none;
    std::string problem_text;  // why, for people, when there is a problem; never a value sent

    bool readable() const noexcept { return problem == wire_problem::none; }
};

// The `body` of a call to `method` ("zone/nop") sent as `content_type`, read as the service
// reads it. Reading stops at the first problem: after unknown_charset or undefined_bytes the
// fields are as sent, after bad_input_data they are in UTF-8; the parameters are there only
// when readable().
wire_request read_request(std::string_view method, std::string_view body,
                          std::string_view content_type = api::form_content_type);

// An answer to `call` as the service writes it: a JSON `body` (in UTF-8) in the call's format
// and charset, its "charset" field (when it has one) and `content_type` saying which. A body
// that is not JSON, and a JSON answer in utf8, stays as it is.
void write_answer(const wire_request& call, std::string& body, std::string& content_type);

}  // namespace regru::mocks
