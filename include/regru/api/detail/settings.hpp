// The client's options as each call uses them: validated once, with the form fields that
// every call sends already encoded. Immutable; a change of options makes a new one, so a call
// in flight keeps the snapshot it started with.
#pragma once

#include <regru/api/http.hpp>
#include <regru/api/observe.hpp>
#include <regru/api/options.hpp>
#include <regru/api/redact.hpp>
#include <regru/encoding.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace regru::api::detail {

// Throws usage_error, prefixed by `origin`, unless `endpoint` is an http(s) URL fit to be
// REG.API's base.
void check_endpoint(std::string_view endpoint, std::string_view origin);

class settings {
public:
    // Throws usage_error when the options are not valid, or when the username or password
    // cannot be written in `charset` (naming the field, never showing the password).
    settings(api::options opts, std::string_view format, encoding::charset charset);
    settings(const settings&) = delete;  // diagnostics_ refers to this object
    settings& operator=(const settings&) = delete;

    const api::options& options() const noexcept { return options_; }
    // The base URL, without a trailing slash.
    std::string_view endpoint() const noexcept { return endpoint_; }
    // The endpoint's host: the key of the service's per-IP limit.
    std::string_view host() const noexcept { return host_; }
    // "username=...&password=...&output_format=json&input_format=json[&lang=..]
    //  [&io_encoding=..]&input_data=": the body of every call up to its parameters, with the
    //  credentials already in the charset.
    std::string_view form_prefix() const noexcept { return form_prefix_; }
    // The same for one call that sets its own username, password or lang: the cached prefix
    // when it sets none, else one made in `storage`. Throws usage_error for bad values.
    std::string_view form_prefix(const call_options& call, std::string& storage) const;
    // The charset of the exchange.
    encoding::charset charset() const noexcept { return charset_; }
    // A debug line or a warning: to the debug sink when one was given, else standard error.
    void debug_line(std::string_view line) const;
    // For the transport: debug_line, or null when debug is off.
    const diagnostic_sink* diagnostics() const noexcept { return options_.debug ? &diagnostics_ : nullptr; }

    // The one redaction of the options' rules.
    const redactor& redaction() const noexcept { return redactor_; }
    // Everyone told about calls: the options' observers, and the debug lines when debug is on.
    const observer_list& observers() const noexcept { return observers_; }
    bool observed() const noexcept { return !observers_.empty(); }

private:
    api::options options_;
    std::string_view format_;  // the codec's, static
    encoding::charset charset_;
    std::string endpoint_;
    std::string host_;
    std::string form_prefix_;
    diagnostic_sink diagnostics_;
    redactor redactor_;
    observer_list observers_;
};

// The debug lines, as an observer of the calls of `current` (which must outlive it).
std::shared_ptr<call_observer> make_debug_lines(const settings& current);

// What the client's Encoding policy makes of a set of options.
using charset_rule = std::function<encoding::charset(const api::options&)>;

// Holds the current settings. A reader holds the lock only to copy a pointer; a writer builds
// the new settings outside it. (Not std::atomic<std::shared_ptr>: libstdc++ 12 implements it
// with a lock that ThreadSanitizer cannot see, and the cost here is the same.)
class settings_holder {
public:
    settings_holder(api::options opts, std::string_view format, charset_rule rule);

    std::shared_ptr<const settings> current() const {
        std::lock_guard lock(state_->reading);
        return state_->current;
    }

    // Applies `change` to a copy of the current options and installs the result, or throws
    // usage_error and leaves the current settings as they were.
    template <class Change>
    void change(Change&& change) {
        std::lock_guard lock(state_->writing);
        api::options next = current()->options();
        change(next);
        auto charset = state_->rule(next);  // checks io_encoding; settings checks the rest
        auto made = std::make_shared<const settings>(std::move(next), state_->format, charset);
        std::lock_guard publish(state_->reading);
        state_->current.swap(made);
    }

private:
    struct state {
        std::shared_ptr<const settings> current;
        mutable std::mutex reading;  // guards `current`
        std::mutex writing;          // one change at a time
        std::string_view format;
        charset_rule rule;
    };
    std::unique_ptr<state> state_;  // on the heap, so that a client can be moved
};

}  // namespace regru::api::detail
