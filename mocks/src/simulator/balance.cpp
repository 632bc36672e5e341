// The balance in stateful mode: user/get_balance, user/refill_balance, and the price of the
// charges methods (price_list()).
#include <regru/mocks/simulator.hpp>

#include "parts.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace regru::mocks::simulated {
namespace {

// Money as the service writes it: "1000.00".
std::string money(double amount) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", amount);
    return text;
}

json::object balance_answer(const json::object& balance) {
    return {{"credit", money(balance.at("credit").to_number<double>())},
            {"currency", balance.at("currency")},
            {"prepay", money(balance.at("prepay").to_number<double>())}};
}

outcome refill(json::object& balance, const json::object& params) {
    std::string text = text_param(params, "amount");
    char* end = nullptr;
    double amount = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(amount > 0)) {
        return {failure("PARAMETER_INCORRECT", "amount must be a positive number", {{"param", "amount"}})};
    }
    balance["prepay"] = balance.at("prepay").to_number<double>() + amount;
    std::string pay_type = text_param(params, "pay_type");
    return {success(json::object{{"currency", balance.at("currency")},
                                 {"pay_notes", "Bill for prepay created"},
                                 {"pay_type", pay_type.empty() ? "prepay" : pay_type},
                                 {"payment", money(amount)},
                                 {"total_payment", money(amount)}}),
            true};
}

// A charges method of the price list: pays, then leaves the answer to the recordings.
outcome charge(json::object& balance, double price) {
    double prepay = balance.at("prepay").to_number<double>();
    if (prepay < price) {
        // Invented wording; the code is the service's.
        return {failure("NOT_ENOUGH_MONEY", "Not enough money on the balance",
                               {{"price", money(price)}, {"prepay", money(prepay)}})};
    }
    balance["prepay"] = prepay - price;
    return {{}, true};
}

// What `method` costs: domain/create the recorded price of its domain's zone, else
// price_list()'s; nothing when neither lists it.
std::optional<double> price_of(std::string_view method, const json::object& params, const zone_prices& prices) {
    if (method == "domain/create") {
        std::string domain = text_param(params, "domain_name");
        if (domain.empty()) domain = text_param(params, "dname");
        auto dot = domain.find('.');
        auto recorded = dot == std::string::npos ? prices.end() : prices.find(std::string_view(domain).substr(dot + 1));
        if (recorded != prices.end()) return recorded->second;
    }
    const auto& listed = price_list();
    auto priced = std::find_if(listed.begin(), listed.end(), [&](const auto& entry) { return entry.first == method; });
    if (priced == listed.end()) return std::nullopt;
    return priced->second;
}

}  // namespace

std::optional<outcome> balance_call(json::object& account, std::string_view method, const json::object& params,
                                    const zone_prices& prices) {
    json::object& balance = account["balance"].as_object();
    if (method == "user/get_balance") return outcome{success(balance_answer(balance))};
    if (method == "user/refill_balance") return refill(balance, params);
    auto price = price_of(method, params, prices);
    if (!price) return std::nullopt;
    return charge(balance, *price);
}

}  // namespace regru::mocks::simulated

namespace regru::mocks {

zone_prices registration_prices(const recording_set& recordings) {
    namespace json = boost::json;
    for (const recording& entry : recordings.entries()) {
        if (entry.method != "domain/get_prices") continue;
        boost::system::error_code ec;
        json::value envelope = json::parse(entry.body, ec);
        const json::value* found = ec || !envelope.is_object() ? nullptr : envelope.get_object().if_contains("answer");
        const json::object* answer = found ? found->if_object() : nullptr;
        if (answer == nullptr || simulated::text_param(*answer, "currency") != "RUR") continue;
        const json::value* listed = answer->if_contains("prices");
        if (listed == nullptr || !listed->is_object()) continue;
        zone_prices prices;
        for (const auto& [zone, terms] : listed->get_object()) {
            std::string price = terms.is_object() ? simulated::text_param(terms.get_object(), "reg_price") : "";
            if (!price.empty()) prices[std::string(zone)] = std::strtod(price.c_str(), nullptr);
        }
        return prices;
    }
    return {};
}

}  // namespace regru::mocks
