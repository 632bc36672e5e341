// The steps of one call. The templates here only glue the policies together; the work is in
// ordinary functions compiled once (src/call.cpp).
#pragma once

#include <regru/api/detail/settings.hpp>
#include <regru/api/http.hpp>
#include <regru/api/params.hpp>
#include <regru/api/policies.hpp>
#include <regru/api/response.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace regru::api::detail {

// "zone" + "add_alias" -> the table's method_ref, or one built in `path_storage` for a method
// the tables do not list. Throws usage_error for names that are not [A-Za-z0-9_]+.
method_ref resolve_method(std::string_view category, std::string_view method,
                          std::string& path_storage);

// `input` itself, or, when it holds input_format/output_format (which must not change the
// formats), a copy without them made in `spare`.
const params& without_format_fields(const params& input, params& spare);

// A buffer per thread for serialising parameters, so that a call allocates only its body.
std::string& scratch_buffer() noexcept;

// The body: the form prefix, then the serialised parameters in the exchange's charset (with
// \uXXXX escapes for characters it lacks), percent-encoded, in one allocation. Throws
// usage_error when the parameters are not valid UTF-8.
std::string assemble_body(const settings& current, std::string_view input_data);

// The charset an answer's Content-Type names, else `requested`.
encoding::charset answer_charset(const http_response& raw, encoding::charset requested);

// The answer's text in UTF-8: the body itself when `charset` is UTF-8, else its conversion
// into `converted`. Returns nullopt and sets `error` when the body holds bytes the charset
// does not define.
std::optional<std::string_view> answer_text(const http_response& raw, encoding::charset charset,
                                            std::string& converted, std::string& error);

// The charset an envelope declares in its "charset" field, when it is a known one other than
// `used`.
std::optional<encoding::charset> other_declared_charset(const boost::json::value& envelope, encoding::charset used);

void debug_request(const settings& current, const http_request& request, std::size_t input_size);
void debug_response(const settings& current, const response& answer);

template <class Codec>
std::string encode_body(const settings& current, const params& input, const Codec& codec, std::size_t& input_size) {
    params spare;
    std::string& data = scratch_buffer();
    data.clear();
    codec.write_params(without_format_fields(input, spare), data);
    input_size = data.size();
    return assemble_body(current, data);
}

// Parses the answer in `charset`; once more in the charset its envelope declares, if that is
// another one.
template <class Codec>
response decode_answer(http_response&& raw, const Codec& codec, encoding::charset charset) {
    if (raw.failure != transport_failure::none || raw.status != 200) {
        return response::from_failure(std::move(raw));
    }
    std::string converted, error;
    auto parse_as = [&](encoding::charset assumed) {
        auto text = answer_text(raw, assumed, converted, error);
        return text ? codec.parse(*text) : parsed_body{{}, error};
    };
    encoding::charset used = answer_charset(raw, charset);
    parsed_body parsed = parse_as(used);
    if (parsed.error.empty()) {
        if (auto declared = other_declared_charset(parsed.document, used)) parsed = parse_as(*declared);
    }
    if (!parsed.error.empty()) return response::from_bad_body(std::move(raw), std::move(parsed.error));
    return response::from_envelope(std::move(raw), std::move(parsed.document));
}

}  // namespace regru::api::detail
