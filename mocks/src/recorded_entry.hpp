// What the recorder makes of one call: a recordings entry, still without its name (names are
// made unique within the file it goes to).
#pragma once

#include <regru/mocks/recordings.hpp>

#include <regru/api/observe.hpp>
#include <regru/api/redact.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace regru::mocks::detail {

struct entry_draft {
    std::string file_name;        // "zone.json", "root.json"
    std::string name;             // "zone/add_alias domain_name=test.ru ipaddr=1.2.3.4"
    boost::json::object content;  // method, request, status, content_type, body | body_text
    recording loaded;             // `content` as the replay reads it
};

class entry_maker {
public:
    entry_maker(api::redaction_rules rules, std::optional<std::vector<std::string>> pattern_params);

    // Throws bad_recording when the call cannot be a recording (a method name that is not one).
    entry_draft make(const api::call_record& call) const;

private:
    boost::json::object pattern(const boost::json::object& params) const;
    void loosen_hidden(boost::json::object& pattern) const;
    void loosen_hidden(boost::json::value& pattern) const;
    boost::json::object answer(const api::call_record& call) const;
    std::string name(const api::call_record& call, const boost::json::object& input) const;
    void append_shown(std::string& out, std::string_view key, const boost::json::value& value) const;

    api::redactor redactor_;
    std::optional<std::vector<std::string>> pattern_params_;
};

// The file of a method's category: "zone.json" for "zone/add_alias", "root.json" for "nop".
std::string file_name_for(std::string_view method);

// What makes two recordings the same exchange: the method, the request they match and the
// answer they give. Equal texts, equal exchanges.
std::string exchange_key(const recording& entry);

}  // namespace regru::mocks::detail
