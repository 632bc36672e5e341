// The interaction log REG.API advises keeping: one record per call (observe.hpp), redacted,
// to a JSONL file or to a function of yours. Add a sink to options::observers. See
// docs/logging.md.
#pragma once

#include <regru/api/observe.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>

namespace regru::api {

// A log that cannot be opened or written; the message names the file and the reason.
class log_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct jsonl_log_options {
    // A file that would grow past this many bytes is first renamed FILE.1 (FILE.1 to FILE.2,
    // and so on) and a new FILE begun. 0: never rotated.
    std::uintmax_t max_bytes = 64ull << 20;
    // How many rotated files are kept (FILE.1 ... FILE.N); older ones are removed.
    unsigned keep = 5;
};

// Appends each record to `file` as one line of JSON (to_json), flushed to the system with
// each record. Safe from many threads and from many processes appending to the same file at
// once: a record is one write() with O_APPEND, and rotation happens under a lock
// (FILE.lock, flock) that every writer takes, so no record is lost or cut. Throws log_error
// when the file cannot be opened for appending (before any call is made).
std::shared_ptr<call_observer> make_jsonl_log(const std::filesystem::path& file, jsonl_log_options options = {});

// Gives each record to `sink`, one at a time: the calls to `sink` never overlap, so it needs
// no locking of its own. It runs on the calling thread, inside the call: keep it short.
std::shared_ptr<call_observer> make_callback_log(std::function<void(const call_record&)> sink);

}  // namespace regru::api
