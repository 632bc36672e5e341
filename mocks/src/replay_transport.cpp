#include <regru/mocks/replay_transport.hpp>
#include <regru/mocks/wire.hpp>

namespace regru::mocks {

replay_transport::replay_transport(recording_set recordings, replay_options options)
    : recordings_(std::make_shared<const recording_set>(std::move(recordings))),
      options_(options),
      misses_(std::make_shared<miss_list>()) {}

replay_transport replay_transport::from_directory(const std::filesystem::path& directory, replay_options options) {
    return replay_transport(recording_set::from_directory(directory), options);
}

replay_transport replay_transport::from_file(const std::filesystem::path& file, replay_options options) {
    return replay_transport(recording_set::from_file(file), options);
}

api::http_response replay_transport::send(const api::http_request& request) const {
    wire_request call = read_request(request.method.path, request.body);
    if (!call.readable()) return missed("POST " + call.request.method + ": " + call.problem_text);
    const recording* found = recordings_->find(call.request);
    if (found == nullptr) return missed(recordings_->explain_miss(call.request));
    api::http_response answer = found->answer();
    write_answer(call, answer.body, answer.content_type);
    return answer;
}

api::http_response replay_transport::missed(std::string explanation) const {
    {
        std::lock_guard lock(misses_->mutex);
        misses_->explanations.push_back(explanation);
    }
    if (options_.strict) throw unmatched_request(explanation);
    return api::http_response::failed(api::transport_failure::no_answer, std::move(explanation));
}

std::vector<std::string> replay_transport::misses() const {
    std::lock_guard lock(misses_->mutex);
    return misses_->explanations;
}

void replay_transport::clear_misses() {
    std::lock_guard lock(misses_->mutex);
    misses_->explanations.clear();
}

}  // namespace regru::mocks
