// The cost of a take from the Redis store, against a redis-server started on a loopback port
// (tests/support/redis_server.hpp; Debian's redis-server), next to the floor (a bare hiredis
// PING round trip) and the memory store. Then 8 threads sharing one store, which share its one
// connection behind a mutex. CPU time is this process's only (redis-server runs in its own).
//
//   bench_redis_store [TAKES]     default 20000 per case
#include <regru/limits/redis_store.hpp>

#include "measure.hpp"
#include "support/redis_server.hpp"

#include <hiredis/hiredis.h>

#include <cstdlib>
#include <thread>
#include <vector>

namespace api = regru::api;
using regru::bench::measure;
using namespace std::chrono_literals;

namespace {

// A key that always admits (a billion a second: what is measured is the granting path, with
// the window's set holding about a second of permits) and one that is full (the refusing path).
const std::vector<api::limit_key> open_keys{{"user:bench", {1'000'000'000, 1s}}, {"ip:bench", {1'000'000'000, 1s}}};
const std::vector<api::limit_key> full_key{{"user:full", {1, 3600s}}};

bool granted(api::limit_store& store, std::span<const api::limit_key> keys) {
    return store.take(keys, api::wall_now(), std::chrono::steady_clock::now() + 1s).granted;
}

void shared_by_threads(api::limit_store& store, long takes, int threads) {
    auto start = std::chrono::steady_clock::now();
    double cpu_start = regru::bench::cpu_seconds();
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            for (long n = 0; n < takes / threads; ++n) granted(store, open_keys);
        });
    }
    for (auto& worker : workers) worker.join();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = regru::bench::cpu_seconds() - cpu_start;
    std::printf("%-44s %9.0f calls/s  %7.2f us CPU/call\n", "redis take, 2 keys, 8 threads, one store",
                static_cast<double>(takes) / wall, cpu / static_cast<double>(takes) * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    long takes = argc > 1 ? std::atol(argv[1]) : 20'000;
    regru::testing::redis_server server;

    redisContext* bare = redisConnect("127.0.0.1", server.port());
    measure("bare hiredis PING round trip", takes, [&] {
        auto* answer = static_cast<redisReply*>(redisCommand(bare, "PING"));
        bool ok = answer && answer->type == REDIS_REPLY_STATUS;
        freeReplyObject(answer);
        return ok;
    });
    redisFree(bare);

    auto memory = api::make_memory_store();
    measure("memory take, 2 keys", takes, [&] { return granted(*memory, open_keys); });

    auto store = api::make_redis_store(api::parse_redis_url(server.url()));
    measure("redis take, 1 key", takes, [&] { return granted(*store, std::span(open_keys).first(1)); });
    measure("redis take, 2 keys", takes, [&] { return granted(*store, open_keys); });
    granted(*store, full_key);
    measure("redis take, 1 full key (refused)", takes, [&] { return !granted(*store, full_key); });
    shared_by_threads(*store, takes, 8);
    return 0;
}
