#include "cli.hpp"

#include <regru/api.hpp>
#include <regru/api/any_transport.hpp>
#include <regru/api/items.hpp>
#include <regru/api/log.hpp>
#ifdef REGRU_CLI_WITH_REDIS
#include <regru/limits/redis_store.hpp>
#endif
#ifdef REGRU_CLI_WITH_IDN
#include <regru/idn/idn.hpp>
#endif
#include <regru/mocks/recorder.hpp>
#include <regru/mocks/replay_transport.hpp>
#ifdef REGRU_CLI_WITH_SIGNING
#include <regru/signing/rsa_signer.hpp>
#endif

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace regru::cli {
namespace {

namespace json = boost::json;
using runtime_client = api::basic_client<api::any_transport, api::json_codec, api::rate_limiter>;

constexpr std::string_view usage_text = R"(usage: regru [options] METHOD [PARAMS]

Calls one REG.API method and prints its answer as JSON.
METHOD is `nop` or `category/method` (see --list); PARAMS is a JSON object, `-` to read it
from standard input; the default is {}.

options:
  --endpoint URL        REG.API base URL (default: $REGRU_API_ENDPOINT,
                        else https://api.reg.ru/api/regru2)
  --username NAME       account name (default: $REGRU_USERNAME, else test)
  --password-file PATH  read the password from PATH (default: $REGRU_PASSWORD; for the
                        account test, test)
  --lang L              language of error texts: en, ru or th
  --io-encoding E       charset of the exchange: utf8, cp1251, koi8-r, koi8-u or cp866
  --debug               diagnostics on standard error (never the password)
  --replay DIR          answer from the recordings in DIR (or one file); no network
  --record DIR          record the call into DIR, as recordings --replay can answer
                        from (default: $REGRU_RECORD; see docs/recording.md)
  --log FILE            append the call's record to FILE, one JSON line, redacted
                        (default: $REGRU_LOG; see docs/logging.md)
  --timeout SECONDS     the longest a call may take, all included: waiting for a
                        permit, every attempt and the pauses between (default: 60)
  --rate-limit N/SECONDS  at most N calls per SECONDS per user and per IP (default:
                        $REGRU_RATE_LIMIT, else 1200/3600, REG.API's own limit)
  --limit-store STORE   where the counts are kept: memory, file:PATH or
                        redis://HOST:PORT[/DB] (default: $REGRU_LIMIT_STORE, else a file
                        in $XDG_STATE_HOME/regru-api, so that successive runs share them;
                        memory with --replay)
  --fail-open           when a Redis store cannot be reached, count in this process
                        (with a warning) instead of failing
  --no-wait             when no permit is left, fail at once (exit 3) instead of waiting
  --retries N           up to N more attempts after the first, when that is safe
                        (default: 2)
  --ca-file PATH        trust the CA certificates in PATH (PEM) instead of the system's
  --client-cert PATH    present this client certificate (PEM); its key passphrase, if
  --client-key PATH     any, comes from $REGRU_CLIENT_KEY_PASSPHRASE
  --insecure            do not verify the server's certificate (local test servers only:
                        anyone on the way can read the password)
  --sig-key PATH        sign every call (sig) with this RSA private key (PEM); its
                        passphrase, if any, comes from $REGRU_SIG_PASSPHRASE
  --sig-hash H          the signature's hash: sha1, sha256 or sha512 (default: sha1)
  --idn                 domain names (dname, domain_name) in PARAMS may be in Unicode,
                        like "пример.рф": they are sent in ASCII form, and the answer
                        shows FIELD_unicode beside each ASCII name (see docs/domains.md)
  --envelope            print one object: is_success, is_service_fail, http_status,
                        error_code, error_text, error_params, answer, attempts
                        (and retry_after, in seconds, when the limits held the call;
                        bulk, when a long list was split)
  --list                print every known method, one per line, and exit
  --long                with --list: PATH, ACCESS and EFFECT, separated by tabs
  --help                print this text and exit

A list of more than 1000 domains or services is sent in requests of 1000, merged into one
answer (see docs/domains.md).

exit status: 0 success, 1 API error, 2 usage or bad input, 3 transport or service failure,
or the limits held the call back, 4 a write or charges call whose items did not all succeed
(the failed items are listed on standard error)
)";

// Bad command line or input: exit status 2.
struct usage_failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct command {
    api::options options;
    api::poco_transport_options transport;
    api::rate limit;
    std::optional<std::string> store;  // as given; unset: the default for the mode
    bool fail_open = false;
    std::string method;
    std::string params_text = "{}";
    std::optional<std::string> replay;
    std::optional<std::string> record;  // a folder
    std::optional<std::string> log;     // a JSONL file
    std::optional<std::string> sig_key, sig_hash;  // as given
    bool envelope = false;
    bool idn = false;
    bool list = false;
    bool long_list = false;
    bool help = false;
};

std::string environment(const char* name, std::string fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::string(value) : std::move(fallback);
}

std::string read_password_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw usage_failure("cannot read the password file " + path);
    std::string password;
    std::getline(file, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) throw usage_failure("the password file " + path + " is empty");
    return password;
}

std::string read_all(std::istream& in) {
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

unsigned parse_retries(const std::string& text) {
    char* end = nullptr;
    unsigned long retries = std::strtoul(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || text.front() == '-' || retries > 100) {
        throw usage_failure("--retries takes a whole number from 0 to 100");
    }
    return static_cast<unsigned>(retries);
}

std::chrono::milliseconds parse_seconds(std::string_view option, const std::string& text) {
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(seconds > 0) || seconds > 86400) {
        throw usage_failure(std::string(option) + " takes a number of seconds, like 2.5");
    }
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

api::rate rate_from(std::string_view origin, const std::string& text) {
    try {
        return api::parse_rate(text);
    } catch (const api::usage_error& e) {
        throw usage_failure(std::string(origin) + ": " + e.what());
    }
}

// The test account's password, `test`, is the default for the test account only: any other
// account with no password given would send it, and be refused for a reason hard to see.
void use_test_password(api::options& options) {
    if (!options.password.empty()) return;
    if (options.username != "test") {
        throw usage_failure("no password for the account '" + api::clipped(options.username) +
                            "': give --password-file or $REGRU_PASSWORD (the password `test` goes only with "
                            "the account `test`)");
    }
    options.password = "test";
}

// Options that take a value accept "--name value" and "--name=value".
command parse_arguments(std::span<const std::string_view> args) {
    command cmd;
    cmd.options.username = environment("REGRU_USERNAME", "test");
    cmd.options.password = environment("REGRU_PASSWORD", "");
    cmd.transport.client_key_passphrase = environment("REGRU_CLIENT_KEY_PASSPHRASE", "");
    cmd.limit = rate_from("REGRU_RATE_LIMIT", environment("REGRU_RATE_LIMIT", "1200/3600"));
    if (auto store = environment("REGRU_LIMIT_STORE", ""); !store.empty()) cmd.store = store;
    if (auto folder = environment("REGRU_RECORD", ""); !folder.empty()) cmd.record = folder;
    if (auto file = environment("REGRU_LOG", ""); !file.empty()) cmd.log = file;
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (!arg.starts_with("--") || arg == "-") {
            positional.emplace_back(arg);
            continue;
        }
        std::string_view name = arg;
        std::optional<std::string> inline_value;
        if (auto eq = arg.find('='); eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            inline_value = std::string(arg.substr(eq + 1));
        }
        auto value = [&]() -> std::string {
            if (inline_value) return *inline_value;
            if (i + 1 >= args.size()) throw usage_failure(std::string(name) + " needs a value");
            return std::string(args[++i]);
        };
        auto flag = [&](bool& target) {
            if (inline_value) throw usage_failure(std::string(name) + " takes no value");
            target = true;
        };
        if (name == "--endpoint") cmd.options.endpoint = value();
        else if (name == "--username") cmd.options.username = value();
        else if (name == "--password-file") cmd.options.password = read_password_file(value());
        else if (name == "--lang") cmd.options.lang = value();
        else if (name == "--io-encoding") cmd.options.io_encoding = value();
        else if (name == "--replay") cmd.replay = value();
        else if (name == "--record") cmd.record = value();
        else if (name == "--log") cmd.log = value();
        else if (name == "--timeout") cmd.options.deadline = cmd.transport.deadline = parse_seconds(name, value());
        else if (name == "--rate-limit") cmd.limit = rate_from("--rate-limit", value());
        else if (name == "--limit-store") cmd.store = value();
        else if (name == "--fail-open") flag(cmd.fail_open);
        else if (name == "--no-wait") {
            if (inline_value) throw usage_failure("--no-wait takes no value");
            cmd.options.on_limit = api::when_limited::fail;
        } else if (name == "--retries") cmd.options.retry.max_attempts = parse_retries(value()) + 1;
        else if (name == "--ca-file") cmd.transport.ca_location = value();
        else if (name == "--client-cert") cmd.transport.client_certificate = value();
        else if (name == "--client-key") cmd.transport.client_key = value();
        else if (name == "--insecure") flag(cmd.transport.insecure_skip_tls_verification);
        else if (name == "--sig-key") cmd.sig_key = value();
        else if (name == "--sig-hash") cmd.sig_hash = value();
        else if (name == "--debug") flag(cmd.options.debug);
        else if (name == "--envelope") flag(cmd.envelope);
        else if (name == "--idn") flag(cmd.idn);
        else if (name == "--list") flag(cmd.list);
        else if (name == "--long") flag(cmd.long_list);
        else if (name == "--help") flag(cmd.help);
        else if (name == "--password") {
            throw usage_failure("there is no --password: a password on the command line is seen by "
                                "every user of the machine; use --password-file or $REGRU_PASSWORD");
        } else {
            throw usage_failure("unknown option " + std::string(name));
        }
    }
    if (cmd.long_list && !cmd.list) throw usage_failure("--long goes with --list");
    if (cmd.help || cmd.list) return cmd;
    use_test_password(cmd.options);
    if (positional.empty()) throw usage_failure("METHOD is missing");
    if (positional.size() > 2) throw usage_failure("too many arguments after " + positional[1]);
    cmd.method = positional[0];
    if (positional.size() == 2) cmd.params_text = positional[1];
    return cmd;
}

api::params parse_params(const std::string& text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) throw usage_failure("PARAMS is not valid JSON: " + ec.message());
    if (!value.is_object()) throw usage_failure("PARAMS must be a JSON object, like {\"domain_name\":\"test.ru\"}");
    return std::move(value.get_object());
}

api::any_transport make_transport(const command& cmd) {
    if (!cmd.replay) return api::poco_transport(cmd.transport);
    std::filesystem::path source = *cmd.replay;
    try {
        if (std::filesystem::is_directory(source)) return mocks::replay_transport::from_directory(source);
        return mocks::replay_transport::from_file(source);
    } catch (const mocks::bad_recording& e) {
        throw usage_failure(std::string("--replay: ") + e.what());
    }
}

// By default a file shared by successive runs, or memory for a replay, which must not spend
// the real budget.
std::shared_ptr<api::limit_store> make_store(const command& cmd) {
    std::string spec = cmd.store ? *cmd.store : cmd.replay ? "memory" : "file:" + api::default_file_store_path().string();
    try {
#ifdef REGRU_CLI_WITH_REDIS
        return api::open_limit_store(spec, cmd.fail_open ? api::store_failure_mode::fail_open
                                                         : api::store_failure_mode::fail_closed);
#else
        return api::open_limit_store(spec);
#endif
    } catch (const api::usage_error& e) {
        throw usage_failure(std::string("--limit-store: ") + e.what());
    }
}

api::rate_limiter make_limiter(const command& cmd) {
    return api::rate_limiter({.per_user = cmd.limit, .per_ip = cmd.limit, .store = make_store(cmd)});
}

// --sig-key and --sig-hash: the signer of every call; its passphrase only from the environment.
void add_signer(command& cmd) {
    if (cmd.sig_hash && !cmd.sig_key) throw usage_failure("--sig-hash needs --sig-key");
    if (!cmd.sig_key) return;
#ifdef REGRU_CLI_WITH_SIGNING
    try {
        auto hash = cmd.sig_hash ? signing::parse_hash(*cmd.sig_hash) : signing::hash::sha1;
        cmd.options.signer = std::make_shared<signing::rsa_signer>(
            *cmd.sig_key, hash, signing::passphrase_from_environment("REGRU_SIG_PASSPHRASE"));
    } catch (const signing::signing_error& e) {
        throw usage_failure("--sig-key: " + std::string(e.what()));
    }
#else
    throw usage_failure("--sig-key: this regru was built without signing (REGRU_API_WITH_SIGNING)");
#endif
}

api::response call(const runtime_client& client, const std::string& method, const api::params& input) {
    if (auto known = api::find_method(method)) return client.invoke(*known, input);
    auto slash = method.find('/');
    if (slash == std::string::npos) return client.call("", method, input);
    if (method.find('/', slash + 1) != std::string::npos) {
        throw usage_failure("METHOD must be `nop` or `category/method`, not " + method);
    }
    return client.call(method.substr(0, slash), method.substr(slash + 1), input);
}

json::object envelope_of(const api::response& r) {
    json::object envelope{{"is_success", r.is_success()},
                          {"is_service_fail", r.is_service_fail()},
                          {"http_status", r.http_status()},
                          {"error_code", r.error_code()},
                          {"error_text", r.error_text()},
                          {"error_params", r.error_params()},
                          {"answer", r.answer()},
                          {"attempts", r.attempts()}};
    if (auto wait = r.retry_after()) envelope["retry_after"] = static_cast<double>(wait->count()) / 1000.0;
    if (const auto* bulk = r.bulk()) {
        envelope["bulk"] = {{"list", bulk->list},
                            {"items", bulk->items},
                            {"requests", bulk->requests},
                            {"succeeded", bulk->succeeded},
                            {"unprocessed", bulk->unprocessed},
                            {"failed_request_may_have_reached", bulk->failed_request_may_have_reached}};
    }
    return envelope;
}

// `text` from the service, safe for a terminal: control characters (C0, DEL, and C1 in
// UTF-8) as escapes, so that an answer cannot clear the screen or move the cursor.
std::string printable(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (byte == '\n') out += "\\n";
        else if (byte == '\r') out += "\\r";
        else if (byte == '\t') out += "\\t";
        else if (byte < 0x20 || byte == 0x7f) out += {'\\', 'x', hex[byte >> 4], hex[byte & 15]};
        else if (byte == 0xc2 && next >= 0x80 && next <= 0x9f) {
            out += {'\\', 'u', '0', '0', hex[next >> 4], hex[next & 15]};
            ++i;
        } else out += static_cast<char>(byte);
    }
    return out;
}

// What may not be shown on standard error: the hidden values of what was sent, and the password.
std::vector<std::string> secrets_of(const command& cmd, const api::params& input) {
    auto hidden = api::redactor(cmd.options.redaction).hidden_values(input);
    api::add_hidden_values(hidden, {cmd.options.password});
    return hidden;
}

// One line per failed item, "domains[3] test.ru: INVALID_ACTION: Invalid action: add_aalias",
// its text scrubbed of what was sent (the service may quote it).
void list_failed_items(const api::item_results& items, const std::vector<std::string>& secrets, std::ostream& err) {
    for (const auto& item : items.failed()) {
        err << item.list() << '[' << item.index() << ']';
        if (auto id = item.id(); !id.empty()) err << ' ' << printable(api::clipped(id));
        err << ": " << (item.error_code().empty() ? "error" : printable(item.error_code()));
        if (!item.error_text().empty()) err << ": " << printable(api::clipped(api::scrub(item.error_text(), secrets), 200));
        err << '\n';
    }
}

// A split call that stopped early: how many items were not processed, and which.
void report_unprocessed(const api::bulk_report& bulk, std::ostream& err) {
    if (bulk.unprocessed.empty()) return;
    std::size_t first = bulk.items - bulk.unprocessed.size();
    err << "regru: " << bulk.unprocessed.size() << " of " << bulk.items << " items of '" << bulk.list
        << "' were not processed (items " << first << " to " << bulk.items - 1 << ", after " << bulk.succeeded
        << " of " << bulk.requests << " requests succeeded)";
    if (bulk.failed_request_may_have_reached) {
        err << "; the request that failed may have reached the service: check items " << first << " to "
            << std::min(bulk.items, first + api::service_item_limit) - 1 << " before sending them again";
    }
    err << '\n';
}

// What the tool hears about its call: the record, whose error text is redacted for standard
// error (the service may quote what it was sent), and the optional log and recorder.
struct observed_call {
    std::shared_ptr<api::call_record> record = std::make_shared<api::call_record>();
    std::shared_ptr<mocks::recorder> recorder;  // with --record
};

observed_call observe(command& cmd) {
    observed_call seen;
    cmd.options.observers.push_back(
        api::make_callback_log([record = seen.record](const api::call_record& r) { *record = r; }));
    if (cmd.log) {
        try {
            cmd.options.observers.push_back(api::make_jsonl_log(*cmd.log));
        } catch (const api::log_error& e) {
            throw usage_failure(std::string("--log: ") + e.what());
        }
    }
    if (cmd.record) {
        try {
            seen.recorder = mocks::recorder::open(*cmd.record);
        } catch (const std::runtime_error& e) {  // recorder_error, or bad_recording for a file in it
            throw usage_failure(std::string("--record: ") + e.what());
        }
        cmd.options.observers.push_back(seen.recorder);
    }
    return seen;
}

// Item errors are data for a read (domain/check answers "taken" that way), but a failure the
// caller cannot miss for a write or a charge. A method the tables do not know counts as charges.
bool items_must_succeed(const std::string& method) {
    auto known = api::find_method(method);
    return !known || known->effect != api::effect::read;
}

// --idn: Unicode names in PARAMS are sent in ASCII form; an invalid one stops the call (exit 2).
void use_idn(command& cmd) {
    if (!cmd.idn) return;
#ifdef REGRU_CLI_WITH_IDN
    cmd.options.names = idn::converter();
#else
    throw usage_failure("--idn: this regru was built without IDN support (REGRU_API_WITH_IDN=OFF)");
#endif
}

// Prints `shown`; with --idn, with the Unicode form beside each ASCII name.
void print_json(const json::value& shown, [[maybe_unused]] const command& cmd, std::ostream& out) {
#ifdef REGRU_CLI_WITH_IDN
    if (cmd.idn) {
        json::value both_forms = shown;
        idn::add_unicode_names(both_forms);
        out << json::serialize(both_forms) << '\n';
        return;
    }
#endif
    out << json::serialize(shown) << '\n';
}

int report(const api::response& r, const observed_call& seen, const command& cmd, const api::params& input,
           std::ostream& out, std::ostream& err) {
    if (cmd.envelope) {
        print_json(envelope_of(r), cmd, out);
    } else if (r.is_success()) {
        print_json(r.answer(), cmd, out);
    }
    if (const auto* bulk = r.bulk()) report_unprocessed(*bulk, err);
    auto items = r.items();
    bool item_errors = items_must_succeed(cmd.method) && !items.all_succeeded();
    if (item_errors) list_failed_items(items, secrets_of(cmd, input), err);
    // The call was made, but not recorded: the client said why on standard error already.
    bool unrecorded = seen.recorder && seen.recorder->failure_count() > 0;
    if (r.is_success()) return unrecorded ? exit_usage : item_errors ? exit_item_errors : exit_success;
    err << printable(r.error_code()) << ": " << printable(seen.record->error_text) << '\n';
    return r.kind() == api::outcome::api_error ? exit_api_error : exit_service_failure;
}

int list_methods(const command& cmd, std::ostream& out) {
    for (const auto& method : api::known_methods()) {
        out << method.path;
        if (cmd.long_list) out << '\t' << method.access << '\t' << method.effect;
        out << '\n';
    }
    return exit_success;
}

}  // namespace

int run(std::span<const std::string_view> args, std::istream& in, std::ostream& out,
        std::ostream& err) {
    try {
        command cmd = parse_arguments(args);
        if (cmd.help) {
            out << usage_text;
            return exit_success;
        }
        if (cmd.list) return list_methods(cmd, out);
        use_idn(cmd);
        api::params input = parse_params(cmd.params_text == "-" ? read_all(in) : cmd.params_text);
        add_signer(cmd);
        observed_call seen = observe(cmd);
        runtime_client client(cmd.options, make_transport(cmd), {}, make_limiter(cmd));
        return report(call(client, cmd.method, input), seen, cmd, input, out, err);
    } catch (const usage_failure& e) {
        err << "regru: " << e.what() << "\n(see regru --help)\n";
        return exit_usage;
    } catch (const api::usage_error& e) {
        err << "regru: " << e.what() << '\n';
        return exit_usage;
    }
}

}  // namespace regru::cli
