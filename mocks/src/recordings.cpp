#include <regru/mocks/aliases.hpp>
#include <regru/mocks/capture_transport.hpp>
#include <regru/mocks/recordings.hpp>

#include <regru/api/catalogue.hpp>
#include <regru/api/redact.hpp>
#include <regru/api/value.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <sstream>

namespace regru::mocks {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 3> matched_fields{"lang", "io_encoding", "username"};
constexpr std::size_t shown_value_length = 60;
constexpr std::size_t nearest_shown = 3;

[[noreturn]] void reject(const std::string& origin, const std::string& why) {
    throw bad_recording(origin + ": " + why);
}

std::string string_member(const json::object& entry, std::string_view key,
                          const std::string& origin) {
    const auto* value = entry.if_contains(key);
    if (value == nullptr) return {};
    if (!value->is_string()) reject(origin, "\"" + std::string(key) + "\" must be a string");
    return std::string(value->get_string());
}

void read_request(const json::object& request, recording& out) {
    for (const auto& [key, value] : request) {
        if (key == "input_data") {
            if (!value.is_object()) reject(out.origin, "request.input_data must be an object");
            out.input_data = value.get_object();
        } else if (key == "password") {
            reject(out.origin, "recordings never hold passwords (the replay does not match them)");
        } else if (std::find(matched_fields.begin(), matched_fields.end(), key) != matched_fields.end()) {
            if (!value.is_string()) reject(out.origin, "request." + std::string(key) + " must be a string");
            out.fields.emplace_back(key, value.get_string());
        } else {
            reject(out.origin, "unknown key request." + std::string(key) +
                                   " (expected input_data, lang, io_encoding or username)");
        }
    }
}

void read_body(const json::object& entry, recording& out) {
    const auto* body = entry.if_contains("body");
    const auto* text = entry.if_contains("body_text");
    if ((body == nullptr) == (text == nullptr)) reject(out.origin, "give exactly one of \"body\" and \"body_text\"");
    if (body != nullptr) {
        out.body = json::serialize(*body);
    } else if (!text->is_string()) {
        reject(out.origin, "\"body_text\" must be a string");
    } else {
        out.body = std::string(text->get_string());
    }
}

recording read_entry(const json::value& value, std::string origin) {
    recording out;
    out.origin = std::move(origin);
    if (!value.is_object()) reject(out.origin, "an entry must be an object");
    const auto& entry = value.get_object();
    static constexpr std::array<std::string_view, 8> known{
        "name", "note", "method", "request", "status", "content_type", "body", "body_text"};
    for (const auto& member : entry) {
        if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
            reject(out.origin, "unknown key \"" + std::string(member.key()) + "\"");
        }
    }
    out.name = string_member(entry, "name", out.origin);
    out.method = string_member(entry, "method", out.origin);
    if (!api::is_method_path(out.method)) {
        reject(out.origin, "\"method\" must be \"category/method\" or an uncategorised method name");
    }
    if (const auto* request = entry.if_contains("request")) {
        if (!request->is_object()) reject(out.origin, "\"request\" must be an object");
        read_request(request->get_object(), out);
    }
    if (const auto* status = entry.if_contains("status")) {
        auto code = status->is_int64() ? status->get_int64() : 0;
        if (code < 100 || code > 599) reject(out.origin, "\"status\" must be an HTTP status (100-599)");
        out.status = static_cast<int>(code);
    }
    if (entry.contains("content_type")) out.content_type = string_member(entry, "content_type", out.origin);
    read_body(entry, out);
    return out;
}

std::size_t leaves(const json::value& pattern);

std::size_t leaves(const json::object& pattern) {
    std::size_t n = 0;
    for (const auto& member : pattern) n += leaves(member.value());
    return n;
}

std::size_t leaves(const json::value& pattern) {
    if (pattern.is_object() && !pattern.get_object().empty()) return leaves(pattern.get_object());
    if (pattern.is_array() && !pattern.get_array().empty()) {
        std::size_t n = 0;
        for (const auto& item : pattern.get_array()) n += leaves(item);
        return n;
    }
    return 1;
}

// Scalars are equal when they are, or when one is a string that writes the other number.
bool same_scalar(const json::value& recorded, const json::value& sent) {
    if (recorded == sent) return true;
    if (recorded.is_number() && sent.is_number()) {
        return recorded.to_number<double>() == sent.to_number<double>();
    }
    if (recorded.is_string() != sent.is_string() && (recorded.is_number() || sent.is_number())) {
        const auto& text = recorded.is_string() ? recorded : sent;
        const auto& number = recorded.is_string() ? sent : recorded;
        return *api::value_as<std::string>(number, "") == std::string_view(text.get_string());
    }
    return false;
}

// A redaction marker in a pattern stands for any value the request has there.
bool matches_any_value(const json::value& pattern) {
    return pattern.is_string() && api::is_redaction_marker(pattern.get_string());
}

const api::redactor& explanation_redaction() {
    static const api::redactor defaults;
    return defaults;
}

// Where a value stands, for explanations: its path, and whether a hidden field holds it.
struct place {
    std::string path;
    bool hidden = false;

    static place field(std::string_view name) { return {std::string(name), explanation_redaction().hides(name)}; }
    place member(std::string_view name) const {
        return {path + "." + std::string(name), hidden || explanation_redaction().hides(name)};
    }
    place item(std::size_t index) const { return {path + "[" + std::to_string(index) + "]", hidden}; }

    // A value found here as explanations show it: its marker when hidden, else with the
    // hidden fields within it redacted; clipped.
    std::string shown(const json::value& value) const {
        const api::redactor& redaction = explanation_redaction();
        json::value visible = hidden ? redaction.marker(value) : redaction.redact(value);
        return api::clipped(json::serialize(visible), shown_value_length);
    }
};

// The first place where `sent` does not match `pattern`, described; nullopt when it matches.
std::optional<std::string> difference(const json::value& pattern, const json::value* sent, const place& at) {
    auto differs = [&] {
        return at.path + ": recorded " + at.shown(pattern) + (sent ? ", sent " + at.shown(*sent) : ", not sent");
    };
    if (sent == nullptr) return differs();
    if (matches_any_value(pattern)) return std::nullopt;
    if (pattern.is_object()) {
        if (!sent->is_object()) return differs();
        for (const auto& [name, item] : pattern.get_object()) {
            auto found = difference(item, find_aliased(sent->get_object(), name), at.member(name));
            if (found) return found;
        }
        return std::nullopt;
    }
    if (pattern.is_array()) {
        if (!sent->is_array() || sent->get_array().size() != pattern.get_array().size()) return differs();
        for (std::size_t i = 0; i < pattern.get_array().size(); ++i) {
            auto found = difference(pattern.get_array()[i], &sent->get_array()[i], at.item(i));
            if (found) return found;
        }
        return std::nullopt;
    }
    if (sent->is_object() || sent->is_array() || !same_scalar(pattern, *sent)) return differs();
    return std::nullopt;
}

// Every constraint of `entry` that `request` breaks, described.
std::vector<std::string> differences(const recording& entry, const recorded_request& request) {
    std::vector<std::string> found;
    for (const auto& [name, expected] : entry.fields) {
        const std::string* sent = api::find_field(request.fields, name);
        json::value sent_value = sent ? json::value(*sent) : json::value();
        auto diff = difference(json::value(expected), sent ? &sent_value : nullptr, place::field(name));
        if (diff) found.push_back(*diff);
    }
    for (const auto& [name, pattern] : entry.input_data) {
        auto diff = difference(pattern, find_aliased(request.input_data, name), place{"input_data"}.member(name));
        if (diff) found.push_back(*diff);
    }
    return found;
}

std::string label(const recording& entry) {
    return entry.name.empty() ? entry.origin : entry.origin + " \"" + entry.name + "\"";
}

std::string describe(const recorded_request& request) {
    json::object visible = explanation_redaction().redact(request.input_data);
    return "POST " + request.method + " with input_data " + api::clipped(json::serialize(visible), 4 * shown_value_length);
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw bad_recording(file.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string recorded_request::field(std::string_view name) const {
    const std::string* value = api::find_field(fields, name);
    return value ? *value : std::string();
}

std::size_t recording::specificity() const {
    return fields.size() + leaves(input_data);
}

api::http_response recording::answer() const {
    api::http_response response = http_answer(body, status);
    response.content_type = content_type;
    return response;
}

recording_set recording_set::from_json(std::string_view text, const std::string& origin) {
    boost::system::error_code ec;
    auto document = json::parse(text, ec);
    if (ec) reject(origin, "not valid JSON: " + ec.message());
    const auto* list = document.is_object() ? document.get_object().if_contains("recordings") : nullptr;
    if (list == nullptr || !list->is_array()) reject(origin, "expected {\"recordings\": [...]}");
    recording_set set;
    std::size_t position = 0;
    for (const auto& entry : list->get_array()) {
        set.add(read_entry(entry, origin + "#" + std::to_string(++position)));
    }
    return set;
}

recording_set recording_set::from_file(const std::filesystem::path& file) {
    return from_json(read_file(file), file.filename().string());
}

recording_set recording_set::from_directory(const std::filesystem::path& directory) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& item : std::filesystem::directory_iterator(directory, ec)) {
        if (item.path().extension() == ".json") files.push_back(item.path());
    }
    if (ec) throw bad_recording(directory.string() + ": " + ec.message());
    if (files.empty()) throw bad_recording(directory.string() + ": no *.json recordings");
    std::sort(files.begin(), files.end());
    recording_set set;
    for (const auto& file : files) set.add(from_file(file));
    return set;
}

void recording_set::add(recording entry) { entries_.push_back(std::move(entry)); }

void recording_set::add(const recording_set& other) {
    entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
}

const recording* recording_set::find(const recorded_request& request) const {
    const recording* best = nullptr;
    for (const auto& entry : entries_) {
        if (entry.method != request.method || !differences(entry, request).empty()) continue;
        if (best == nullptr || entry.specificity() > best->specificity()) best = &entry;
    }
    return best;
}

std::string recording_set::explain_miss(const recorded_request& request) const {
    std::string text = "no recording matches " + describe(request);
    std::vector<std::pair<std::size_t, std::string>> nearest;  // (differences, description)
    for (const auto& entry : entries_) {
        if (entry.method != request.method) continue;
        auto found = differences(entry, request);
        nearest.emplace_back(found.size(), label(entry) + " (" + found.front() + ")");
    }
    if (nearest.empty()) {
        text += "; there is no recording of " + request.method;
        std::string_view category = std::string_view(request.method).substr(0, request.method.find('/'));
        std::vector<std::string> same_category;
        for (const auto& entry : entries_) {
            if (entry.method.starts_with(category) &&
                std::find(same_category.begin(), same_category.end(), entry.method) == same_category.end()) {
                same_category.push_back(entry.method);
            }
        }
        if (!same_category.empty()) {
            text += "; recorded nearby:";
            for (std::size_t i = 0; i < same_category.size() && i < 2 * nearest_shown; ++i) {
                text += " " + same_category[i];
            }
        }
        return text;
    }
    std::stable_sort(nearest.begin(), nearest.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    text += "; nearest:";
    for (std::size_t i = 0; i < nearest.size() && i < nearest_shown; ++i) {
        text += (i == 0 ? " " : "; ") + nearest[i].second;
    }
    return text;
}

}  // namespace regru::mocks
