#include <regru/mocks/mock_service.hpp>
#include <regru/mocks/validation.hpp>

#include "item_answers.hpp"

#include <regru/api/catalogue.hpp>
#include <regru/api/form.hpp>
#include <regru/api/rate_limit.hpp>
#include <regru/api/redact.hpp>
#include <regru/api/response.hpp>
#include <regru/api/sign.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace regru::mocks {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

struct error_text {
    std::string_view code, en, ru;
};

// The texts of the errors the mock gives itself (recorded errors carry their own).
constexpr std::array<error_text, 13> own_errors{{
    {"NO_USERNAME", "No username given", "Не указано имя пользователя"},
    {"NO_AUTH", "No authorization mechanism selected", "Не выбран способ авторизации"},
    {"USER_AUTHENTICATION_FAILED", "Login or password is incorrect.", "Неверный логин или пароль."},
    {"ONLY_POST_ALLOWED", "Only POST requests are allowed.", "Разрешены только POST-запросы."},
    {"QUERY_PARAMS_DISALLOWED", "Query string parameters are disallowed. Pass parameters in form data.",
     "Параметры в строке запроса запрещены. Передавайте параметры в теле формы."},
    {"NO_SUCH_COMMAND", "No such command", "Нет такой команды"},
    {"PARAMETER_INCORRECT", "Parameter is incorrect", "Неверный параметр"},
    {"NO_RECORDING", "The mock server has no recording for this request", "У сервера-заглушки нет записи для этого запроса"},
    {api::account_rate_code, "Account exceeded allowed connection rate",
     "Превышена допустимая частота запросов для аккаунта"},
    {api::ip_rate_code, "IP exceeded allowed connection rate",
     "Превышена допустимая частота запросов с этого IP-адреса"},
    {api::billing_lock_code, "Another operation with the balance of this account is in progress. Try again later.",
     "Уже выполняется другая операция с балансом этого аккаунта. Повторите попытку позже."},
    // Our wording: the service's codes for signatures are not documented.
    {"SIGNATURE_REQUIRED", "This account requires a signature (sig) on every call",
     "Этот аккаунт требует подпись (sig) каждого запроса"},
    {"SIGNATURE_INVALID", "The signature (sig) does not match the request", "Подпись (sig) не соответствует запросу"},
}};

std::string text_of(std::string_view code, std::string_view lang) {
    for (const auto& known : own_errors) {
        if (known.code == code) return std::string(lang == "ru" ? known.ru : known.en);
    }
    return std::string(code);
}

}  // namespace

mock_service::mock_service(recording_set recordings, std::string base_path, service_limits limits,
                           service_options options)
    : recordings_(std::move(recordings)), base_path_(std::move(base_path)), limits_(limits),
      counts_(api::make_memory_store()), accounts_(std::move(options.accounts)),
      simulator_(options.stateful ? std::make_shared<simulator>(std::move(options.state_file), registration_prices(recordings_))
                                  : nullptr),
      check_signature_(std::move(options.check_signature)) {}

namespace {

// An API error envelope, as the service writes them today.
service_reply api_error(std::string_view code, std::string_view method, std::string_view lang, std::string text = {},
                        json::object error_params = {}) {
    error_params["command_name"] = method;
    json::object body{{"charset", "utf-8"},
                      {"error_code", code},
                      {"error_params", std::move(error_params)},
                      {"error_text", text.empty() ? text_of(code, lang) : text},
                      {"messagestore", nullptr},
                      {"result", "error"}};
    return {200, "text/plain; charset=utf-8", json::serialize(body), std::string(code)};
}

// Test mode's refusal of a request the validation table rejects (validation.hpp): the value at
// fault under its parameter's name, as the service does (IP_INVALID: {"ipaddr": ...}), or the
// name of the missing parameter. The texts are English only.
service_reply invalid_request(const validation_failure& failed, std::string_view method) {
    json::object error_params;
    if (failed.value.empty()) {
        error_params["param"] = failed.parameter;
    } else {
        error_params[failed.parameter] = failed.value;
    }
    return api_error(failed.code, method, "en", failed.text, std::move(error_params));
}

service_reply http_error(int status, std::string text) {
    return {status, "text/plain; charset=utf-8", text + "\n", "-"};
}

// What a recorded answer says, for the log: "success", its error_code, or "-" when it is no
// envelope (an HTML page, another HTTP status).
std::string outcome_of(const recording& entry) {
    if (entry.status != 200) return "-";
    boost::system::error_code ec;
    json::value envelope = json::parse(entry.body, ec);
    if (ec) return "-";
    api::http_response raw;
    raw.status = 200;
    auto read = api::response::from_envelope(std::move(raw), std::move(envelope));
    if (read.is_success()) return "success";
    return read.kind() == api::outcome::api_error ? std::string(read.error_code()) : "-";
}

// Adds input_params to a recorded JSON envelope: the parameters and the credentials as
// received, as the service echoes them (samples/domain__nop__2.json).
std::string with_input_params(const std::string& body, const recorded_request& request) {
    boost::system::error_code ec;
    json::value envelope = json::parse(body, ec);
    if (ec || !envelope.is_object()) return body;
    json::object echoed = request.input_data;
    for (std::string_view credential : {"username", "password"}) {
        if (const std::string* value = api::find_field(request.fields, credential)) echoed[credential] = *value;
    }
    envelope.get_object()["input_params"] = std::move(echoed);
    return json::serialize(envelope);
}

// show_input_params=1 among the parameters or, with input_format=json, as a form field.
bool wants_input_params(const recorded_request& request) {
    const auto* flag = request.input_data.if_contains("show_input_params");
    if (flag != nullptr) return *flag == 1 || *flag == "1" || *flag == true;
    return request.field("show_input_params") == "1";
}

// A recording bound to a username answers for that account whatever its password; one whose
// username was redacted when recorded answers for any account, so credentials still count.
bool for_named_account(const recording* found) {
    const std::string* username = found ? api::find_field(found->fields, "username") : nullptr;
    return username != nullptr && !api::is_redaction_marker(*username);
}

}  // namespace

service_reply mock_service::answer(const service_request& request) const {
    if (!request.path.starts_with(base_path_ + "/")) return http_error(404, "Not Found");
    std::string method(request.path.substr(base_path_.size() + 1));
    if (!api::is_method_path(method)) return http_error(404, "Not Found");
    if (request.http_method != "POST") return api_error("ONLY_POST_ALLOWED", method, "en");
    if (!request.query.empty()) return api_error("QUERY_PARAMS_DISALLOWED", method, "en");
    wire_request call = read_request(method, request.body, request.content_type);
    if (call.problem == wire_problem::unsupported_body) return http_error(415, call.problem_text);
    if (call.problem == wire_problem::malformed_form) return http_error(400, call.problem_text);
    service_reply reply = reply_to(call, request.client_address);
    write_answer(call, reply.body, reply.content_type);
    return reply;
}

service_reply mock_service::reply_to(const wire_request& call, std::string_view client_address) const {
    const std::string& method = call.request.method;
    // A form in a charset the service cannot read takes no permit; bad input_data does.
    if (call.problem == wire_problem::unknown_charset || call.problem == wire_problem::undefined_bytes) {
        return api_error("PARAMETER_INCORRECT", method, call.lang, call.problem_text);
    }
    if (auto refusal = over_rate(call, client_address); !refusal.empty()) return api_error(refusal, method, call.lang);
    if (!call.readable()) return api_error("PARAMETER_INCORRECT", method, call.lang, call.problem_text);
    return reply_for(call);
}

service_reply mock_service::reply_for(const wire_request& call) const {
    if (auto reply = simulated(call)) return *std::move(reply);
    const std::string& method = call.request.method;
    auto known = api::find_method(method);
    bool recorded = std::any_of(recordings_.entries().begin(), recordings_.entries().end(),
                                [&](const recording& entry) { return entry.method == method; });
    if (!known && !recorded) return api_error("NO_SUCH_COMMAND", method, call.lang);

    const recording* found = recordings_.find(call.request);
    if (!for_named_account(found)) {
        std::string username = call.request.field("username");
        std::string password = call.request.field("password");
        bool open_to_all = known && known->access == api::access_level::everyone;
        // Neither credential: no way to authenticate at all, as the service says today.
        if (username.empty() && !open_to_all) {
            return api_error(password.empty() ? "NO_AUTH" : "NO_USERNAME", method, call.lang);
        }
        if (!username.empty() && !is_account(username, password)) {
            return api_error("USER_AUTHENTICATION_FAILED", method, call.lang);
        }
        if (auto refused = refused_signature(call)) return *std::move(refused);
        // A recording bound to an account answers before any check, as the service refuses
        // such accounts (blocked, rate-limited) before reading the parameters.
        if (auto failed = validate(method, call.request.input_data)) return invalid_request(*failed, method);
    }
    if (found == nullptr) {
        return api_error("NO_RECORDING", method, call.lang, recordings_.explain_miss(call.request));
    }
    service_reply reply{found->status, found->content_type, found->body, outcome_of(*found) + " recorded " + found->origin};
    if (found->status == 200) reply.body = detail::with_requested_items(reply.body, *found, call.request);
    if (wants_input_params(call.request)) reply.body = with_input_params(reply.body, call.request);
    if (known && known->effect == api::effect::charges) return hold_balance(call, std::move(reply));
    return reply;
}

bool mock_service::is_account(std::string_view username, std::string_view password) const {
    if (username == "test" && password == "test") return true;
    return std::any_of(accounts_.begin(), accounts_.end(),
                       [&](const account& known) { return known.name == username && known.password == password; });
}

std::optional<service_reply> mock_service::refused_signature(const wire_request& call) const {
    if (!check_signature_) return std::nullopt;
    const std::string* signature = api::find_field(call.request.fields, "sig");
    const std::string& method = call.request.method;
    if (signature == nullptr || signature->empty()) return api_error("SIGNATURE_REQUIRED", method, call.lang);
    // The parameters as read, so a client that signed other values than it sent is caught.
    if (!check_signature_(api::signed_text(call.request.field("username"), call.request.input_data), *signature)) {
        return api_error("SIGNATURE_INVALID", method, call.lang);
    }
    return std::nullopt;
}

std::optional<service_reply> mock_service::simulated(const wire_request& call) const {
    std::string username = call.request.field("username");
    if (!simulator_ || !is_account(username, call.request.field("password"))) return std::nullopt;
    if (auto refused = refused_signature(call)) return refused;
    // Test mode checks a request before anything is done with it, simulated or recorded.
    if (auto failed = validate(call.request.method, call.request.input_data)) {
        return invalid_request(*failed, call.request.method);
    }
    auto envelope = simulator_->answer(username, call.request.method, call.request.input_data);
    if (!envelope) return std::nullopt;
    const json::value* code = envelope->if_contains("error_code");
    std::string outcome = code != nullptr && code->is_string() ? std::string(code->get_string()) : "success";
    return service_reply{200, "text/plain; charset=utf-8", json::serialize(*envelope), outcome + " simulated"};
}

std::string_view mock_service::over_rate(const wire_request& call, std::string_view client_address) const {
    if (!limits_.rate_limit) return {};
    std::vector<api::limit_key> keys;
    // The account's key first: when both free at the same moment, the store names the first.
    std::string username = call.request.field("username");
    if (!username.empty()) keys.push_back({api::user_limit_key(username), *limits_.rate_limit});
    keys.push_back({api::ip_limit_key(client_address), *limits_.rate_limit});
    auto verdict = counts_->take(keys, api::wall_now(), std::chrono::steady_clock::now() + 1s);
    if (verdict.granted) return {};
    return api::is_user_limit_key(verdict.refused_key) ? api::account_rate_code : api::ip_rate_code;
}

service_reply mock_service::hold_balance(const wire_request& call, service_reply reply) const {
    if (limits_.billing_delay <= 0ms) return reply;
    std::string account = call.request.field("username");
    // The caller releases the lock (by dropping the hold) when the delay is over; the expiry
    // only guards against a hold never dropped.
    auto attempt = counts_->try_lock(account, api::wall_now(), limits_.billing_delay + 1min,
                                     std::chrono::steady_clock::now() + 1s);
    if (!attempt.held) return api_error(api::billing_lock_code, call.request.method, call.lang);
    reply.delay = limits_.billing_delay;
    reply.hold = std::shared_ptr<void>(nullptr, [store = counts_, account, token = attempt.token](void*) {
        store->release(account, token, std::chrono::steady_clock::now() + 1s);
    });
    return reply;
}

}  // namespace regru::mocks
