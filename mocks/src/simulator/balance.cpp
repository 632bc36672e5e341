// The balance in stateful mode: user/get_balance, user/refill_balance, and the price of the
// charges methods (price_list()).
#include <regru/mocks/simulator.hpp>

#include "parts.hpp"

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

}  // namespace

std::optional<outcome> balance_call(json::object& account, std::string_view method, const json::object& params) {
    json::object& balance = account["balance"].as_object();
    if (method == "user/get_balance") return outcome{success(balance_answer(balance))};
    if (method == "user/refill_balance") return refill(balance, params);
    const auto& prices = price_list();
    auto priced = std::find_if(prices.begin(), prices.end(), [&](const auto& entry) { return entry.first == method; });
    if (priced == prices.end()) return std::nullopt;
    return charge(balance, priced->second);
}

}  // namespace regru::mocks::simulated
