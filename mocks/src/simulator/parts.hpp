// What the simulator's parts share: how an account's state looks, and how answers are made.
// An account's state is JSON, as saved:
//   {"balance": {"prepay": 1000.0, "credit": 0.0, "currency": "RUR"},
//    "services": {DOMAIN: SERVICE_ID, ...}, "next_service_id": 12345,
//    "zones": {DOMAIN: {"rrs": [{"rectype", "subname", "content", "prio", "state"}],
//                       "soa": {"ttl", "minimum_ttl"}}},
//    "folders": {NAME: {"folder_id": N, "services": [SERVICE_ID, ...]}}, "next_folder_id": 1}
#pragma once

#include <regru/mocks/simulator.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace regru::mocks::simulated {

namespace json = boost::json;

// A handled call: its envelope (empty: the recordings answer it, as a paid charges call), and
// whether it changed the state (then it is saved).
struct outcome {
    json::object envelope;
    bool changed = false;
};

json::object success(json::value answer);
// error_params gets command_name added by the simulator.
json::object failure(std::string_view code, std::string_view text, json::object params = {});
// An item of a per-item answer list that failed: {"result": "error", error_*...} plus `item`.
json::object item_failure(json::object item, const json::object& error_envelope);

// A parameter as text ("" when absent); numbers are written as the service writes them.
std::string text_param(const json::object& params, std::string_view name);

// Whether `value` is the string `text`.
inline bool is_text(const json::value& value, std::string_view text) {
    return value.is_string() && std::string_view(value.get_string()) == text;
}

// The service id of `domain` in `account`, given one when first named.
std::string service_id_of(json::object& account, const std::string& domain);

std::optional<outcome> zone_call(json::object& account, std::string_view method, const json::object& params);
std::optional<outcome> folder_call(json::object& account, std::string_view method, const json::object& params);
std::optional<outcome> balance_call(json::object& account, std::string_view method, const json::object& params,
                                    const zone_prices& prices);

}  // namespace regru::mocks::simulated
