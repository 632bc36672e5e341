// One connection to Redis over hiredis's blocking API: a command at a time, each with its own
// time limit. Private to regru::redis_limits.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct redisContext;
struct redisReply;

namespace regru::api::redis {

// Redis could not be asked or did not answer. what() completes "the limit store URL ...":
// "cannot be reached: Connection refused", "did not answer within 500 ms".
class failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct reply_deleter {
    void operator()(redisReply* reply) const;
};
using reply = std::unique_ptr<redisReply, reply_deleter>;

class connection {
public:
    // Connects within `timeout`. Throws failure.
    connection(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout);

    // Sends one command and reads its answer, waiting at most `timeout` for each. An error
    // answer is returned like any other (NOSCRIPT is for the caller to handle); no answer throws
    // failure, and the connection must then be dropped: a late answer could still arrive.
    reply command(std::span<const std::string_view> arguments, std::chrono::milliseconds timeout);

private:
    struct context_deleter {
        void operator()(redisContext* context) const;
    };
    std::unique_ptr<redisContext, context_deleter> context_;
    std::chrono::milliseconds timeout_{0};  // the one set on the socket
};

// What an answer holds, for reading answers.
bool is_error(const redisReply& answer);
std::string_view text(const redisReply& answer);  // of a string, status or error answer

}  // namespace regru::api::redis
