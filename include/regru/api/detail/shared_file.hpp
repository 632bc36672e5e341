// Files shared by the threads and processes of one host: the file limit store, the JSONL log
// and the recorder. One lock discipline for all of them: a mutex of their own for the threads
// of a process, and flock(2) on a lock file for the processes (flock is per open file
// description, so it cannot tell one process's threads apart). The kernel drops a flock when
// its holder dies, so a killed process never leaves a file locked.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <sys/stat.h>
#include <sys/types.h>

namespace regru::api::detail {

// A file operation that failed: "cannot write /path/file: No space left on device".
class file_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The lock was not had before the deadline.
class lock_timeout : public file_error {
public:
    using file_error::file_error;
};

[[noreturn]] void throw_file_error(std::string_view doing, const std::filesystem::path& which, int error);

// A file descriptor, closed when it goes.
class descriptor {
public:
    descriptor() = default;
    explicit descriptor(int fd) : fd_(fd) {}
    descriptor(descriptor&& other) noexcept;
    descriptor& operator=(descriptor&& other) noexcept;
    ~descriptor();
    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release();

private:
    int fd_ = -1;
};

// A flock held on a descriptor, let go however the operation ends.
class flock_hold {
public:
    explicit flock_hold(int fd) : fd_(fd) {}
    flock_hold(flock_hold&& other) noexcept;
    flock_hold& operator=(flock_hold&&) = delete;
    ~flock_hold();

private:
    int fd_;
};

// A lock file (made when missing) whose flock keeps other processes out. Not for threads:
// hold a mutex of your own around it.
class lock_file {
public:
    // Opens the file, making it and its folder; throws file_error.
    explicit lock_file(std::filesystem::path path);

    // Waits for the lock until `deadline` (lock_timeout), polling: a blocking flock could not
    // honour a deadline. Survives fork() (a child takes a description of its own) and a lock
    // file removed meanwhile (it is opened again).
    flock_hold hold(std::chrono::steady_clock::time_point deadline);

    const std::filesystem::path& path() const noexcept { return path_; }

private:
    bool still_named() const;
    void open();

    std::filesystem::path path_;
    descriptor fd_;
    pid_t opened_by_ = 0;
};

// Makes `folder` and those above it that are missing, with `mode`; throws file_error.
void make_folders(const std::filesystem::path& folder, mode_t mode = 0700);

// The whole file; nullopt when it does not exist. Throws file_error.
std::optional<std::string> read_whole_file(const std::filesystem::path& file);

// Writes `text` to `temp` and renames it over `file`, so that `file` is always either the old
// text or the new one, whenever the process dies. Only a lock holder may call it (`temp` has
// one fixed name). On failure `temp` goes and file_error is thrown.
void replace_file(const std::filesystem::path& file, const std::filesystem::path& temp, std::string_view text,
                  mode_t mode = 0600);

// What is left to read of `fd`; throws file_error naming `file`.
std::string read_rest(int fd, const std::filesystem::path& file);

// Writes all of `text` to `fd`, retrying short writes; throws file_error naming `file`.
void write_all(int fd, std::string_view text, const std::filesystem::path& file);

// Same file: a file removed and made again is another file.
bool same_file(const struct stat& a, const struct stat& b) noexcept;

}  // namespace regru::api::detail
