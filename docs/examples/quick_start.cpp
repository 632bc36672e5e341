#include <regru/api.hpp>
#include <iostream>

int main() {
    regru::api::client client({.username = "test", .password = "test"});  // REG.API's test account
    auto balance = client.user().get_balance({{"currency", "RUR"}});
    if (!balance.is_success()) {
        std::cerr << balance.error_code() << ": " << balance.error_text() << '\n';
        return 1;
    }
    std::cout << "prepay: " << *balance.get<double>("prepay") << " " << *balance.get<std::string>("currency") << '\n';
}
