// The mock REG.API's stateful mode: per account, the state users most often change, kept in
// memory, so that a client can write and read back what it wrote (docs/mock-server.md,
// "Stateful mode"):
//   - DNS zones: zone/add_* (alias, aaaa, caa, cname, https, mx, ns, spf, srv, txt),
//     remove_record, clear, update_records, update_soa change a domain's records;
//     get_resource_records reads them back. Any domain named has a zone (empty at first).
//   - folders: folder/create, rename, remove, add_services, remove_services,
//     replace_services, get_services;
//   - the balance: user/get_balance, user/refill_balance; domain/create takes the RUR
//     reg_price of the domain's zone from the recordings of domain/get_prices, and the charges
//     methods of price_list() their price there, or answer NOT_ENOUGH_MONEY (the recordings
//     answer those that can pay).
//   - mock/reset (a category REG.API has not) forgets the calling account's state.
// Accounts start with 1000.00 RUR prepaid and nothing else. The state can live in a JSON
// file: read when the simulator starts (when the file exists), written after every change.
// One lock guards everything: calls from any number of threads.
#pragma once

#include <regru/mocks/recordings.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regru::mocks {

// An account the mock service lets in, besides test/test.
struct account {
    std::string name{};
    std::string password{};
    friend bool operator==(const account&, const account&) = default;
};

// "NAME:PASSWORD" (the password may hold ':'); throws std::invalid_argument saying what is
// wrong, never with the password in it.
account parse_account(std::string_view spec);

// What a charges method costs (RUR) in stateful mode; methods not listed cost nothing.
const std::vector<std::pair<std::string_view, double>>& price_list();

// Registration prices (RUR) by domain zone ("ru", "com"), from the first recorded RUR answer
// of domain/get_prices in `recordings`; empty when there is none.
using zone_prices = std::map<std::string, double, std::less<>>;
zone_prices registration_prices(const recording_set& recordings);

class simulator {
public:
    // `state_file`: empty for memory only. Throws std::runtime_error when it exists but
    // cannot be read as a state.
    explicit simulator(std::filesystem::path state_file = {}, zone_prices prices = {});

    // The answer envelope (UTF-8 JSON object) of a call by `username` (already let in), or
    // nothing when the simulator leaves the call to the recordings.
    std::optional<boost::json::object> answer(std::string_view username, std::string_view method,
                                              const boost::json::object& params);

    // Everything, as saved: {"accounts": {NAME: {...}}}.
    boost::json::object state() const;

private:
    void save() const;

    mutable std::mutex mutex_;
    boost::json::object accounts_;
    std::filesystem::path state_file_;
    zone_prices prices_;
};

}  // namespace regru::mocks
