#include <regru/mocks/wire.hpp>

#include <regru/api/form.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace regru::mocks {
namespace {

namespace json = boost::json;

// Fields of the form that are not the method's parameters.
constexpr std::array<std::string_view, 7> service_fields{"username", "password", "input_format", "output_format",
                                                          "input_data", "lang", "io_encoding"};

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

wire_request& fail(wire_request& read, wire_problem problem, std::string why) {
    read.problem = problem;
    read.problem_text = std::move(why);
    return read;
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

wire_request read_request(std::string_view method, std::string_view body) {
    wire_request read;
    read.request.method = std::string(method);
    try {
        read.request.fields = api::parse_form(body);
    } catch (const std::exception& e) {
        return fail(read, wire_problem::malformed_form, e.what());
    }
    read.lang = read.request.field("lang");
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

void write_in_charset(encoding::charset charset, std::string& body, std::string& content_type) {
    if (charset == encoding::charset::utf8) return;
    boost::system::error_code ec;
    json::value envelope = json::parse(body, ec);
    if (ec) return;
    if (auto* object = envelope.if_object(); object && object->contains("charset")) {
        (*object)["charset"] = encoding::mime_name(charset);
    }
    body = encoding::from_utf8(charset, json::serialize(envelope), encoding::unrepresentable::json_escape);
    content_type = "text/plain; charset=" + std::string(encoding::mime_name(charset));
}

}  // namespace regru::mocks
