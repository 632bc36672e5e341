// The JSON codec: input_format=json and output_format=json, with Boost.JSON.
#pragma once

#include <regru/api/params.hpp>
#include <regru/api/policies.hpp>

#include <string>
#include <string_view>

namespace regru::api {

struct json_codec {
    static constexpr std::string_view format = "json";

    // Appends `input` as one compact JSON object.
    void write_params(const params& input, std::string& out) const;

    // The body as a JSON document, or a text that says why it is not one.
    parsed_body parse(std::string_view body) const;
};

}  // namespace regru::api
