// The steps of one call. The templates here only glue the policies together; the work is in
// ordinary functions compiled once (src/call.cpp).
#pragma once

#include <regru/api/detail/settings.hpp>
#include <regru/api/http.hpp>
#include <regru/api/params.hpp>
#include <regru/api/policies.hpp>
#include <regru/api/response.hpp>

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

// prefix + the percent-encoded data, in one allocation.
std::string assemble_body(std::string_view form_prefix, std::string_view input_data);

void debug_request(const settings& current, const http_request& request, std::size_t input_size);
void debug_response(const settings& current, const response& answer);

template <class Codec, class Encoding>
std::string encode_body(const settings& current, const params& input, const Codec& codec,
                        const Encoding& encoding, std::size_t& input_size) {
    params spare;
    std::string& data = scratch_buffer();
    data.clear();
    codec.write_params(without_format_fields(input, spare), data);
    input_size = data.size();
    if (encoding.identity()) return assemble_body(current.form_prefix(), data);
    std::string converted;
    encoding.to_wire(data, converted);
    return assemble_body(current.form_prefix(), converted);
}

template <class Codec, class Encoding>
response decode_answer(http_response&& raw, const Codec& codec, const Encoding& encoding) {
    if (raw.failure != transport_failure::none || raw.status != 200) {
        return response::from_failure(std::move(raw));
    }
    parsed_body parsed;
    if (encoding.identity()) {
        parsed = codec.parse(raw.body);
    } else {
        std::string utf8;
        encoding.from_wire(raw.body, utf8);
        parsed = codec.parse(utf8);
    }
    if (!parsed.error.empty()) return response::from_bad_body(std::move(raw), std::move(parsed.error));
    return response::from_envelope(std::move(raw), std::move(parsed.document));
}

}  // namespace regru::api::detail
