#include <regru/mocks/simulator.hpp>

#include <regru/api/detail/shared_file.hpp>

#include "parts.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace regru::mocks {

namespace json = boost::json;
namespace fs = std::filesystem;

account parse_account(std::string_view spec) {
    auto colon = spec.find(':');
    if (colon == std::string_view::npos) throw std::invalid_argument("an account is NAME:PASSWORD, and this one has no ':'");
    account parsed{std::string(spec.substr(0, colon)), std::string(spec.substr(colon + 1))};
    if (parsed.name.empty()) throw std::invalid_argument("an account needs a name before ':'");
    if (parsed.password.empty()) throw std::invalid_argument("account " + parsed.name + " needs a password after ':'");
    return parsed;
}

// Invented: REG.RU's prices change and depend on the zone; these are round numbers of the
// right size, documented in docs/mock-server.md.
const std::vector<std::pair<std::string_view, double>>& price_list() {
    static const std::vector<std::pair<std::string_view, double>> prices{
        {"domain/create", 590.0}, {"domain/transfer", 590.0}, {"service/create", 300.0}, {"service/renew", 590.0}};
    return prices;
}

namespace simulated {

json::object success(json::value answer) {
    return {{"answer", std::move(answer)}, {"charset", "utf-8"}, {"messagestore", nullptr}, {"result", "success"}};
}

json::object failure(std::string_view code, std::string_view text, json::object params) {
    return {{"charset", "utf-8"},     {"error_code", code},       {"error_params", std::move(params)},
            {"error_text", text},     {"messagestore", nullptr}, {"result", "error"}};
}

json::object item_failure(json::object item, const json::object& error_envelope) {
    item["result"] = "error";
    for (std::string_view key : {"error_code", "error_text", "error_params"}) item[key] = error_envelope.at(key);
    return item;
}

std::string text_param(const json::object& params, std::string_view name) {
    const json::value* value = params.if_contains(name);
    if (value == nullptr || value->is_null()) return {};
    if (value->is_string()) return std::string(value->get_string());
    return json::serialize(*value);
}

std::string service_id_of(json::object& account, const std::string& domain) {
    json::object& services = account["services"].as_object();
    if (const json::value* known = services.if_contains(domain)) return std::string(known->get_string());
    std::int64_t next = account["next_service_id"].as_int64();
    account["next_service_id"] = next + 1;
    services[domain] = std::to_string(next);
    return std::to_string(next);
}

}  // namespace simulated

namespace {

json::object fresh_account() {
    return {{"balance", json::object{{"prepay", 1000.0}, {"credit", 0.0}, {"currency", "RUR"}}},
            {"services", json::object{}}, {"next_service_id", 12345},
            {"zones", json::object{}},    {"folders", json::object{}},
            {"next_folder_id", 1}};
}

json::object load_accounts(const fs::path& file) {
    if (file.empty() || !fs::exists(file)) return {};
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    json::value state = json::parse(text.str(), ec);
    const json::value* accounts = (!ec && state.is_object()) ? state.get_object().if_contains("accounts") : nullptr;
    if (accounts == nullptr || !accounts->is_object()) {
        throw std::runtime_error("mock server: " + file.string() + " is no saved state ({\"accounts\": {...}})");
    }
    return accounts->get_object();
}

std::optional<simulated::outcome> handled(json::object& account, std::string_view method, const json::object& params,
                                          const zone_prices& prices) {
    if (method == "mock/reset") {
        account = fresh_account();
        return simulated::outcome{simulated::success(json::object{}), true};
    }
    if (auto zone = simulated::zone_call(account, method, params)) return zone;
    if (auto folder = simulated::folder_call(account, method, params)) return folder;
    return simulated::balance_call(account, method, params, prices);
}

}  // namespace

simulator::simulator(fs::path state_file, zone_prices prices)
    : accounts_(load_accounts(state_file)), state_file_(std::move(state_file)), prices_(std::move(prices)) {}

std::optional<json::object> simulator::answer(std::string_view username, std::string_view method,
                                              const json::object& params) {
    std::lock_guard lock(mutex_);
    bool known = accounts_.contains(username);
    json::value& account = accounts_[username];
    if (!known) account = fresh_account();
    auto result = handled(account.get_object(), method, params, prices_);
    if (!result) {
        if (!known) accounts_.erase(username);  // a call left to the recordings adds no account
        return std::nullopt;
    }
    if (result->changed) save();
    if (result->envelope.empty()) return std::nullopt;
    if (json::value* error_params = result->envelope.if_contains("error_params")) {
        error_params->get_object()["command_name"] = method;
    }
    return std::move(result->envelope);
}

json::object simulator::state() const {
    std::lock_guard lock(mutex_);
    return {{"accounts", accounts_}};
}

// Written aside, then renamed over the file: a reader never sees half a state.
void simulator::save() const {
    if (state_file_.empty()) return;
    fs::path aside = state_file_;
    aside += ".new";
    try {
        // Whole or not at all, whenever the server dies (one writer: the mutex is held).
        api::detail::replace_file(state_file_, aside, json::serialize(json::object{{"accounts", accounts_}}), 0644);
    } catch (const api::detail::file_error& e) {
        throw std::runtime_error(std::string("mock server: ") + e.what());
    }
}

}  // namespace regru::mocks
