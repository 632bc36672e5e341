#include <regru/mocks/aliases.hpp>
#include <regru/mocks/validation.hpp>

#include <regru/api/catalogue.hpp>
#include <regru/api/items.hpp>
#include <regru/api/value.hpp>

#include <boost/algorithm/string/split.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace regru::mocks {
namespace {

namespace json = boost::json;
using enum identification;

constexpr std::string_view own_wording = "error text in our own words";

// clang-format off
constexpr method_requirements table[] = {
    {"domain/accept_or_refuse_entering_list", domain, ""},
    {"domain/check",                          domain, ""},
    {"domain/create",                         domain, ""},
    {"domain/create_authinfo_request",        domain, ""},
    {"domain/delegate",                       domain, ""},
    {"domain/delete_ns",                      domain, "ns0 ns0ip:ip"},
    {"domain/get_docs_upload_uri",            domain, ""},
    {"domain/get_nss",                        domain, ""},
    {"domain/get_premium_prices",             none,   "domains"},
    {"domain/get_suggest",                    none,   "word"},
    {"domain/get_tld_info",                   none,   "tld"},
    {"domain/get_transfer_status",            domain, ""},
    {"domain/register_ns",                    domain, "ns0 ns0ip:ip"},
    {"domain/request_to_transfer",            domain, ""},
    {"domain/send_email_verification_letter", domain, ""},
    {"domain/set_new_authinfo",               domain, ""},
    {"domain/set_rereg_bids",                 domain, ""},
    {"domain/transfer",                       domain, "", "DOMAINS_NOT_FOUND", "code from other clients' tests (transfer with authinfo only)"},
    {"domain/transfer_to_another_account",    domain, "new_user_name"},
    {"domain/undelegate",                     domain, ""},
    {"domain/update_contacts",                domain, ""},
    {"domain/update_nss",                     domain, ""},
    {"domain/update_private_person_flag",     domain, "private_person_flag"},
    {"zone/add_aaaa",                         domain, "subdomain ipaddr:ipv6"},
    {"zone/add_alias",                        domain, "subdomain ipaddr:ip"},
    {"zone/add_caa",                          domain, "subdomain flags tag value", {}, "not in the 2017 documentation: the Perl client's parameters"},
    {"zone/add_cname",                        domain, "subdomain canonical_name"},
    {"zone/add_https",                        domain, "subdomain priority target value", {}, "not in the 2017 documentation: the Perl client's parameters"},
    {"zone/add_mx",                           domain, "mail_server subdomain?"},
    {"zone/add_ns",                           domain, "subdomain dns_server record_number"},
    {"zone/add_spf",                          domain, "subdomain text", {}, "not in the 2017 documentation: the Perl client's parameters"},
    {"zone/add_srv",                          domain, "service priority target port"},
    {"zone/add_txt",                          domain, "subdomain text"},
    {"zone/clear",                            domain, ""},
    {"zone/clear_forwarding",                 domain, ""},
    {"zone/clear_parking",                    domain, ""},
    {"zone/get_resource_records",             domain, ""},
    {"zone/nop",                              domain, "", {}, "other clients' tests: zone/nop without a domain is an error"},
    {"zone/remove_record",                    domain, "subdomain record_type:record_type"},
    {"zone/tune_forwarding",                  domain, ""},
    {"zone/tune_parking",                     domain, ""},
    {"zone/update_records",                   domain, ""},
    {"zone/update_soa",                       domain, "ttl minimum_ttl"},
    {"dnssec/add_keys",                       domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"dnssec/disable",                        domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"dnssec/enable",                         domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"dnssec/get_records",                    domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"dnssec/get_status",                     domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"dnssec/renew_ksk",                      domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"dnssec/renew_zsk",                      domain, "", {}, "not in the 2017 documentation: a domain, as every DNS method"},
    {"service/create",                        none,   "servtype", {}, "the domain is optional: shipped recordings create parking and hosting without one"},
    {"service/delete",                        service, "servtype"},
    {"service/get_bills",                     service, ""},
    {"service/get_depreciated_period",        service, ""},
    {"service/get_details",                   service, ""},
    {"service/get_info",                      service, ""},
    {"service/get_servtype_details",          none,   "servtype"},
    {"service/partcontrol_grant",             service, "newlogin"},
    {"service/partcontrol_revoke",            service, ""},
    {"service/refill",                        service, "amount currency"},
    {"service/renew",                         service, "period"},
    {"service/resend_mail",                   none,   "servtype"},
    {"service/resume",                        service, ""},
    {"service/set_autorenew_flag",            service, "flag_value"},
    {"service/suspend",                       service, ""},
    {"service/upgrade",                       service, "subtype period"},
    {"folder/add_services",                   none,   "folder_name|folder_id services"},
    {"folder/create",                         none,   "folder_name|folder_id"},
    {"folder/get_services",                   none,   "folder_name|folder_id"},
    {"folder/move_services",                  none,   "folder_name|folder_id new_folder_name|new_folder_id services"},
    {"folder/remove",                         none,   "folder_name|folder_id"},
    {"folder/remove_services",                none,   "folder_name|folder_id services"},
    {"folder/rename",                         none,   "folder_name|folder_id new_folder_name"},
    {"folder/replace_services",               none,   "folder_name|folder_id services"},
    {"bill/change_pay_type",                  none,   "bills pay_type currency"},
    {"bill/delete",                           none,   "bills|bill_id"},
    {"bill/get_for_period",                       none,    "start_date:date end_date:date"},
    {"hosting/get_parallelswpb_constructor_url",  none,    "service_id:service_id"},
    {"hosting/get_rs_themes",                     none,    "servtype"},
    {"hosting/set_jelastic_refill_url",           none,    "url"},
    {"shop/delete_lot",                           none,    "dname"},
    {"shop/get_info",                             none,    "dname"},
    {"user/get_statistics",                       none,    "date_from?:date date_till?:date"},
    {"user/get_reseller_url",                     none,    "servtype url_type"},
    {"user/refill_balance",                       none,    "pay_type amount currency"},
    {"user/set_reseller_url",                     none,    "servtype url_type url"},
};
// clang-format on

// The error texts: the documentation's where it shows one (samples), else our own (marked).
struct failure_text {
    std::string_view code, text, note;
};
constexpr std::array<failure_text, 9> texts{{
    {"NO_DOMAIN", "domain_name not given or empty", {}},
    {"DOMAINS_NOT_FOUND", "Domains not found", {}},
    {"INVALID_DOMAIN_NAME_FORMAT", "domain_name is invalid or unsupported zone", {}},
    {"INVALID_SERVICE_ID", "service_id is invalid", {}},
    {"IP_INVALID", "IP address is invalid", {}},
    {"SERVICE_NOT_SPECIFIED", "Service not specified", own_wording},
    {"PARAMETER_MISSING", "Required parameter missing: ", own_wording},
    {"PARAMETER_INCORRECT", "Parameter is incorrect: ", own_wording},
    {"TOO_MANY_OBJECTS_IN_ONE_REQUEST", "Too many objects in one request: ", own_wording},
}};

validation_failure failure(std::string_view code, std::string_view parameter, std::string value = {}) {
    auto known = std::find_if(texts.begin(), texts.end(), [&](const auto& t) { return t.code == code; });
    std::string text(known->text);
    if (text.ends_with(": ")) text += parameter;
    return {std::string(code), std::move(text), std::string(parameter), std::move(value)};
}

// One word of a `params` list, read.
struct param_rule {
    std::vector<std::string_view> names;  // any one of them
    bool optional = false;
    std::string_view format;
};

param_rule read_rule(std::string_view word) {
    param_rule rule;
    if (auto colon = word.find(':'); colon != std::string_view::npos) {
        rule.format = word.substr(colon + 1);
        word = word.substr(0, colon);
    }
    if (word.ends_with('?')) {
        rule.optional = true;
        word.remove_suffix(1);
    }
    boost::algorithm::split(rule.names, word, [](char c) { return c == '|'; });
    return rule;
}

std::vector<param_rule> rules_of(std::string_view params) {
    std::vector<std::string_view> words;
    boost::algorithm::split(words, params, [](char c) { return c == ' '; }, boost::algorithm::token_compress_on);
    std::vector<param_rule> rules;
    for (auto word : words) {
        if (!word.empty()) rules.push_back(read_rule(word));
    }
    return rules;
}

// A value sent: not null, not an empty string, list or object.
bool given(const json::value* value) {
    if (value == nullptr || value->is_null()) return false;
    if (value->is_string()) return !value->get_string().empty();
    if (value->is_array()) return !value->get_array().empty();
    if (value->is_object()) return !value->get_object().empty();
    return true;
}

std::string text_of(const json::value& value) { return api::value_as<std::string>(value, "").value_or(""); }

bool all_of_chars(std::string_view text, auto&& allowed) { return std::all_of(text.begin(), text.end(), allowed); }

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Labels of letters (any non-ASCII letter too, for IDN), digits and inner hyphens; a top
// label that is not all digits.
bool valid_domain(std::string_view name) {
    std::vector<std::string_view> labels;
    boost::algorithm::split(labels, name, [](char c) { return c == '.'; });
    if (labels.size() < 2 || name.size() > 253) return false;
    for (auto label : labels) {
        bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
                  all_of_chars(label, [](char c) {
                      return static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                  });
        if (!ok) return false;
    }
    return !all_of_chars(labels.back(), is_digit);
}

bool valid_ipv4(std::string_view address) {
    std::vector<std::string_view> parts;
    boost::algorithm::split(parts, address, [](char c) { return c == '.'; });
    if (parts.size() != 4) return false;
    return std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
        return !part.empty() && part.size() <= 3 && all_of_chars(part, is_digit) && std::stoi(std::string(part)) <= 255;
    });
}

bool valid_ipv6(std::string_view address) {
    auto colons = std::count(address.begin(), address.end(), ':');
    bool hex = all_of_chars(address, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':'; });
    return hex && colons >= 2 && colons <= 7 && address.find("::", address.find("::") + 1) == std::string_view::npos;
}

bool valid_date(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
    std::string digits = std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) + std::string(date.substr(8, 2));
    if (!all_of_chars(digits, is_digit)) return false;
    int month = std::stoi(std::string(date.substr(5, 2))), day = std::stoi(std::string(date.substr(8, 2)));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

constexpr std::array<std::string_view, 9> record_types{"A", "AAAA", "CAA", "CNAME", "HTTPS", "MX", "NS", "SRV", "TXT"};

// Each format: how a value is checked, the code when it is not, and a valid value for examples.
struct format_rule {
    std::string_view name;
    bool (*valid)(std::string_view);
    std::string_view code;
    std::string_view example;
};
constexpr std::array<format_rule, 6> formats{{
    {"domain", valid_domain, "INVALID_DOMAIN_NAME_FORMAT", "test.ru"},
    {"service_id", [](std::string_view id) { return !id.empty() && all_of_chars(id, is_digit); }, "INVALID_SERVICE_ID", "12345"},
    {"ip", valid_ipv4, "IP_INVALID", "1.2.3.4"},
    {"ipv6", valid_ipv6, "IP_INVALID", "2001:db8::1"},
    {"record_type", [](std::string_view type) {
         return std::find(record_types.begin(), record_types.end(), type) != record_types.end();
     }, "PARAMETER_INCORRECT", "A"},
    {"date", valid_date, "PARAMETER_INCORRECT", "2020-01-31"},
}};

const format_rule* format_named(std::string_view name) {
    auto found = std::find_if(formats.begin(), formats.end(), [&](const auto& f) { return f.name == name; });
    return found == formats.end() ? nullptr : &*found;
}

std::optional<validation_failure> check_format(std::string_view format, std::string_view name, const json::value& value) {
    const format_rule* rule = format_named(format);
    if (rule == nullptr) return std::nullopt;
    std::string text = text_of(value);
    if (rule->valid(text)) return std::nullopt;
    return failure(rule->code, name, std::move(text));
}

bool has_list(const json::object& params, std::string_view name) { return given(params.if_contains(name)); }

// The identification a method asks for, checked: present, and each top-level name well formed.
std::optional<validation_failure> check_identification(const method_requirements& method, const json::object& params) {
    if (method.identifies == none) return std::nullopt;
    const json::value* domain_name = find_aliased(params, "domain_name");
    const json::value* service_id = method.identifies == service ? params.if_contains("service_id") : nullptr;
    if (given(domain_name)) {
        if (auto bad = check_format("domain", "domain_name", *domain_name)) return bad;
    }
    if (given(service_id)) {
        if (auto bad = check_format("service_id", "service_id", *service_id)) return bad;
    }
    bool named = given(domain_name) || given(service_id) || has_list(params, "domains") ||
                 (method.identifies == service && (given(params.if_contains("user_servid")) || has_list(params, "services")));
    if (named) return std::nullopt;
    std::string_view fallback = method.identifies == domain ? "NO_DOMAIN" : "SERVICE_NOT_SPECIFIED";
    return failure(method.missing_code.empty() ? fallback : method.missing_code, "domain_name");
}

// A list the method takes (the method tables say which) with more items than the service
// takes in one request.
std::optional<validation_failure> check_list_sizes(std::string_view method, const json::object& params) {
    auto known = api::find_method(method);
    if (!known) return std::nullopt;
    for (std::string_view name : api::list_params(known->items)) {
        const auto* list = params.if_contains(name);
        if (list != nullptr && list->is_array() && list->get_array().size() > api::service_item_limit) {
            return failure("TOO_MANY_OBJECTS_IN_ONE_REQUEST", name);
        }
    }
    return std::nullopt;
}

std::optional<validation_failure> check_param(const param_rule& rule, const json::object& params) {
    for (auto name : rule.names) {
        const json::value* value = find_aliased(params, name);
        if (given(value)) return rule.format.empty() ? std::nullopt : check_format(rule.format, name, *value);
    }
    if (rule.optional) return std::nullopt;
    return failure("PARAMETER_MISSING", rule.names.front());
}

}  // namespace

std::span<const method_requirements> validation_table() noexcept { return table; }

const method_requirements* requirements_of(std::string_view method) noexcept {
    auto found = std::find_if(std::begin(table), std::end(table), [&](const auto& row) { return row.method == method; });
    return found == std::end(table) ? nullptr : &*found;
}

std::optional<validation_failure> validate(std::string_view method, const json::object& params) {
    if (auto failed = check_list_sizes(method, params)) return failed;
    const method_requirements* row = requirements_of(method);
    if (row == nullptr) return std::nullopt;
    if (auto failed = check_identification(*row, params)) return failed;
    for (const auto& rule : rules_of(row->params)) {
        if (auto failed = check_param(rule, params)) return failed;
    }
    return std::nullopt;
}

json::object valid_example(const method_requirements& method) {
    json::object example;
    if (method.identifies != none) example["domain_name"] = "test.ru";
    for (const auto& rule : rules_of(method.params)) {
        if (rule.optional) continue;
        std::string_view name = rule.names.front();
        const format_rule* format = format_named(rule.format);
        if (name == "domains" || name == "services") {  // lists of items
            example[name] = json::array{json::object{{"dname", "test.ru"}}};
        } else if (name == "bills") {
            example[name] = json::array{"1234"};
        } else {
            example[name] = format ? format->example : std::string_view("1");
        }
    }
    return example;
}

}  // namespace regru::mocks
