// Records the calls a client makes as replay recordings (recordings.hpp), so that
// replay_transport::from_directory(FOLDER) answers the same calls with the same answers: add
// it to options::observers. See docs/recording.md.
//
// One file a category in the folder (zone.json for "zone/...", root.json for "nop" and the
// other uncategorised methods), each always a whole, valid recordings file: the recorder takes
// a lock (FOLDER/.lock, flock) around each append and replaces the file by renaming a
// complete new one over it, so many threads and processes may record into one folder at once
// and a reader never sees half an entry. An exchange already in the file is not written again.
#pragma once

#include <regru/mocks/recordings.hpp>

#include <regru/api/observe.hpp>
#include <regru/api/redact.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace regru::mocks {

// A folder that cannot be recorded into, or a file that cannot be written; the message names
// the folder or the file and the reason. (A file that is not valid recordings is refused with
// bad_recording.)
class recorder_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct recorder_options {
    // Applied on top of the client's redaction (a call_record is redacted already) to the
    // request pattern and to the answer, an echoed "input_params" included; the values it
    // hides are also scrubbed from the answer's free text. Default: the default rules.
    api::redaction_rules redaction{};
    // When set, only these top-level parameters form a recording's request pattern, so that
    // replay answers whatever the others are (a period, a comment); an empty list matches any
    // parameters. Default (nullopt): every parameter of the call.
    std::optional<std::vector<std::string>> pattern_params{};
};

class recorder final : public api::call_observer {
public:
    // Makes `folder` if it is missing and checks that it can be written (recorder_error
    // otherwise), and reads every *.json file in it: one that is not valid recordings is
    // refused with bad_recording naming the file and the entry, and left as it is.
    static std::shared_ptr<recorder> open(const std::filesystem::path& folder, recorder_options options = {});

    recorder(const recorder&) = delete;
    recorder& operator=(const recorder&) = delete;
    ~recorder() override;

    // record(), for the client: what it throws is reported by the client as a warning.
    void on_call(const api::call_record& call) override;

    // Appends the call to its category's file. Returns true when it added an entry; false for
    // a call without an HTTP answer (a transport failure, a call held by the limits), which is
    // not recorded, and for an exchange the file has already. Throws bad_recording when the
    // file was changed into something invalid since (the file is left as it is), and
    // recorder_error when it cannot be written; both are also counted in failures().
    bool record(const api::call_record& call);

    const std::filesystem::path& folder() const noexcept;

    // How many calls could not be recorded since open(), and the messages of the first
    // `kept_failures` of them: for a tool to report after the calls.
    static constexpr std::size_t kept_failures = 100;
    std::size_t failure_count() const;
    std::vector<std::string> failures() const;

private:
    struct state;
    explicit recorder(std::unique_ptr<state> opened);

    std::unique_ptr<state> state_;
};

}  // namespace regru::mocks
