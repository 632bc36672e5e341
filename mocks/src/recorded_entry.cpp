#include "recorded_entry.hpp"

#include <regru/api/catalogue.hpp>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace regru::mocks::detail {
namespace {

namespace json = boost::json;

constexpr std::string_view default_content_type = "text/plain; charset=utf-8";
// A name shows each parameter's value up to this many bytes, and is at most name_length long.
constexpr std::size_t name_value_length = 32;
constexpr std::size_t name_length = 120;

// The content type with its charset said to be UTF-8, because the file holds the answer in
// UTF-8 whatever the exchange's io_encoding was: "text/html; charset=windows-1251" ->
// "text/html; charset=utf-8". An answer without a content type keeps none.
std::string utf8_content_type(std::string_view content_type) {
    std::string out;
    for (std::size_t start = 0; start <= content_type.size();) {
        auto end = std::min(content_type.find(';', start), content_type.size());
        auto part = boost::algorithm::trim_copy(std::string(content_type.substr(start, end - start)));
        auto parameter = boost::algorithm::trim_copy(part.substr(0, part.find('=')));
        if (!part.empty() && !boost::algorithm::iequals(parameter, "charset")) out += (out.empty() ? "" : "; ") + part;
        start = end + 1;
    }
    return out.empty() ? out : out + "; charset=utf-8";
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Every scalar below a hidden field as the string marker: the marker of a number (0) or of a
// boolean (false) is a real value too, and only a string marker matches any value on replay.
void loosen(json::value& hidden) {
    if (hidden.is_object()) {
        for (auto& member : hidden.get_object()) loosen(member.value());
    } else if (hidden.is_array()) {
        for (auto& item : hidden.get_array()) loosen(item);
    } else if (!hidden.is_null() && !hidden.is_string()) {
        hidden = api::redacted;
    }
}

// Parses `content` as the replay will, which also proves that it is a valid entry.
recording read_back(const json::object& content, const std::string& method) {
    auto text = "{\"recordings\":[" + json::serialize(content) + "]}";
    return recording_set::from_json(text, "the recording of " + method).entries().front();
}

}  // namespace

std::string file_name_for(std::string_view method) {
    auto slash = method.find('/');
    return std::string(slash == std::string_view::npos ? "root" : method.substr(0, slash)) + ".json";
}

std::string exchange_key(const recording& entry) {
    auto fields = entry.fields;
    std::sort(fields.begin(), fields.end());
    json::array field_list;
    for (const auto& [name, value] : fields) field_list.push_back(json::array{json::value(name), json::value(value)});
    return json::serialize(json::array{json::value(entry.method), entry.input_data, field_list, entry.status,
                                       json::value(entry.content_type), json::value(entry.body)});
}

entry_maker::entry_maker(api::redaction_rules rules, std::optional<std::vector<std::string>> pattern_params)
    : redactor_(std::move(rules)), pattern_params_(std::move(pattern_params)) {}

entry_draft entry_maker::make(const api::call_record& call) const {
    if (!api::is_method_path(call.method)) {
        throw bad_recording("cannot record a call to \"" + api::clipped(call.method) + "\": it is not a method name");
    }
    entry_draft draft;
    draft.file_name = file_name_for(call.method);
    auto input = pattern(call.params);
    draft.name = name(call, input);
    draft.content["method"] = call.method;
    json::object request;
    if (!input.empty()) request["input_data"] = std::move(input);
    if (!call.lang.empty()) request["lang"] = call.lang;
    if (!request.empty()) draft.content["request"] = std::move(request);
    for (auto& member : answer(call)) draft.content.emplace(member.key(), std::move(member.value()));
    draft.loaded = read_back(draft.content, call.method);
    return draft;
}

json::object entry_maker::pattern(const json::object& params) const {
    json::object chosen;
    for (const auto& member : params) {
        if (!pattern_params_ || listed(*pattern_params_, member.key())) chosen.emplace(member.key(), member.value());
    }
    auto redacted = redactor_.redact(chosen);
    loosen_hidden(redacted);
    return redacted;
}

void entry_maker::loosen_hidden(json::value& pattern) const {
    if (pattern.is_array()) {
        for (auto& item : pattern.get_array()) loosen_hidden(item);
    } else if (pattern.is_object()) {
        loosen_hidden(pattern.get_object());
    }
}

void entry_maker::loosen_hidden(json::object& pattern) const {
    for (auto& member : pattern) {
        if (redactor_.hides(member.key())) {
            loosen(member.value());
        } else {
            loosen_hidden(member.value());
        }
    }
}

json::object entry_maker::answer(const api::call_record& call) const {
    json::object out;
    if (call.http_status != 200) out["status"] = call.http_status;
    if (auto content_type = utf8_content_type(call.content_type); content_type != default_content_type) {
        out["content_type"] = content_type;
    }
    // What our rules hide, the client's may have left in free text: an error text quoting a
    // passport number, an HTML page echoing the request.
    auto secrets = redactor_.hidden_values(call.params);
    api::add_hidden_values(secrets, redactor_.hidden_values(call.envelope));
    if (call.envelope.is_null()) {
        out["body_text"] = api::scrub(call.body_text, secrets);
        return out;
    }
    json::value body = redactor_.redact(call.envelope);
    api::scrub_texts(body, secrets);
    if (auto* charset = body.is_object() ? body.get_object().if_contains("charset") : nullptr) *charset = "utf-8";
    out["body"] = std::move(body);
    return out;
}

// The method and the values that tell its calls apart, the hidden ones left out:
// "zone/add_alias subdomain=www ipaddr=1.2.3.4 domain_name=test.ru (IP_INVALID)".
std::string entry_maker::name(const api::call_record& call, const json::object& input) const {
    std::string name = call.method;
    for (const auto& [key, value] : input) {
        std::string shown;
        append_shown(shown, key, value);
        if (!shown.empty()) name += " " + std::string(key) + "=" + api::clipped(shown, name_value_length);
    }
    if (!call.lang.empty()) name += " lang=" + call.lang;
    if (call.http_status != 200) {
        name += " (HTTP " + std::to_string(call.http_status) + ")";
    } else if (!call.error_code.empty()) {
        name += " (" + call.error_code + ")";
    }
    return api::clipped(name, name_length);
}

// A value as a name shows it: a scalar as written, an object or array as its leaves joined
// with ","; what the rules hide and the client's redaction markers are left out.
void entry_maker::append_shown(std::string& out, std::string_view key, const json::value& value) const {
    if (redactor_.hides(key)) return;
    auto add = [&out](std::string_view text) { out.append(out.empty() ? "" : ",").append(text); };
    switch (value.kind()) {
        case json::kind::object:
            for (const auto& member : value.get_object()) append_shown(out, member.key(), member.value());
            return;
        case json::kind::array:
            for (const auto& item : value.get_array()) append_shown(out, key, item);
            return;
        case json::kind::string:
            if (!api::is_redaction_marker(value.get_string())) add(value.get_string());
            return;
        default: add(json::serialize(value));
    }
}

}  // namespace regru::mocks::detail
