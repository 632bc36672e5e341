#include <regru/mocks/recorder.hpp>

#include "recorded_entry.hpp"
#include "recordings_file.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <system_error>

#include <unistd.h>

namespace regru::mocks {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse_folder(const fs::path& folder, const std::string& why) {
    throw recorder_error("Cannot record into the folder " + folder.string() + ": " + why);
}

// Makes the folder when it is missing; refuses one this process cannot write into.
void prepare_folder(const fs::path& folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) refuse_folder(folder, error.message());
    if (!fs::is_directory(folder, error)) refuse_folder(folder, "it is not a folder");
    if (::access(folder.c_str(), W_OK | X_OK) != 0) refuse_folder(folder, std::system_category().message(errno));
}

std::vector<fs::path> recordings_files_in(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code error;
    for (const auto& item : fs::directory_iterator(folder, error)) {
        if (item.path().extension() == ".json") files.push_back(item.path());
    }
    if (error) refuse_folder(folder, error.message());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

struct recorder::state {
    state(fs::path where, recorder_options options)
        : folder(std::move(where)),
          lock(folder / ".lock"),
          maker(std::move(options.redaction), std::move(options.pattern_params)) {}

    detail::recordings_file& file(const std::string& name) {
        return files.try_emplace(name, folder / name).first->second;
    }

    const fs::path folder;
    api::detail::lock_file lock;  // every recorder of the folder, in any process
    const detail::entry_maker maker;

    std::mutex files_mutex;  // the cache of the files, and this process's turn at the folder lock

    // The folder lock, for as long as it takes: an append is short, and a recording lost
    // because another process was slow would be worse than a wait.
    api::detail::flock_hold hold_folder() {
        try {
            return lock.hold(std::chrono::steady_clock::time_point::max());
        } catch (const api::detail::file_error& e) {
            throw recorder_error(std::string("The recorder ") + e.what());
        }
    }
    std::map<std::string, detail::recordings_file> files;

    mutable std::mutex failures_mutex;
    std::size_t failure_count = 0;
    std::vector<std::string> failures;
};

std::shared_ptr<recorder> recorder::open(const fs::path& folder, recorder_options options) {
    prepare_folder(folder);
    auto opened = std::make_unique<state>(folder, std::move(options));
    auto lock = opened->hold_folder();
    for (const auto& path : recordings_files_in(folder)) opened->file(path.filename().string()).refresh();
    return std::shared_ptr<recorder>(new recorder(std::move(opened)));
}

recorder::recorder(std::unique_ptr<state> opened) : state_(std::move(opened)) {}

recorder::~recorder() = default;

void recorder::on_call(const api::call_record& call) { record(call); }

bool recorder::record(const api::call_record& call) {
    if (call.http_status == 0) return false;
    try {
        auto draft = state_->maker.make(call);
        std::lock_guard inside(state_->files_mutex);
        auto across = state_->hold_folder();
        auto& file = state_->file(draft.file_name);
        file.refresh();
        return file.append(draft);
    } catch (const std::exception& e) {
        std::lock_guard hold(state_->failures_mutex);
        if (++state_->failure_count <= kept_failures) state_->failures.push_back(call.method + ": " + e.what());
        throw;
    }
}

const fs::path& recorder::folder() const noexcept { return state_->folder; }

std::size_t recorder::failure_count() const {
    std::lock_guard hold(state_->failures_mutex);
    return state_->failure_count;
}

std::vector<std::string> recorder::failures() const {
    std::lock_guard hold(state_->failures_mutex);
    return state_->failures;
}

}  // namespace regru::mocks
