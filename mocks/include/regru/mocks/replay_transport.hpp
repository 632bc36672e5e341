// A transport that answers from recordings, with no network: for offline tests of code that
// uses the client, and for the `regru --replay` tool. It reads each request and writes each
// answer as the mock server does (wire.hpp): in the request's io_encoding, the recordings
// being in UTF-8. The recordings are immutable once loaded and the list of misses is locked,
// so it is safe to share between threads; copies share both.
#pragma once

#include <regru/mocks/recordings.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace regru::mocks {

struct replay_options {
    // Throw unmatched_request for a request no recording answers, instead of answering with
    // a transport failure: for tests that want a miss to stop them where it happens.
    bool strict = false;
};

class replay_transport {
public:
    explicit replay_transport(recording_set recordings, replay_options options = {});
    static replay_transport from_directory(const std::filesystem::path& directory, replay_options options = {});
    static replay_transport from_file(const std::filesystem::path& file, replay_options options = {});

    // The recorded answer, in the request's charset. When no recording matches, or the body
    // cannot be read, the miss is kept (misses()) and the answer is
    // http_response::failed(transport_failure::no_answer, why), why naming the request and the
    // nearest recordings without secrets; strict, it throws unmatched_request(why) instead.
    api::http_response send(const api::http_request& request) const;

    // Why each request so far had no answer, in the order they came, from every copy.
    std::vector<std::string> misses() const;
    void clear_misses();

    const recording_set& recordings() const noexcept { return *recordings_; }
    const replay_options& options() const noexcept { return options_; }

private:
    struct miss_list {
        mutable std::mutex mutex;
        std::vector<std::string> explanations;
    };

    // Keeps the miss, then answers or throws as the options say.
    api::http_response missed(std::string explanation) const;

    std::shared_ptr<const recording_set> recordings_;
    replay_options options_;
    std::shared_ptr<miss_list> misses_;
};

}  // namespace regru::mocks
