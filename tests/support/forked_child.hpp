// A copy of the test process, made by fork(), doing some work alongside the test: for tests of
// what several processes share (a log file, a recordings folder). Fork before starting threads.
#pragma once

#include <stdexcept>
#include <utility>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace regru::testing {

class forked_child {
public:
    // Runs `work()` in the child, which exits 0 when it returns and 1 when it throws.
    template <class Work>
    explicit forked_child(Work&& work) : pid_(::fork()) {
        if (pid_ < 0) throw std::runtime_error("fork() failed");
        if (pid_ == 0) {
            int status = 0;
            try {
                std::forward<Work>(work)();
            } catch (...) {
                status = 1;
            }
            ::_exit(status);
        }
    }
    forked_child(const forked_child&) = delete;
    forked_child& operator=(const forked_child&) = delete;
    ~forked_child() {
        if (pid_ > 0) wait();
    }

    // Waits for the child; true when its work returned without throwing.
    bool wait() {
        int status = 0;
        bool waited = ::waitpid(std::exchange(pid_, -1), &status, 0) > 0;
        return waited && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }

private:
    pid_t pid_;
};

}  // namespace regru::testing
