#include <regru/api/detail/call.hpp>
#include <regru/api/catalogue.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/form.hpp>
#include <regru/api/items.hpp>
#include <regru/api/names.hpp>
#include <regru/api/redact.hpp>
#include <regru/api/sign.hpp>

#include <regru/encoding.hpp>

#include <cmath>
#include <random>

namespace regru::api::detail {
namespace {

// Beyond this a scratch buffer is given back after use rather than kept for the next call.
constexpr std::size_t scratch_keep_limit = 1 << 20;

// The charset `label` names; `usual` itself when the label is one of its names, which is the
// common case and needs no folding of the label.
std::optional<encoding::charset> charset_labelled(std::string_view label, encoding::charset usual) {
    if (label == encoding::mime_name(usual) || label == encoding::name(usual)) return usual;
    return encoding::from_label(label);
}

// REG.API's parameters nest a few levels (domains[].action_list[].{...}); this stops a value
// that would take seconds to serialise, and a recursion without end.
constexpr std::size_t max_param_depth = 32;

std::string_view non_finite_name(double number) noexcept {
    if (std::isnan(number)) return "NaN";
    return number > 0 ? "Infinity" : "-Infinity";
}

// Throws usage_error for a value JSON cannot carry (NaN, infinities) or for objects and lists
// nested beyond max_param_depth, naming where; `depth` counts the parameters' own object as 1.
void check_value(const boost::json::value& value, const std::string& path, std::size_t depth) {
    if (depth > max_param_depth && (value.is_object() || value.is_array())) {
        throw usage_error("Parameter '" + clipped(path, 120) + "' nests deeper than " +
                          std::to_string(max_param_depth) + " levels: nothing was sent");
    }
    if (const auto* number = value.if_double(); number && !std::isfinite(*number)) {
        throw usage_error("Parameter '" + clipped(path, 120) + "' is " + std::string(non_finite_name(*number)) +
                          ", which JSON cannot carry: nothing was sent");
    }
    if (const auto* object = value.if_object()) {
        for (const auto& field : *object) check_value(field.value(), path + "." + std::string(field.key()), depth + 1);
    } else if (const auto* list = value.if_array()) {
        for (std::size_t i = 0; i < list->size(); ++i) check_value((*list)[i], path + "." + std::to_string(i), depth + 1);
    }
}

// Only containers and doubles can be wrong: a walk that skips the rest costs little.
void check_values(const params& input) {
    for (const auto& field : input) {
        const auto& value = field.value();
        if (value.is_object() || value.is_array() || value.is_double()) check_value(value, std::string(field.key()), 2);
    }
}

}  // namespace

method_ref resolve_method(std::string_view category, std::string_view method,
                          std::string& path_storage) {
    if (!is_method_word(method) || (!category.empty() && !is_method_word(category))) {
        throw usage_error("Invalid method name '" + std::string(category) +
                          (category.empty() ? "" : "/") + std::string(method) +
                          "': categories and methods are made of letters, digits and '_'");
    }
    path_storage = category.empty() ? std::string(method)
                                    : std::string(category) + "/" + std::string(method);
    if (auto known = find_method(path_storage)) return *known;
    std::string_view path = path_storage;
    return method_ref{path.substr(0, category.size()), path.substr(path.size() - method.size()),
                      path, access_level::unspecified, effect::charges};
}

const params& sendable_params(const settings& current, const method_ref& method, const params& input,
                              params& spare) {
    check_values(input);
    check_item_lists(method, input);
    const bool has_format_fields = input.contains("input_format") || input.contains("output_format");
    const auto& names = current.options().names;
    if (!has_format_fields && !names) return input;
    spare = input;
    spare.erase("input_format");
    spare.erase("output_format");
    if (names) convert_domain_names(spare, *names);
    return spare;
}

std::string& scratch_buffer() noexcept {
    thread_local std::string buffer;
    if (buffer.capacity() > scratch_keep_limit) std::string().swap(buffer);
    return buffer;
}

void append_signature(const settings& current, const call_options& per_call, const params& sent,
                      std::string& body) {
    const auto& signer = current.options().signer;
    if (!signer) return;
    std::string_view username = per_call.username ? *per_call.username : current.options().username;
    append_form_field(body, "sig", signer->sign(signed_text(username, sent)));
}

std::string_view begin_call(const settings& current, const method_ref& method, const call_options& per_call,
                            prepared_call& call) {
    validate(per_call);
    // A method_ref may be made by hand: its path is appended to the endpoint, so it must be one.
    if (!is_method_path(method.path)) {
        throw usage_error("'" + clipped(method.path) +
                          "' is not a method path (\"name\" or \"category/name\" of letters, digits and '_'): "
                          "nothing was sent");
    }
    const api::options& opts = current.options();
    call.started = std::chrono::steady_clock::now();
    auto deadline = call.started + per_call.deadline.value_or(opts.deadline);
    call.request.endpoint = current.endpoint();
    call.request.method = method;
    call.request.diagnostics = current.diagnostics();
    call.request.deadline = deadline;
    call.context = {method, per_call.username ? std::string_view(*per_call.username) : std::string_view(opts.username),
                    current.host(), 1, deadline};
    call.retry = opts.retry;
    if (per_call.max_attempts) call.retry.max_attempts = *per_call.max_attempts;
    call.on_limit = per_call.on_limit.value_or(opts.on_limit);
    return current.form_prefix(per_call, call.prefix_storage);
}

void start_now(prepared_call& call) noexcept {
    call.started = std::chrono::steady_clock::now();
    if (call.observation) call.observation->began = std::chrono::system_clock::now();
}

std::uint64_t jitter_seed() noexcept {
    // Per thread, from the random device once; then a step per call (call_plan mixes it).
    thread_local std::uint64_t state = std::random_device{}() ^ (std::uint64_t{std::random_device{}()} << 32);
    return state += 0x9e3779b97f4a7c15ULL;
}

std::string assemble_body(std::string_view prefix, encoding::charset charset, std::string_view input_data) {
    auto invalid = [](std::size_t offset) {
        return usage_error("The parameters are not valid UTF-8 (byte " + std::to_string(offset) +
                           " of input_data): nothing was sent");
    };
    std::string_view wire = input_data;
    if (charset == encoding::charset::utf8) {
        if (auto bad = encoding::find_invalid_utf8(input_data); bad != std::string_view::npos) throw invalid(bad);
    } else {
        thread_local std::string converted;
        converted.clear();
        try {
            // With escapes for what the charset lacks, only invalid UTF-8 can fail.
            encoding::from_utf8(charset, input_data, converted, encoding::unrepresentable::json_escape);
        } catch (const encoding::conversion_error& e) {
            throw invalid(e.offset());
        }
        wire = converted;
    }
    std::string body;
    body.reserve(prefix.size() + form_encoded_size(wire));
    body.append(prefix);
    append_form_encoded(body, wire);
    return body;
}

encoding::charset answer_charset(const http_response& raw, encoding::charset requested) {
    std::string_view type = raw.content_type;
    auto at = type.find("charset=");
    if (at == std::string_view::npos) return requested;
    std::string_view label = type.substr(at + 8);
    label = label.substr(0, label.find(';'));
    while (!label.empty() && (label.front() == '"' || label.front() == ' ')) label.remove_prefix(1);
    while (!label.empty() && (label.back() == '"' || label.back() == ' ')) label.remove_suffix(1);
    return charset_labelled(label, requested).value_or(requested);
}

std::optional<std::string_view> answer_text(const http_response& raw, encoding::charset charset,
                                            std::string& converted, std::string& error) {
    if (charset == encoding::charset::utf8) {
        // Some servers and proxies put a byte order mark before UTF-8 text; JSON has none.
        std::string_view text = raw.body;
        if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        return text;
    }
    try {
        converted.clear();
        encoding::to_utf8(charset, raw.body, converted);
        return std::string_view(converted);
    } catch (const encoding::conversion_error& e) {
        error = "the answer is not valid " + std::string(encoding::name(charset)) + ": " + e.what();
        return std::nullopt;
    }
}

std::optional<encoding::charset> other_declared_charset(const boost::json::value& envelope, encoding::charset used) {
    const auto* object = envelope.if_object();
    const auto* field = object ? object->if_contains("charset") : nullptr;
    if (field == nullptr || !field->is_string()) return std::nullopt;
    auto declared = charset_labelled(field->get_string(), used);
    if (!declared || *declared == used) return std::nullopt;
    return declared;
}

}  // namespace regru::api::detail
