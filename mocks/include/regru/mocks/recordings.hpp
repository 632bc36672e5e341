// Recorded REG.API interactions and the rules that match a request to one of them. Shared by
// replay_transport (in-process) and the mock server (mock_service); both read requests and
// write answers through wire.hpp.
//
// A recordings file is JSON: {"recordings": [ENTRY, ...]}, each ENTRY
//
//   {
//     "name":    "add_alias on two domains",       optional label, shown in messages
//     "method":  "zone/add_alias",                  "category/method", or "nop" etc.
//     "request": {                                  optional: what the request must have
//       "input_data": {"domain_name": "test.ru"},   a part of the parameters (see below)
//       "lang": "ru", "io_encoding": "cp1251",      form fields, compared exactly
//       "username": "someone"
//     },
//     "status": 200,                                optional, default 200
//     "content_type": "text/plain; charset=utf-8",  optional, that default
//     "body": { "result": "success", ... }          the answer as JSON, served compactly,
//     "body_text": "<html>..."                      or, instead, the exact text served
//   }
//
// Matching: a recording matches a request to the same method when every constraint holds.
// input_data is a pattern: each key it has must be in the request with a matching value
// (objects recursively, arrays item by item and of the same length, numbers and strings
// equal when they write the same number: 12345 matches "12345"); keys it lacks may have any
// value. A parameter and its aliases (aliases.hpp: domain_name and dname) are one key, at the
// top level and inside objects such as domains[] items: a pattern naming one matches a request
// sending the other. A pattern value (or a lang, io_encoding or username) that is a redaction marker
// ("<redacted>", "<redacted:1f2e3d4c>", see api/redact.hpp) matches any value the request has
// there, of any type, but not an absent one: recordings made with redaction still replay. Of
// several matches the one with the most constraints wins; on a tie, the first loaded.
// Passwords are never recorded and never matched.
#pragma once

#include <regru/api/form.hpp>
#include <regru/api/http.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace regru::mocks {

// A recordings file that cannot be used; the message names the file and the entry.
class bad_recording : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// No recording answers a request; the message names the request and the nearest recordings.
class unmatched_request : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct recording {
    std::string origin;  // "zone.json#3": the file and the entry's position, for messages
    std::string name;
    std::string method;  // "zone/add_alias" or "nop"
    boost::json::object input_data;  // the pattern; empty matches any parameters
    api::form_fields fields;         // lang, io_encoding, username: compared exactly
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;

    // How many constraints it sets: more is more specific.
    std::size_t specificity() const;
    api::http_response answer() const;
};

// A request as the matcher sees it, in UTF-8 (read_request in wire.hpp makes one).
struct recorded_request {
    std::string method;
    api::form_fields fields;
    boost::json::object input_data;  // the parameters

    // The value of the form field `name`, "" when the form has none.
    std::string field(std::string_view name) const;
};

class recording_set {
public:
    // Every *.json file of a directory, in name order.
    static recording_set from_directory(const std::filesystem::path& directory);
    static recording_set from_file(const std::filesystem::path& file);
    // `origin` names the text in messages ("zone.json").
    static recording_set from_json(std::string_view text, const std::string& origin);

    void add(recording entry);
    void add(const recording_set& other);

    // The best match, or nullptr.
    const recording* find(const recorded_request& request) const;
    // Why nothing matched: the request and the nearest recordings, their values shown through
    // the default api::redactor (a value under a hidden field as its marker) and clipped.
    std::string explain_miss(const recorded_request& request) const;

    const std::vector<recording>& entries() const noexcept { return entries_; }

private:
    std::vector<recording> entries_;
};

}  // namespace regru::mocks
