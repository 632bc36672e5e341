// A file is only ever replaced whole: the new text goes to FILE.tmp, which is renamed over the
// file, so a reader sees the old version or the new one and a writer killed mid-write leaves
// at most FILE.tmp behind (not *.json, so no reader loads it). Only the holder of the folder
// lock writes, so FILE.tmp needs no unique name.
#include "recordings_file.hpp"

#include <regru/mocks/pretty_json.hpp>
#include <regru/mocks/recorder.hpp>

#include <boost/json/parse.hpp>

#include <cerrno>
#include <system_error>
#include <tuple>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace regru::mocks::detail {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::string_view empty_file = "{\n  \"recordings\": []\n}\n";
constexpr std::size_t entry_level = 2;  // {"recordings": [ENTRY]}
constexpr std::string_view entry_indent = "    ";
constexpr std::string_view before_close = "\n  ";

[[noreturn]] void fail(std::string_view doing, const fs::path& which, int error) {
    throw recorder_error("The recorder cannot " + std::string(doing) + " " + which.string() + ": " +
                         std::system_category().message(error));
}

// Runs `work`, telling its file errors as the recorder's.
template <class Work>
auto as_recorder_errors(Work&& work) {
    try {
        return work();
    } catch (const api::detail::file_error& e) {
        throw recorder_error(std::string("The recorder ") + e.what());
    }
}

file_identity identity_of(const struct stat& status) {
    return {status.st_dev, status.st_ino, status.st_size, status.st_mtim, status.st_ctim};
}

// The identity of the file at `path`; none when there is no file.
std::optional<file_identity> identity_at(const fs::path& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0) return identity_of(status);
    if (errno == ENOENT) return std::nullopt;
    fail("check", path, errno);
}

file_identity identity_of(const file_descriptor& fd, const fs::path& path) {
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) fail("check", path, errno);
    return identity_of(status);
}

// `text` (valid recordings) with "recordings" as the last member of the document, so that an
// entry can be added just before the last ']' of the text. Rewritten only when it is not.
std::string with_recordings_last(std::string text) {
    auto document = json::parse(text).as_object();
    if ((document.end() - 1)->key() == "recordings") return text;
    json::object reordered;
    for (const auto& member : document) {
        if (member.key() != "recordings") reordered.emplace(member.key(), member.value());
    }
    reordered.emplace("recordings", document.at("recordings"));
    return pretty_json(reordered) + "\n";
}

}  // namespace

bool file_identity::operator==(const file_identity& other) const noexcept {
    auto fields = [](const file_identity& id) {
        return std::tie(id.device, id.inode, id.size, id.modified.tv_sec, id.modified.tv_nsec, id.changed.tv_sec,
                        id.changed.tv_nsec);
    };
    return fields(*this) == fields(other);
}

recordings_file::recordings_file(fs::path path) : path_(std::move(path)), temp_path_(path_.string() + ".tmp") {
    take(std::string(empty_file), std::nullopt, file_descriptor());
}

void recordings_file::refresh() {
    auto now = identity_at(path_);
    if (now == seen_) return;
    if (!now) return take(std::string(empty_file), std::nullopt, file_descriptor());
    file_descriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) fail("open", path_, errno);
    auto identity = identity_of(fd, path_);
    std::string text = as_recorder_errors([&] { return api::detail::read_rest(fd.get(), path_); });
    try {
        take(std::move(text), identity, std::move(fd));
    } catch (const bad_recording& e) {
        throw bad_recording(std::string(e.what()) + "; the recorder does not write to it until it is fixed");
    }
}

void recordings_file::take(std::string text, std::optional<file_identity> identity, file_descriptor held) {
    auto set = recording_set::from_json(text, path_.string());  // names the file and the entry
    text = with_recordings_last(std::move(text));
    std::unordered_set<std::string> exchanges, names;
    for (const auto& entry : set.entries()) {
        exchanges.insert(exchange_key(entry));
        names.insert(entry.name);
    }
    close_at_ = text.rfind(']');
    insert_at_ = text.find_last_not_of(" \t\r\n", close_at_ - 1) + 1;
    empty_ = set.entries().empty();
    text_ = std::move(text);
    exchanges_ = std::move(exchanges);
    names_ = std::move(names);
    seen_ = identity;
    held_ = std::move(held);
}

bool recordings_file::append(const entry_draft& draft) {
    auto exchange = exchange_key(draft.loaded);
    if (exchanges_.contains(exchange)) return false;
    auto name = unique_name(draft.name);
    json::object entry;
    entry["name"] = name;
    for (const auto& member : draft.content) entry.emplace(member.key(), member.value());

    std::string added(empty_ ? "\n" : ",\n");
    added += entry_indent;
    append_pretty_json(added, entry, entry_level);
    added += before_close;
    std::string_view text = text_;
    replace_with({text.substr(0, insert_at_), added, text.substr(close_at_)});

    // Changed in place once the file is written: growing the text costs no new copy of it.
    text_.replace(insert_at_, close_at_ - insert_at_, added);
    close_at_ = insert_at_ + added.size();
    insert_at_ = close_at_ - before_close.size();
    empty_ = false;
    exchanges_.insert(std::move(exchange));
    names_.insert(std::move(name));
    return true;
}

std::string recordings_file::unique_name(const std::string& name) const {
    if (!names_.contains(name)) return name;
    for (std::size_t n = 2;; ++n) {
        auto numbered = name + " #" + std::to_string(n);
        if (!names_.contains(numbered)) return numbered;
    }
}

void recordings_file::replace_with(std::initializer_list<std::string_view> text) {
    file_descriptor fd(::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (!fd.valid()) fail("create", temp_path_, errno);
    try {
        for (auto piece : text) as_recorder_errors([&] { api::detail::write_all(fd.get(), piece, temp_path_); });
        if (::rename(temp_path_.c_str(), path_.c_str()) != 0) fail("replace", path_, errno);
    } catch (...) {
        ::unlink(temp_path_.c_str());
        throw;
    }
    seen_ = identity_of(fd, path_);
    held_ = std::move(fd);
}

}  // namespace regru::mocks::detail
