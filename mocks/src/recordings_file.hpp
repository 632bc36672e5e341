// The recorder's files: one recordings file as last read or written, so that an append
// re-reads it only when someone else changed it, and the lock that every recorder of a folder
// takes around its appends.
#pragma once

#include "recorded_entry.hpp"

#include <regru/api/detail/shared_file.hpp>

#include <ctime>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include <sys/types.h>

namespace regru::mocks::detail {

using file_descriptor = api::detail::descriptor;

// What tells a file's versions apart: renaming a new file over it changes the inode (which
// cannot be reused while we hold the old one open), writing into it the size or times.
struct file_identity {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    timespec modified{}, changed{};

    bool operator==(const file_identity& other) const noexcept;
};

class recordings_file {
public:
    explicit recordings_file(std::filesystem::path path);

    // Re-reads the file when it changed since it was last read or written (or starts afresh
    // when it is gone). Throws bad_recording, naming the file and the entry, when it is not
    // valid recordings; what it knew is then kept. Call under the folder lock.
    void refresh();

    // Adds the entry at the end, named `draft.name` or, when an entry has that name already,
    // "NAME #2" (#3, ...), unless the file holds its exchange already. True when it added it.
    // Call under the folder lock, after refresh().
    bool append(const entry_draft& draft);

private:
    void take(std::string text, std::optional<file_identity> identity, file_descriptor held);
    std::string unique_name(const std::string& name) const;
    // Writes the pieces of `text` as the file's new version.
    void replace_with(std::initializer_list<std::string_view> text);

    std::filesystem::path path_;
    std::filesystem::path temp_path_;
    std::optional<file_identity> seen_;  // the version `text_` is; none: there was no file
    file_descriptor held_;               // that version, kept open so that its inode stays ours
    std::string text_;
    std::size_t insert_at_ = 0;  // where an entry goes: after the last one, or after the '['
    std::size_t close_at_ = 0;   // the ']' that ends the recordings
    bool empty_ = true;
    std::unordered_set<std::string> exchanges_;  // exchange_key() of each entry
    std::unordered_set<std::string> names_;
};

}  // namespace regru::mocks::detail
