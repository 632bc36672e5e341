// The store shared by the processes of one host: the windows and balance locks in one JSON file.
//
// Every operation reads the whole state, changes it and writes it back, under two locks: a
// mutex for the threads of this process, and flock(2) on <file>.lock for the processes (flock
// is per open file description, so it cannot tell this process's threads apart). The kernel
// drops a flock when its holder dies, so a killed process never leaves the store locked. The new
// state goes to <file>.tmp and is renamed over the file, so a process killed at any moment,
// even mid-write, leaves the old state or the new one; the temporary file has one fixed name,
// which is safe because only the holder of the lock writes it, so killed writers leave at most
// that one behind.
#include "window.hpp"

#include <regru/api/detail/deadline_mutex.hpp>
#include <regru/api/detail/file_io.hpp>
#include <regru/api/errors.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace regru::api {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

constexpr std::string_view format_name = "regru-api limit store";
constexpr std::int64_t format_version = 1;
// How long make_file_store waits for the lock: other holders keep it for well under a millisecond.
constexpr milliseconds open_wait = 5s;
// When a balance lock is busy, when to ask again: its holder may release it, or die, any time.
constexpr milliseconds lock_poll = 20ms;

// ---- What the file holds ----

// A balance lock and the process that holds it, so that the lock dies with its holder.
struct held_lock {
    detail::lock_record record;
    pid_t pid = 0;
    // The holder's pid namespace: a pid means nothing in another one (another container
    // sharing the file), and there only the expiry frees the lock.
    std::string pid_namespace;
};

struct store_state {
    std::map<std::string, detail::window_log, std::less<>> logs;
    std::map<std::string, held_lock, std::less<>> locks;
};

// This process's pid namespace, "pid:[4026531836]"; empty when /proc cannot tell.
const std::string& own_pid_namespace() {
    static const std::string name = [] {
        char text[64];
        auto size = ::readlink("/proc/self/ns/pid", text, sizeof text);
        return size > 0 ? std::string(text, static_cast<std::size_t>(size)) : std::string();
    }();
    return name;
}

// The holder is known to be dead: its pid is of this namespace and no process has it. (A dead
// holder whose parent has not reaped it yet still counts as alive; the expiry frees that one.)
bool holder_gone(const held_lock& lock) {
    return lock.pid > 0 && !lock.pid_namespace.empty() && lock.pid_namespace == own_pid_namespace() &&
           ::kill(lock.pid, 0) != 0 && errno == ESRCH;
}

// Forgets what no operation can need any more, so that the file does not grow without end:
// keys with no permit in their window and no block, and locks that expired or lost their holder.
void sweep(store_state& state, wall_time now) {
    for (auto& entry : state.logs) entry.second.forget_old(now);
    std::erase_if(state.logs, [&](const auto& entry) { return entry.second.idle(now); });
    std::erase_if(state.locks, [&](const auto& entry) {
        return entry.second.record.expires <= now || holder_gone(entry.second);
    });
}

// ---- The file's text ----

std::int64_t millis(wall_time time) { return time.time_since_epoch().count(); }

json::object encode_log(const detail::window_log& log) {
    json::array granted;
    granted.reserve(log.granted.size());
    for (auto time : log.granted) granted.emplace_back(millis(time));
    return {{"granted", std::move(granted)},
            {"blocked_until", millis(log.blocked_until)},
            {"window", log.window.count()}};
}

json::object encode_lock(const held_lock& lock) {
    return {{"token", lock.record.token},
            {"expires", millis(lock.record.expires)},
            {"pid", lock.pid},
            {"pid_namespace", lock.pid_namespace}};
}

std::string encode(const store_state& state) {
    json::object keys, locks;
    for (const auto& [name, log] : state.logs) keys.emplace(name, encode_log(log));
    for (const auto& [name, lock] : state.locks) locks.emplace(name, encode_lock(lock));
    json::object root{{"format", format_name}, {"version", format_version}};
    root.emplace("keys", std::move(keys));
    root.emplace("locks", std::move(locks));
    return json::serialize(root) + "\n";
}

// Why a file cannot be read as a store of ours.
class foreign_file : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

const json::value& field(const json::object& object, std::string_view name, std::string_view where) {
    const json::value* value = object.if_contains(name);
    if (!value) throw foreign_file(std::string(where) + " has no \"" + std::string(name) + "\"");
    return *value;
}

const json::object& object_field(const json::object& object, std::string_view name, std::string_view where) {
    const json::object* value = field(object, name, where).if_object();
    if (!value) throw foreign_file(std::string(where) + "'s \"" + std::string(name) + "\" is not an object");
    return *value;
}

std::int64_t integer(const json::value& value, std::string_view what) {
    boost::system::error_code error;
    auto number = value.to_number<std::int64_t>(error);
    if (error) throw foreign_file(std::string(what) + " is not a whole number");
    return number;
}

std::int64_t integer_field(const json::object& object, std::string_view name, std::string_view where) {
    return integer(field(object, name, where), std::string(where) + "'s \"" + std::string(name) + "\"");
}

std::string string_field(const json::object& object, std::string_view name, std::string_view where) {
    const json::string* value = field(object, name, where).if_string();
    if (!value) throw foreign_file(std::string(where) + "'s \"" + std::string(name) + "\" is not a string");
    return std::string(*value);
}

wall_time time_field(const json::object& object, std::string_view name, std::string_view where) {
    return wall_time(milliseconds(integer_field(object, name, where)));
}

const json::object& as_entry(const json::value& value, const std::string& where) {
    const json::object* entry = value.if_object();
    if (!entry) throw foreign_file(where + " is not an object");
    return *entry;
}

detail::window_log decode_log(const json::value& value, std::string_view name) {
    std::string where = "key \"" + std::string(name) + "\"";
    const json::object& entry = as_entry(value, where);
    detail::window_log log;
    log.blocked_until = time_field(entry, "blocked_until", where);
    log.window = milliseconds(integer_field(entry, "window", where));
    const json::array* granted = field(entry, "granted", where).if_array();
    if (!granted) throw foreign_file(where + "'s \"granted\" is not a list");
    std::string what = where + "'s \"granted\"";
    for (const auto& time : *granted) log.granted.emplace_back(milliseconds(integer(time, what)));
    return log;
}

held_lock decode_lock(const json::value& value, std::string_view account) {
    std::string where = "lock \"" + std::string(account) + "\"";
    const json::object& entry = as_entry(value, where);
    auto pid = integer_field(entry, "pid", where);
    // kill() takes 0 and negative pids for process groups: they must never get that far.
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) throw foreign_file(where + "'s \"pid\" is not a process id");
    return {{string_field(entry, "token", where), time_field(entry, "expires", where)},
            static_cast<pid_t>(pid),
            string_field(entry, "pid_namespace", where)};
}

void check_header(const json::object& root) {
    const json::string* format = field(root, "format", "the file").if_string();
    if (!format || *format != format_name) throw foreign_file("its \"format\" is not \"" + std::string(format_name) + "\"");
    auto version = integer_field(root, "version", "the file");
    if (version != format_version) {
        throw foreign_file("it is version " + std::to_string(version) + ", and this library reads version " +
                           std::to_string(format_version));
    }
}

store_state decode(std::string_view text) {
    if (text.empty()) return {};  // made but never written: a fresh store
    boost::system::error_code error;
    json::value root = json::parse(text, error);
    if (error) throw foreign_file("it is not JSON (" + error.message() + ")");
    if (!root.is_object()) throw foreign_file("it is not a JSON object");
    check_header(root.get_object());
    store_state state;
    for (const auto& [name, log] : object_field(root.get_object(), "keys", "the file")) {
        state.logs.emplace(name, decode_log(log, name));
    }
    for (const auto& [account, lock] : object_field(root.get_object(), "locks", "the file")) {
        state.locks.emplace(account, decode_lock(lock, account));
    }
    return state;
}

// ---- Files ----

std::string os_message(int error) { return std::system_category().message(error); }

using detail::file_descriptor;

// Holds a flock taken on `fd` and lets it go, whatever way the operation ends.
class flock_hold {
public:
    explicit flock_hold(int fd) : fd_(fd) {}
    flock_hold(flock_hold&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    flock_hold& operator=(flock_hold&&) = delete;
    ~flock_hold() {
        if (fd_ >= 0) ::flock(fd_, LOCK_UN);
    }

private:
    int fd_;
};

// The same file: a lock file that was removed and made again is another file.
bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

class file_store final : public limit_store {
public:
    explicit file_store(fs::path file)
        : path_(std::move(file)), lock_path_(path_.string() + ".lock"), temp_path_(path_.string() + ".tmp") {
        make_folder(path_.parent_path());
        load();  // a file that is not ours is refused before anything is made beside it
        open_lock_file();
        // Reading and writing the store once proves that both work, and makes the file.
        transact(std::chrono::steady_clock::now() + open_wait, [](store_state&) { return true; });
    }

    admission take(std::span<const limit_key> keys, wall_time now, steady_deadline deadline) override {
        admission verdict;
        transact(deadline, [&](store_state& state) {
            sweep(state, now);
            verdict = detail::admit(keys, now, [&](const std::string& name) -> detail::window_log& { return state.logs[name]; });
            return verdict.granted;
        });
        return verdict;
    }

    void block(std::string_view key, wall_time until, steady_deadline deadline) override {
        transact(deadline, [&](store_state& state) {
            auto& log = state.logs[std::string(key)];
            log.blocked_until = std::max(log.blocked_until, until);
            return true;
        });
    }

    lock_attempt try_lock(std::string_view account, wall_time now, milliseconds expiry, steady_deadline deadline) override {
        lock_attempt attempt;
        transact(deadline, [&](store_state& state) {
            sweep(state, now);  // frees the locks that expired or whose holder died
            auto [entry, made] = state.locks.try_emplace(std::string(account));
            if (!made) {
                attempt.retry_in = std::min(lock_poll, entry->second.record.expires - now);
                return false;
            }
            entry->second = {{detail::new_lock_token(), now + expiry}, ::getpid(), own_pid_namespace()};
            attempt = {true, entry->second.record.token, {}};
            return true;
        });
        return attempt;
    }

    void release(std::string_view account, std::string_view token, steady_deadline deadline) override {
        transact(deadline, [&](store_state& state) {
            auto entry = state.locks.find(account);
            if (entry == state.locks.end() || entry->second.record.token != token) return false;
            state.locks.erase(entry);
            return true;
        });
    }

    std::string describe() const override { return "file " + path_.string(); }

private:
    // Reads the state and lets `change` change it, holding both locks; writes it back when
    // `change` says it made a difference that matters. What only a sweep dropped can wait for
    // the next write: a refused take costs no write, which is most of a store's work when a
    // limit is reached (and a rename over the file starts its writeback on ext4).
    template <class Change>
    void transact(steady_deadline deadline, Change&& change) {
        std::unique_lock inside(mutex_, std::defer_lock);
        if (!inside.try_lock_until(deadline)) throw stayed_locked();
        flock_hold across = lock_across_processes(deadline);
        store_state state = load();
        if (change(state)) save(state);
    }

    // ---- The lock file ----

    flock_hold lock_across_processes(steady_deadline deadline) {
        for (;;) {
            // A child of fork() shares its parent's open file description, and with it the
            // parent's flock: it needs a description of its own.
            if (lock_opened_by_ != ::getpid()) open_lock_file();
            poll_flock(deadline);
            {
                flock_hold hold(lock_fd_.get());
                if (lock_file_current()) return hold;
            }
            // The lock file was removed (and maybe made again) since we opened it: a lock on
            // the old one keeps out nobody who opened the new one.
            open_lock_file();
        }
    }

    // Non-blocking attempts with short sleeps: a blocking flock could not honour the deadline.
    void poll_flock(steady_deadline deadline) {
        auto pause = 1ms;
        while (::flock(lock_fd_.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR) continue;
            if (errno != EWOULDBLOCK) fail("lock", lock_path_, errno);
            auto left = deadline - std::chrono::steady_clock::now();
            if (left <= 0s) throw stayed_locked();
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, left));
            pause = std::min(pause + 1ms, 5ms);
        }
    }

    bool lock_file_current() const {
        struct stat held {}, named {};
        if (::fstat(lock_fd_.get(), &held) != 0) fail("check", lock_path_, errno);
        if (::stat(lock_path_.c_str(), &named) == 0) return same_file(held, named);
        if (errno == ENOENT) return false;
        fail("check", lock_path_, errno);
    }

    void open_lock_file() {
        make_folder(path_.parent_path());  // made again if it was removed
        file_descriptor fd(::open(lock_path_.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600));
        if (!fd.valid()) fail("open", lock_path_, errno);
        lock_fd_ = std::move(fd);
        lock_opened_by_ = ::getpid();
    }

    // ---- The state file ----

    store_state load() const {
        try {
            return decode(read_state());
        } catch (const foreign_file& why) {
            throw limit_store_error("The file " + path_.string() + " is not a regru-api limit store: " + why.what() +
                                    "; it was left as it is");
        }
    }

    // The file's text; empty when it is absent (removed since: a fresh store, made again by save).
    std::string read_state() const {
        file_descriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd.valid()) {
            if (errno == ENOENT) return {};
            fail("open", path_, errno);
        }
        std::string text;
        if (!detail::read_rest(fd.get(), text)) fail("read", path_, errno);
        return text;
    }

    // Writes the whole state to the temporary file and renames it over the store: the store
    // is always either the old state or the new one. On failure the temporary file goes.
    void save(const store_state& state) const {
        std::string text = encode(state);
        file_descriptor fd(::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!fd.valid()) fail("create", temp_path_, errno);
        if (!detail::write_all(fd.get(), text)) discard_temp_and_fail("write", temp_path_);
        if (::close(fd.release()) != 0) discard_temp_and_fail("write", temp_path_);
        if (::rename(temp_path_.c_str(), path_.c_str()) != 0) discard_temp_and_fail("replace", path_);
    }

    [[noreturn]] void discard_temp_and_fail(std::string_view doing, const fs::path& which) const {
        int error = errno;
        ::unlink(temp_path_.c_str());
        fail(doing, which, error);
    }

    // Makes `folder` and the folders above it that are missing, for this user alone.
    void make_folder(const fs::path& folder) const {
        if (folder.empty() || ::mkdir(folder.c_str(), 0700) == 0 || errno == EEXIST) return;
        if (errno != ENOENT || folder == folder.parent_path()) fail("make the folder", folder, errno);
        make_folder(folder.parent_path());
        if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) fail("make the folder", folder, errno);
    }

    [[noreturn]] void fail(std::string_view doing, const fs::path& which, int error) const {
        throw limit_store_error("The limit store " + path_.string() + ": cannot " + std::string(doing) + " " +
                                which.string() + ": " + os_message(error));
    }

    limit_store_error stayed_locked() const {
        return limit_store_error("The limit store " + path_.string() + " stayed locked past the call's deadline");
    }

    const fs::path path_, lock_path_, temp_path_;
    detail::deadline_mutex mutex_;
    file_descriptor lock_fd_;
    pid_t lock_opened_by_ = 0;
};

}  // namespace

std::shared_ptr<limit_store> make_file_store(const fs::path& file) {
    if (!file.has_filename()) throw usage_error("The limit store path '" + file.string() + "' names no file");
    try {
        return std::make_shared<file_store>(file);
    } catch (const limit_store_error& e) {
        throw usage_error(e.what());
    }
}

fs::path default_file_store_path() {
    // The XDG base directory spec: a relative XDG_STATE_HOME is invalid and must be ignored.
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && fs::path(state).is_absolute()) {
        return fs::path(state) / "regru-api" / "limits";
    }
    if (const char* home = std::getenv("HOME"); home && fs::path(home).is_absolute()) {
        return fs::path(home) / ".local" / "state" / "regru-api" / "limits";
    }
    throw usage_error("No place for the limit store: neither XDG_STATE_HOME nor HOME is an absolute path; "
                      "name the file");
}

std::shared_ptr<limit_store> open_limit_store(std::string_view spec) {
    if (spec == "memory") return make_memory_store();
    if (spec.starts_with("file:") && spec.size() > 5) return make_file_store(spec.substr(5));
    throw usage_error("A limit store is memory or file:PATH, not '" + std::string(spec) + "'");
}

}  // namespace regru::api
