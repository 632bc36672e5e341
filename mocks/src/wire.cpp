#include <regru/mocks/wire.hpp>
#include <regru/mocks/xml_answer.hpp>

#include "multipart_form.hpp"

#include <regru/api/form.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

namespace regru::mocks {
namespace {

namespace json = boost::json;

// Fields of the form that are not the method's parameters.
constexpr std::array<std::string_view, 8> service_fields{"username",   "password", "input_format", "output_format",
                                                          "input_data", "lang",     "io_encoding",  "sig"};

// The service's own fields that input_data may carry, as the documentation's samples do.
constexpr std::array<std::string_view, 6> fields_input_data_carries{"username", "password",    "output_format",
                                                                   "io_encoding", "lang", "show_input_params"};

constexpr std::string_view multipart_content_type = "multipart/form-data";

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A form name or value decoded as the service decodes it: '+' a space, %XX its byte, anything
// else (a '%' without two hex digits, raw { } " and spaces) as it is.
std::string form_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        int high = text[i] == '%' && i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
        int low = high >= 0 ? hex_digit(text[i + 2]) : -1;
        if (low >= 0) {
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

// An application/x-www-form-urlencoded body, read leniently: every '&'-separated piece is a
// field, its name up to the first '='. Unlike api::parse_form, nothing is refused.
api::form_fields lenient_form(std::string_view body) {
    api::form_fields fields;
    while (!body.empty()) {
        std::size_t end = std::min(body.find('&'), body.size());
        std::string_view piece = body.substr(0, end);
        body.remove_prefix(std::min(end + 1, body.size()));
        if (piece.empty()) continue;
        std::size_t equals = std::min(piece.find('='), piece.size());
        fields.emplace_back(form_decoded(piece.substr(0, equals)),
                            form_decoded(piece.substr(std::min(equals + 1, piece.size()))));
    }
    return fields;
}

bool is_content_type(std::string_view content_type, std::string_view type) {
    return equal_ignoring_case(content_type.substr(0, std::min(type.size(), content_type.size())), type);
}

wire_request& fail(wire_request& read, wire_problem problem, std::string why) {
    read.problem = problem;
    read.problem_text = std::move(why);
    return read;
}

// The body's fields by its Content-Type; false (and the problem) when it cannot be read.
bool read_fields(wire_request& read, std::string_view body, std::string_view content_type) {
    if (is_content_type(content_type, api::form_content_type)) {
        read.request.fields = lenient_form(body);
        return true;
    }
    if (!is_content_type(content_type, multipart_content_type)) {
        fail(read, wire_problem::unsupported_body,
             "The mock server takes application/x-www-form-urlencoded and multipart/form-data bodies");
        return false;
    }
    auto boundary = multipart_boundary(content_type);
    if (!boundary) {
        fail(read, wire_problem::malformed_form, "multipart/form-data without a boundary");
        return false;
    }
    try {
        read.request.fields = read_multipart(body, *boundary);
    } catch (const std::invalid_argument& e) {
        fail(read, wire_problem::malformed_form, e.what());
        return false;
    }
    return true;
}

// A scalar of input_data as a form field's text; nullopt for objects and arrays.
std::optional<std::string> as_field(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    if (value.is_number()) return json::serialize(value);
    if (value.is_bool()) return value.get_bool() ? "1" : "0";
    return std::nullopt;
}

// With input_format=json, the service's own fields input_data carries and the form lacks
// become fields. Done before the charset is known (io_encoding may be one of them), so
// input_data is read here as bytes; read_parameters reads it again in UTF-8, and says why
// when it is no JSON object.
void take_fields_from_input_data(api::form_fields& fields) {
    const std::string* input = api::find_field(fields, "input_data");
    const std::string* format = api::find_field(fields, "input_format");
    if (input == nullptr || format == nullptr || *format != "json") return;
    json::parse_options as_bytes;
    as_bytes.allow_invalid_utf8 = true;
    boost::system::error_code ec;
    json::value parsed = json::parse(*input, ec, {}, as_bytes);
    if (ec || !parsed.is_object()) return;
    for (std::string_view name : fields_input_data_carries) {
        const json::value* carried = parsed.get_object().if_contains(name);
        if (carried == nullptr || api::find_field(fields, name) != nullptr) continue;
        if (auto text = as_field(*carried)) fields.emplace_back(name, std::move(*text));
    }
}

// Takes the form's values from `charset` to UTF-8; false when a value holds bytes the charset
// does not define.
bool fields_to_utf8(api::form_fields& fields, encoding::charset charset) {
    if (charset == encoding::charset::utf8) return true;
    try {
        for (auto& field : fields) field.second = encoding::to_utf8(charset, field.second);
    } catch (const encoding::conversion_error&) {
        return false;
    }
    return true;
}

// The parameters: input_data's object (input_format=json), else the fields of the method.
void read_parameters(wire_request& read) {
    if (read.request.field("input_format") != "json") {
        for (const auto& [name, value] : read.request.fields) {
            if (std::find(service_fields.begin(), service_fields.end(), name) == service_fields.end()) {
                read.request.input_data[name] = value;
            }
        }
        return;
    }
    std::string input = read.request.field("input_data");
    boost::system::error_code ec;
    json::value parsed = input.empty() ? json::value(json::object()) : json::parse(input, ec);
    if (ec || !parsed.is_object()) {
        fail(read, wire_problem::bad_input_data,
             "input_data is not a JSON object" + (ec ? ": " + ec.message() : std::string()));
        return;
    }
    read.request.input_data = std::move(parsed.get_object());
}

}  // namespace

wire_request read_request(std::string_view method, std::string_view body, std::string_view content_type) {
    wire_request read;
    read.request.method = std::string(method);
    if (!read_fields(read, body, content_type)) return read;
    take_fields_from_input_data(read.request.fields);
    read.lang = read.request.field("lang");
    if (read.request.field("output_format") == "xml") read.format = answer_format::xml;
    if (const std::string* io_encoding = api::find_field(read.request.fields, "io_encoding")) {
        auto charset = encoding::from_name(*io_encoding);
        if (!charset) {
            return fail(read, wire_problem::unknown_charset, "io_encoding must be utf8, cp1251, koi8-r, koi8-u or cp866");
        }
        read.charset = *charset;
    }
    if (!fields_to_utf8(read.request.fields, read.charset)) {
        return fail(read, wire_problem::undefined_bytes,
                    "the form holds bytes that are not " + std::string(encoding::name(read.charset)));
    }
    read_parameters(read);
    return read;
}

void write_answer(const wire_request& call, std::string& body, std::string& content_type) {
    bool xml = call.format == answer_format::xml;
    if (call.charset == encoding::charset::utf8 && !xml) return;
    boost::system::error_code ec;
    json::value envelope = json::parse(body, ec);
    if (ec) return;
    std::string charset(encoding::mime_name(call.charset));
    if (auto* object = envelope.if_object(); object && object->contains("charset")) (*object)["charset"] = charset;
    if (xml) {
        body = encoding::from_utf8(call.charset, xml_answer(envelope), encoding::unrepresentable::xml_reference);
        content_type = "text/xml; charset=" + charset;
    } else {
        body = encoding::from_utf8(call.charset, json::serialize(envelope), encoding::unrepresentable::json_escape);
        content_type = "text/plain; charset=" + charset;
    }
}

}  // namespace regru::mocks
