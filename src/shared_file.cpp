#include <regru/api/detail/shared_file.hpp>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace regru::api::detail {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void throw_file_error(std::string_view doing, const fs::path& which, int error) {
    throw file_error("cannot " + std::string(doing) + " " + which.string() + ": " + std::system_category().message(error));
}

descriptor::descriptor(descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

descriptor& descriptor::operator=(descriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
}

descriptor::~descriptor() {
    if (fd_ >= 0) ::close(fd_);
}

int descriptor::release() { return std::exchange(fd_, -1); }

flock_hold::flock_hold(flock_hold&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

flock_hold::~flock_hold() {
    if (fd_ >= 0) ::flock(fd_, LOCK_UN);
}

bool same_file(const struct stat& a, const struct stat& b) noexcept {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

lock_file::lock_file(fs::path path) : path_(std::move(path)) { open(); }

flock_hold lock_file::hold(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        // A child of fork() shares its parent's open file description, and with it the
        // parent's flock: it needs a description of its own.
        if (opened_by_ != ::getpid()) open();
        auto pause = 1ms;
        while (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR) continue;
            if (errno != EWOULDBLOCK) throw_file_error("lock", path_, errno);
            auto left = deadline - std::chrono::steady_clock::now();
            if (left <= 0s) throw lock_timeout(path_.string() + " stayed locked past the deadline");
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, left));
            pause = std::min(pause + 1ms, 5ms);
        }
        {
            flock_hold held(fd_.get());
            if (still_named()) return held;
        }
        // The lock file was removed (and maybe made again) since we opened it: a lock on the
        // old one keeps out nobody who opened the new one.
        open();
    }
}

bool lock_file::still_named() const {
    struct stat held {}, named {};
    if (::fstat(fd_.get(), &held) != 0) throw_file_error("check", path_, errno);
    if (::stat(path_.c_str(), &named) == 0) return same_file(held, named);
    if (errno == ENOENT) return false;
    throw_file_error("check", path_, errno);
}

void lock_file::open() {
    make_folders(path_.parent_path());  // made again if it was removed
    descriptor fd(::open(path_.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600));
    if (!fd.valid()) throw_file_error("open", path_, errno);
    fd_ = std::move(fd);
    opened_by_ = ::getpid();
}

void make_folders(const fs::path& folder, mode_t mode) {
    if (folder.empty() || ::mkdir(folder.c_str(), mode) == 0 || errno == EEXIST) return;
    if (errno != ENOENT || folder == folder.parent_path()) throw_file_error("make the folder", folder, errno);
    make_folders(folder.parent_path(), mode);
    if (::mkdir(folder.c_str(), mode) != 0 && errno != EEXIST) throw_file_error("make the folder", folder, errno);
}

std::optional<std::string> read_whole_file(const fs::path& file) {
    descriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return std::nullopt;
        throw_file_error("open", file, errno);
    }
    return read_rest(fd.get(), file);
}

std::string read_rest(int fd, const fs::path& file) {
    std::string text;
    char buffer[65536];
    for (;;) {
        auto got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) return text;
        if (got < 0 && errno != EINTR) throw_file_error("read", file, errno);
        if (got > 0) text.append(buffer, static_cast<std::size_t>(got));
    }
}

void write_all(int fd, std::string_view text, const fs::path& file) {
    while (!text.empty()) {
        auto put = ::write(fd, text.data(), text.size());
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) throw_file_error("write", file, errno);
        text.remove_prefix(static_cast<std::size_t>(put));
    }
}

void replace_file(const fs::path& file, const fs::path& temp, std::string_view text, mode_t mode) {
    auto discard_and_fail = [&](std::string_view doing, const fs::path& which, int error) {
        ::unlink(temp.c_str());
        throw_file_error(doing, which, error);
    };
    descriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (!fd.valid()) throw_file_error("create", temp, errno);
    try {
        write_all(fd.get(), text, temp);
    } catch (const file_error&) {
        ::unlink(temp.c_str());
        throw;
    }
    if (::close(fd.release()) != 0) discard_and_fail("write", temp, errno);
    if (::rename(temp.c_str(), file.c_str()) != 0) discard_and_fail("replace", file, errno);
}

}  // namespace regru::api::detail
