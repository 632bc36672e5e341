#include <regru/mocks/replay_transport.hpp>

namespace regru::mocks {

replay_transport::replay_transport(recording_set recordings)
    : recordings_(std::make_shared<const recording_set>(std::move(recordings))) {}

replay_transport replay_transport::from_directory(const std::filesystem::path& directory) {
    return replay_transport(recording_set::from_directory(directory));
}

replay_transport replay_transport::from_file(const std::filesystem::path& file) {
    return replay_transport(recording_set::from_file(file));
}

api::http_response replay_transport::send(const api::http_request& request) const {
    auto seen = recorded_request::from(request);
    if (const recording* found = recordings_->find(seen)) return found->answer();
    throw unmatched_request(recordings_->explain_miss(seen));
}

}  // namespace regru::mocks
