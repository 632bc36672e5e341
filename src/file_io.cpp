#include <regru/api/detail/file_io.hpp>

#include <cerrno>

#include <unistd.h>

namespace regru::api::detail {

file_descriptor::~file_descriptor() {
    if (fd_ >= 0) ::close(fd_);
}

bool read_rest(int fd, std::string& out) {
    char buffer[65536];
    for (;;) {
        auto got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) return true;
        if (got < 0 && errno != EINTR) return false;
        if (got > 0) out.append(buffer, static_cast<std::size_t>(got));
    }
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        auto put = ::write(fd, text.data(), text.size());
        if (put < 0 && errno != EINTR) return false;
        if (put > 0) text.remove_prefix(static_cast<std::size_t>(put));
    }
    return true;
}

}  // namespace regru::api::detail
