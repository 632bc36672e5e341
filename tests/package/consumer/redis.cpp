// A program built against the installed package's Redis store (and so hiredis): with nothing
// listening on the port, a fail_open store warns once and counts in this process.
#include <regru/limits/redis_store.hpp>

#include <iostream>
#include <string>

int main() {
    auto options = regru::api::parse_redis_url("redis://127.0.0.1:1/0");  // port 1: nothing there
    options.on_failure = regru::api::store_failure_mode::fail_open;
    int warnings = 0;
    options.warning_sink = [&](std::string_view) { ++warnings; };
    auto store = regru::api::make_redis_store(options);
    regru::api::limit_key key{"user:test", {1, std::chrono::seconds(60)}};
    auto now = regru::api::wall_now();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    bool first = store->take({&key, 1}, now, deadline).granted, second = store->take({&key, 1}, now, deadline).granted;
    if (warnings != 1 || !first || second || store->describe() != "redis://127.0.0.1:1/0") {
        std::cerr << "unexpected: " << warnings << " warnings, takes " << first << second << '\n';
        return 1;
    }
    std::cout << "redis store: " << store->describe() << ", counting in this process\n";
    return 0;
}
