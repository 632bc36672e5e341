#include <regru/api/detail/call.hpp>
#include <regru/api/catalogue.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/form.hpp>

#include <algorithm>
#include <cctype>

namespace regru::api::detail {
namespace {

// Beyond this a scratch buffer is given back after use rather than kept for the next call.
constexpr std::size_t scratch_keep_limit = 1 << 20;

bool is_method_word(std::string_view word) {
    return std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_';
    });
}

}  // namespace

method_ref resolve_method(std::string_view category, std::string_view method,
                          std::string& path_storage) {
    if (method.empty() || !is_method_word(method) || !is_method_word(category)) {
        throw usage_error("Invalid method name '" + std::string(category) +
                          (category.empty() ? "" : "/") + std::string(method) +
                          "': categories and methods are made of letters, digits and '_'");
    }
    path_storage = category.empty() ? std::string(method)
                                    : std::string(category) + "/" + std::string(method);
    if (auto known = find_method(path_storage)) return *known;
    std::string_view path = path_storage;
    return method_ref{path.substr(0, category.size()), path.substr(path.size() - method.size()),
                      path, access_level::unspecified};
}

const params& without_format_fields(const params& input, params& spare) {
    if (!input.contains("input_format") && !input.contains("output_format")) return input;
    spare = input;
    spare.erase("input_format");
    spare.erase("output_format");
    return spare;
}

std::string& scratch_buffer() noexcept {
    thread_local std::string buffer;
    if (buffer.capacity() > scratch_keep_limit) std::string().swap(buffer);
    return buffer;
}

std::string assemble_body(std::string_view form_prefix, std::string_view input_data) {
    std::string body;
    body.reserve(form_prefix.size() + form_encoded_size(input_data));
    body.append(form_prefix);
    append_form_encoded(body, input_data);
    return body;
}

void debug_request(const settings& current, const http_request& request, std::size_t input_size) {
    current.debug_line("POST " + request.url() + " as " + current.options().username + ", " +
                       std::to_string(input_size) + " bytes of input_data, " +
                       std::to_string(request.body.size()) + " bytes of body");
}

void debug_response(const settings& current, const response& answer) {
    std::string line;
    switch (answer.kind()) {
        case outcome::transport_error:
            line = "no answer (" + std::string(to_string(answer.failure())) + "): ";
            line += answer.error_text();
            break;
        case outcome::http_error:
        case outcome::bad_answer:
            line = "service failure: ";
            line += answer.error_text();
            break;
        case outcome::api_error:
        case outcome::success:
            line = "HTTP 200, " + std::to_string(answer.body().size()) + " bytes, ";
            line += answer.is_success() ? std::string("success") : "error " + std::string(answer.error_code());
            break;
    }
    current.debug_line(line);
}

}  // namespace regru::api::detail
