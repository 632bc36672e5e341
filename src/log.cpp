#include <regru/api/log.hpp>

#include <regru/api/detail/shared_file.hpp>
#include <regru/api/errors.hpp>

#include <boost/json/serialize.hpp>

#include <cerrno>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace regru::api {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// How long a record may wait for another process's write or rotation.
constexpr auto lock_wait = 10s;

// One file, appended to by every thread and process that logs to it. A record is one write()
// to a descriptor opened with O_APPEND, under the lock file's flock, so records never
// interleave. Rotation renames under the same lock, and each writer checks, before writing,
// that its descriptor is still the file of that name, so no record goes to a rotated file
// after the rotation.
class jsonl_log final : public call_observer {
public:
    jsonl_log(fs::path file, jsonl_log_options options) : file_(std::move(file)), options_(options) {
        as_log_errors([&] {
            detail::make_folders(file_.parent_path(), 0755);
            open();
            lock_.emplace(file_.string() + ".lock");
        });
    }

    void on_call(const call_record& record) override {
        std::string line = boost::json::serialize(to_json(record));
        line += '\n';
        std::lock_guard inside(mutex_);
        as_log_errors([&] {
            auto across = lock_->hold(std::chrono::steady_clock::now() + lock_wait);
            if (!still_named()) open();
            if (too_full_for(line.size())) {
                rotate();
                open();
            }
            detail::write_all(fd_.get(), line, file_);
        });
    }

private:
    template <class Work>
    void as_log_errors(Work&& work) const {
        try {
            work();
        } catch (const detail::file_error& e) {
            throw log_error("The log " + file_.string() + ": " + e.what());
        }
    }

    void open() {
        detail::descriptor fd(::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
        if (!fd.valid()) detail::throw_file_error("open", file_, errno);
        fd_ = std::move(fd);
    }

    // Whether our descriptor is still the file named file_ (another process may have rotated it).
    bool still_named() const {
        struct stat held {}, named {};
        if (::fstat(fd_.get(), &held) != 0) detail::throw_file_error("check", file_, errno);
        return ::stat(file_.c_str(), &named) == 0 && detail::same_file(held, named);
    }

    bool too_full_for(std::size_t more) const {
        if (options_.max_bytes == 0) return false;
        struct stat held {};
        if (::fstat(fd_.get(), &held) != 0) detail::throw_file_error("check", file_, errno);
        auto size = static_cast<std::uintmax_t>(held.st_size);
        return size > 0 && size + more > options_.max_bytes;
    }

    fs::path numbered(unsigned n) const { return file_.string() + "." + std::to_string(n); }

    // FILE.(N-1) to FILE.N, ..., FILE to FILE.1; the oldest is replaced, and so dropped.
    void rotate() const {
        if (options_.keep == 0) {
            if (::unlink(file_.c_str()) != 0 && errno != ENOENT) detail::throw_file_error("remove", file_, errno);
            return;
        }
        for (unsigned n = options_.keep; n >= 2; --n) {
            if (::rename(numbered(n - 1).c_str(), numbered(n).c_str()) != 0 && errno != ENOENT) {
                detail::throw_file_error("rotate", numbered(n - 1), errno);
            }
        }
        if (::rename(file_.c_str(), numbered(1).c_str()) != 0) detail::throw_file_error("rotate", file_, errno);
    }

    const fs::path file_;
    const jsonl_log_options options_;
    std::mutex mutex_;  // the threads of this process; the lock file keeps out the others
    std::optional<detail::lock_file> lock_;
    detail::descriptor fd_;
};

// Serialises the calls to the user's function, so that it needs no lock of its own.
class callback_log final : public call_observer {
public:
    explicit callback_log(std::function<void(const call_record&)> sink) : sink_(std::move(sink)) {}

    void on_call(const call_record& record) override {
        std::lock_guard one_at_a_time(mutex_);
        sink_(record);
    }

private:
    std::mutex mutex_;
    std::function<void(const call_record&)> sink_;
};

}  // namespace

std::shared_ptr<call_observer> make_jsonl_log(const fs::path& file, jsonl_log_options options) {
    if (!file.has_filename()) throw log_error("The log path '" + file.string() + "' names no file");
    return std::make_shared<jsonl_log>(file, options);
}

std::shared_ptr<call_observer> make_callback_log(std::function<void(const call_record&)> sink) {
    if (!sink) throw usage_error("make_callback_log needs a function");
    return std::make_shared<callback_log>(std::move(sink));
}

}  // namespace regru::api
