// DNS zones in stateful mode. Error texts marked "invented" are ours: the samples show the
// codes' use but not their wording.
#include "parts.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace regru::mocks::simulated {
namespace {

// How an add_* method's parameters make a record: its type, the parameters holding its
// content (joined by spaces), the one holding its priority, the default name.
struct record_kind {
    std::string_view action, rectype;
    std::array<std::string_view, 3> content;
    std::string_view name_param = "subdomain", prio_param = {};
};

constexpr std::array<record_kind, 10> record_kinds{{
    {"add_alias", "A", {"ipaddr"}},
    {"add_aaaa", "AAAA", {"ipaddr"}},
    {"add_caa", "CAA", {"flags", "tag", "value"}},
    {"add_cname", "CNAME", {"canonical_name"}},
    {"add_https", "HTTPS", {"target", "value"}, "subdomain", "priority"},
    {"add_mx", "MX", {"mail_server"}, "subdomain", "priority"},
    {"add_ns", "NS", {"dns_server"}, "subdomain", "record_number"},
    {"add_spf", "SPF", {"text"}},
    {"add_srv", "SRV", {"weight", "port", "target"}, "service", "priority"},
    {"add_txt", "TXT", {"text"}},
}};

const record_kind* kind_of(std::string_view action) {
    auto found = std::find_if(record_kinds.begin(), record_kinds.end(), [&](const auto& k) { return k.action == action; });
    return found == record_kinds.end() ? nullptr : &*found;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string subname_of(const json::object& params, std::string_view name_param) {
    std::string name = lower(text_param(params, name_param));
    return name.empty() ? "@" : name;
}

// The parameters a kind needs and the caller left out; weight (SRV) defaults to 0.
std::string missing_param(const record_kind& kind, const json::object& params) {
    for (std::string_view name : kind.content) {
        if (!name.empty() && name != "weight" && text_param(params, name).empty()) return std::string(name);
    }
    if (kind.name_param == "service" && text_param(params, "service").empty()) return "service";
    return {};
}

json::object record_from(const record_kind& kind, const json::object& params) {
    std::string content;
    for (std::string_view name : kind.content) {
        if (name.empty()) continue;
        std::string part = text_param(params, name);
        if (name == "weight" && part.empty()) part = "0";
        if (kind.rectype == "CAA" && name == "value") part = "\"" + part + "\"";
        content += (content.empty() ? "" : " ") + part;
    }
    std::string prio = kind.prio_param.empty() ? "" : text_param(params, kind.prio_param);
    return {{"content", content},
            {"prio", prio.empty() ? "0" : prio},
            {"rectype", kind.rectype},
            {"state", "A"},
            {"subname", subname_of(params, kind.name_param)}};
}

bool same_name(const json::value& rr, const json::object& record) { return rr.at("subname") == record.at("subname"); }

// Why `record` cannot join `rrs`, as an error envelope, or nothing.
std::optional<json::object> refusal_of(const json::array& rrs, const json::object& record) {
    bool is_cname = record.at("rectype") == "CNAME";
    for (const json::value& rr : rrs) {
        if (!same_name(rr, record)) continue;
        if (is_cname || rr.at("rectype") == "CNAME") {
            // Invented wording.
            return failure("CONFLICT_CNAME", "A CNAME record cannot share its name with other records",
                           {{"subdomain", record.at("subname")}});
        }
        if (rr.at("rectype") == record.at("rectype") && rr.at("content") == record.at("content")) {
            // Invented code and wording: the service refuses duplicates, the samples do not say how.
            return failure("RECORD_ALREADY_EXISTS", "This record already exists", {{"subdomain", record.at("subname")}});
        }
    }
    return std::nullopt;
}

std::optional<json::object> add_record(json::object& zone, const record_kind& kind, const json::object& params) {
    if (std::string missing = missing_param(kind, params); !missing.empty()) {
        return failure("PARAMETER_MISSING", "Required parameter missing: " + missing, {{"param", missing}});
    }
    json::object record = record_from(kind, params);
    json::array& rrs = zone["rrs"].as_array();
    if (auto refused = refusal_of(rrs, record)) return refused;
    rrs.push_back(std::move(record));
    return std::nullopt;
}

// Every record of the name and type, narrowed by content and priority when given.
std::optional<json::object> remove_record(json::object& zone, const json::object& params) {
    std::string rectype = text_param(params, "record_type");
    if (rectype.empty()) return failure("PARAMETER_MISSING", "Required parameter missing: record_type", {{"param", "record_type"}});
    std::string subname = subname_of(params, "subdomain");
    std::string content = text_param(params, "content"), prio = text_param(params, "priority");
    json::array& rrs = zone["rrs"].as_array();
    auto doomed = [&](const json::value& rr) {
        return is_text(rr.at("subname"), subname) && is_text(rr.at("rectype"), rectype) &&
               (content.empty() || is_text(rr.at("content"), content)) && (prio.empty() || is_text(rr.at("prio"), prio));
    };
    rrs.erase(std::remove_if(rrs.begin(), rrs.end(), doomed), rrs.end());
    return std::nullopt;
}

// One action of update_records or one call: an error envelope, or nothing when done.
std::optional<json::object> apply(json::object& zone, std::string_view action, const json::object& params) {
    if (const record_kind* kind = kind_of(action)) return add_record(zone, *kind, params);
    if (action == "remove_record") return remove_record(zone, params);
    if (action == "clear") {
        zone["rrs"] = json::array{};
        return std::nullopt;
    }
    if (action == "update_soa") {
        json::object& soa = zone["soa"].as_object();
        for (std::string_view field : {"ttl", "minimum_ttl"}) {
            if (std::string value = text_param(params, field); !value.empty()) soa[field] = value;
        }
        return std::nullopt;
    }
    return failure("INVALID_ACTION", "Invalid action: " + std::string(action), {{"action", action}});
}

// update_records: every action or none (the zone is kept when one fails).
std::optional<json::object> apply_all(json::object& zone, const json::object& params, json::array& results) {
    const json::value* actions = params.if_contains("action_list");
    if (actions == nullptr || !actions->is_array()) {
        return failure("PARAMETER_MISSING", "Required parameter missing: action_list", {{"param", "action_list"}});
    }
    json::object changed = zone;
    for (const json::value& action : actions->get_array()) {
        const json::object* fields = action.if_object();
        std::string name = fields ? text_param(*fields, "action") : "";
        bool allowed = name != "clear" && name != "update_soa";
        if (fields == nullptr || !allowed) return failure("INVALID_ACTION", "Invalid action: " + name, {{"action", name}});
        if (auto error = apply(changed, name, *fields)) return error;
        results.push_back(json::object{{"action", name}, {"result", "success"}});
    }
    zone = std::move(changed);
    return std::nullopt;
}

json::object& zone_of(json::object& account, const std::string& domain) {
    json::value& zone = account["zones"].as_object()[domain];
    if (!zone.is_object()) {
        zone = json::object{{"rrs", json::array{}}, {"soa", json::object{{"minimum_ttl", "12h"}, {"ttl", "1d"}}}};
    }
    return zone.get_object();
}

// The domains a call names: its `domains` list, else domain_name or dname. Each item's own
// fields (its action_list) come over the call's.
std::vector<json::object> domains_of(const json::object& params) {
    std::vector<json::object> items;
    if (const json::value* list = params.if_contains("domains"); list && list->is_array()) {
        json::object common = params;
        common.erase("domains");  // not copied into every item of a long list
        for (const json::value& entry : list->get_array()) {
            json::object item = common;
            if (entry.is_object()) {
                for (const auto& field : entry.get_object()) item[field.key()] = field.value();
            }
            items.push_back(std::move(item));
        }
        return items;
    }
    items.push_back(params);
    return items;
}

std::string dname_of(const json::object& item) {
    std::string name = text_param(item, "dname");
    return lower(name.empty() ? text_param(item, "domain_name") : name);
}

json::object answer_item(json::object& account, std::string_view method, const json::object& item) {
    std::string dname = dname_of(item);
    json::object answer{{"dname", dname}};
    if (dname.empty()) {
        // Invented wording.
        return item_failure(std::move(answer), failure("NO_DOMAIN", "No domain name given"));
    }
    answer["service_id"] = service_id_of(account, dname);
    json::object& zone = zone_of(account, dname);
    if (method == "get_resource_records") {
        answer["rrs"] = zone["rrs"];
        answer["soa"] = zone["soa"];
        answer["servtype"] = "domain";
    } else if (method == "update_records") {
        json::array results;
        if (auto error = apply_all(zone, item, results)) return item_failure(std::move(answer), *error);
        answer["action_list"] = std::move(results);
    } else if (auto error = apply(zone, method, item)) {
        return item_failure(std::move(answer), *error);
    }
    answer["result"] = "success";
    return answer;
}

bool modelled(std::string_view method) {
    return kind_of(method) || method == "remove_record" || method == "clear" || method == "update_soa" ||
           method == "update_records" || method == "get_resource_records";
}

}  // namespace

std::optional<outcome> zone_call(json::object& account, std::string_view method, const json::object& params) {
    if (!method.starts_with("zone/")) return std::nullopt;
    std::string_view name = method.substr(5);
    if (!modelled(name)) return std::nullopt;
    json::array domains;
    for (const json::object& item : domains_of(params)) domains.push_back(answer_item(account, name, item));
    return outcome{success(json::object{{"domains", std::move(domains)}}), name != "get_resource_records"};
}

}  // namespace regru::mocks::simulated
