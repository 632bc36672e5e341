// docs/limits.md's examples: they must compile. (The tests run the same calls for real.)
#include <regru/api.hpp>
#include <regru/limits/redis_store.hpp>

#include <chrono>
#include <string>

using namespace regru::api;

// Workers on several hosts, one reseller account: the counts live in Redis.
client make_worker_client(const std::string& secret) {
    rate_limiter limits({
        .per_user = rate{1200, std::chrono::hours(1)},
        .per_ip = rate{1200, std::chrono::hours(1)},
        .ip_key = "203.0.113.7",
        .store = make_redis_store(parse_redis_url("redis://10.0.0.5:6379/0")),
    });
    return client({.username = "reseller", .password = secret, .deadline = std::chrono::minutes(5)},
                  poco_transport(), json_codec(), limits);
}

struct customer {
    std::string login, api_password;
};

// One client, many accounts: each call carries its own.
void serve(const client& c, const customer& who, const params& order) {
    auto r = c.domain().create(order, {.username = who.login, .password = who.api_password, .lang = "ru",
                                       .deadline = std::chrono::seconds(20)});
    auto quick = c.user().get_balance({}, {.on_limit = when_limited::fail, .max_attempts = 1});
    (void)r;
    (void)quick;
}

int main(int argc, char**) {
    if (argc > 1) {  // needs a Redis at 10.0.0.5: only compiled here
        auto c = make_worker_client("secret");
        serve(c, {"customer", "pw"}, {{"domain_name", "example.ru"}});
    }
}
