// A transport that answers from recordings, with no network: for offline tests of code that
// uses the client, and for the `regru --replay` tool. Immutable once built, so it is safe to
// share between threads; copies share the recordings.
#pragma once

#include <regru/mocks/recordings.hpp>

#include <filesystem>
#include <memory>

namespace regru::mocks {

class replay_transport {
public:
    explicit replay_transport(recording_set recordings);
    static replay_transport from_directory(const std::filesystem::path& directory);
    static replay_transport from_file(const std::filesystem::path& file);

    // The recorded answer; throws unmatched_request when no recording matches.
    api::http_response send(const api::http_request& request) const;

    const recording_set& recordings() const noexcept { return *recordings_; }

private:
    std::shared_ptr<const recording_set> recordings_;
};

}  // namespace regru::mocks
