#include "connection.hpp"

#include <hiredis/hiredis.h>

#include <pthread.h>
#include <sys/time.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <vector>

namespace regru::api::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds timeout) {
    return {static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
}

// hiredis sends with write(2), and writing to a socket the server has reset raises SIGPIPE,
// whose default action ends the process: a limit store must never kill its host. While a
// command is sent the signal is blocked in this thread, and one it raised is taken back before
// the mask is restored (as libpq does).
class sigpipe_guard {
public:
    sigpipe_guard() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        was_pending_ = pending();
        pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
    }
    ~sigpipe_guard() {
        if (!was_pending_ && pending()) {
            timespec no_wait{};
            sigtimedwait(&pipe_, nullptr, &no_wait);
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    sigpipe_guard(const sigpipe_guard&) = delete;
    sigpipe_guard& operator=(const sigpipe_guard&) = delete;

private:
    static bool pending() {
        sigset_t set;
        sigpending(&set);
        return sigismember(&set, SIGPIPE) == 1;
    }
    sigset_t pipe_{}, previous_{};
    bool was_pending_ = false;
};

// Why the last exchange on `context` failed. A socket timeout shows as EAGAIN: say so plainly.
failure lost(const redisContext& context, int error_number, std::chrono::milliseconds timeout) {
    if (context.err == REDIS_ERR_IO && (error_number == EAGAIN || error_number == EWOULDBLOCK)) {
        return failure("did not answer within " + std::to_string(timeout.count()) + " ms");
    }
    return failure("cannot be reached: " + std::string(context.errstr));
}

}  // namespace

void reply_deleter::operator()(redisReply* answer) const { freeReplyObject(answer); }
void connection::context_deleter::operator()(redisContext* context) const { redisFree(context); }

connection::connection(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout)
    : context_(redisConnectWithTimeout(host.c_str(), port, to_timeval(timeout))) {
    if (!context_) throw failure("cannot be reached: out of memory");
    if (context_->err) throw failure("cannot be reached: " + std::string(context_->errstr));
}

reply connection::command(std::span<const std::string_view> arguments, std::chrono::milliseconds timeout) {
    if (timeout != timeout_) {
        if (redisSetTimeout(context_.get(), to_timeval(timeout)) != REDIS_OK) throw lost(*context_, errno, timeout);
        timeout_ = timeout;
    }
    std::vector<const char*> words;
    std::vector<std::size_t> sizes;
    words.reserve(arguments.size());
    sizes.reserve(arguments.size());
    for (auto argument : arguments) {
        words.push_back(argument.data());
        sizes.push_back(argument.size());
    }
    sigpipe_guard guard;
    auto* answer = redisCommandArgv(context_.get(), static_cast<int>(words.size()), words.data(), sizes.data());
    if (!answer) throw lost(*context_, errno, timeout);
    return reply(static_cast<redisReply*>(answer));
}

bool is_error(const redisReply& answer) { return answer.type == REDIS_REPLY_ERROR; }

std::string_view text(const redisReply& answer) {
    bool has_text = answer.type == REDIS_REPLY_STRING || answer.type == REDIS_REPLY_STATUS || is_error(answer);
    return has_text ? std::string_view(answer.str, answer.len) : std::string_view();
}

}  // namespace regru::api::redis
