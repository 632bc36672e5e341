// What REG.API's test mode checks in a request before it answers, as one table: per method,
// how it must name its domain or service and which parameters it requires, in which format.
// The mock service checks every call against it before looking up a recording.
//
// A method's `params` is a list of words separated by spaces, each
//     name[|other...][?][:format]
// "a|b": one of them is required; a trailing "?": optional, but checked when sent; ":format"
// one of domain, service_id, ip, ipv6, record_type, date (none: any non-empty value).
// A method the table does not list validates nothing.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace regru::mocks {

// How a method names what it works on.
enum class identification {
    none,
    domain,   // domain_name (or dname), or a non-empty `domains` list
    service,  // service_id, domain_name (or dname), user_servid, or a `services`/`domains` list
};

struct method_requirements {
    std::string_view method;  // "zone/add_alias"
    identification identifies = identification::none;
    std::string_view params;  // "subdomain ipaddr:ip"
    // The code when the identification is missing; empty: NO_DOMAIN or SERVICE_NOT_SPECIFIED.
    std::string_view missing_code = {};
    std::string_view note = {};  // where a fact comes from, when not from the documentation
};

// The table, in the order of the method tables.
std::span<const method_requirements> validation_table() noexcept;

// The table's row of `method`, or nullptr.
const method_requirements* requirements_of(std::string_view method) noexcept;

// The error test mode answers instead of a recording.
struct validation_failure {
    std::string code;       // "PARAMETER_MISSING"
    std::string text;       // "Required parameter missing: subdomain"
    std::string parameter;  // the parameter at fault, for error_params
    std::string value;      // the value at fault, "" when missing
};

// The first rule of `method` that `params` breaks, or nullopt.
std::optional<validation_failure> validate(std::string_view method, const boost::json::object& params);

// A request `method` accepts: its identification and each required parameter with a valid
// value (domain_name "test.ru", ipaddr "1.2.3.4", ...). For tests and examples.
boost::json::object valid_example(const method_requirements& method);

}  // namespace regru::mocks
