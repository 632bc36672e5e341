// POSIX file helpers for the files several processes share (the file limit store, the
// recorder's recordings): a descriptor that closes itself, and whole reads and writes that go
// on through EINTR and short counts.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace regru::api::detail {

// An open file descriptor, closed when it goes.
class file_descriptor {
public:
    file_descriptor() = default;
    explicit file_descriptor(int fd) noexcept : fd_(fd) {}
    file_descriptor(file_descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    file_descriptor& operator=(file_descriptor&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~file_descriptor();

    int get() const noexcept { return fd_; }
    bool valid() const noexcept { return fd_ >= 0; }
    int release() noexcept { return std::exchange(fd_, -1); }

private:
    int fd_ = -1;
};

// Appends what is left to read of `fd` to `out`. False on an error, errno telling which.
bool read_rest(int fd, std::string& out);

// Writes all of `text` to `fd`. False on an error, errno telling which.
bool write_all(int fd, std::string_view text);

}  // namespace regru::api::detail
