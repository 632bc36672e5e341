// The steps of one call. The templates here only glue the policies together; the work is in
// ordinary functions compiled once (src/call.cpp).
#pragma once

#include <regru/api/detail/bulk.hpp>
#include <regru/api/detail/call_plan.hpp>
#include <regru/api/detail/settings.hpp>
#include <regru/api/http.hpp>
#include <regru/api/params.hpp>
#include <regru/api/policies.hpp>
#include <regru/api/response.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace regru::api::detail {

// "zone" + "add_alias" -> the table's method_ref, or one built in `path_storage` for a method
// the tables do not list. Throws usage_error for names that are not [A-Za-z0-9_]+.
method_ref resolve_method(std::string_view category, std::string_view method,
                          std::string& path_storage);

// The parameters as they are sent: `input` itself, or a copy made in `spare` without
// input_format/output_format (which must not change the formats) and with domain names in
// ASCII form when the options have a name converter. Throws usage_error, naming the field,
// for a value JSON cannot carry (NaN, an infinity), for objects and lists nested more than 32
// levels deep, and for a list the method takes that is not a list or holds an item of the
// wrong kind.
const params& sendable_params(const settings& current, const method_ref& method, const params& input,
                              params& spare);

// A buffer per thread for serialising parameters, so that a call allocates only its body.
std::string& scratch_buffer() noexcept;

// The body: the form prefix, then the serialised parameters in the exchange's charset (with
// \uXXXX escapes for characters it lacks), percent-encoded, in one allocation. Throws
// usage_error when the parameters are not valid UTF-8.
std::string assemble_body(std::string_view prefix, encoding::charset charset, std::string_view input_data);

// Appends "&sig=..." to `body` when the options have a signer: the signature of `sent`, the
// parameters as sent, for the call's username.
void append_signature(const settings& current, const call_options& per_call, const params& sent,
                      std::string& body);

// What the observers of a call need beyond the request; gathered only when someone listens.
struct call_observation {
    std::chrono::system_clock::time_point began;
    std::string lang;                 // as sent; "" when none
    boost::json::object params;       // redacted
    std::vector<std::string> hidden;  // what free text (error texts, bodies) must not show
};

// One call, ready to go: the request, what the limiter is told, and the rules of its attempts.
struct prepared_call {
    http_request request;
    call_context context;
    retry_options retry;
    when_limited on_limit = when_limited::wait;
    std::chrono::steady_clock::time_point started;
    std::size_t input_size = 0;  // bytes of input_data, for the debug line
    std::size_t part = 1, parts = 1;  // which request of a split call, of how many
    std::string prefix_storage;  // the form prefix, when the call set its own credentials
    std::unique_ptr<call_observation> observation;  // null when nobody listens
};

// Everything of a call but its body: checks `per_call` (usage_error) and fills in the rest
// from the options snapshot. Returns the form prefix the body starts with.
std::string_view begin_call(const settings& current, const method_ref& method, const call_options& per_call,
                            prepared_call& call);

// For a request prepared ahead of its turn (the later requests of a split call): its time,
// for the retry budget and the observers, starts now; its deadline stays the call's.
void start_now(prepared_call& call) noexcept;

// A seed for a call's jitter: different per call and per thread.
std::uint64_t jitter_seed() noexcept;


// The charset an answer's Content-Type names, else `requested`.
encoding::charset answer_charset(const http_response& raw, encoding::charset requested);

// The answer's text in UTF-8: the body itself (without a byte order mark) when `charset` is
// UTF-8, else its conversion into `converted`. Returns nullopt and sets `error` when the body
// holds bytes the charset does not define.
std::optional<std::string_view> answer_text(const http_response& raw, encoding::charset charset,
                                            std::string& converted, std::string& error);

// The charset an envelope declares in its "charset" field, when it is a known one other than
// `used`.
std::optional<encoding::charset> other_declared_charset(const boost::json::value& envelope, encoding::charset used);

// What the observers are told (observe.hpp): the start of a call (kept in call.observation),
// each step, and its end. Called only when current.observed(). What an observer throws is
// reported as a warning and dropped.
void observe_start(const settings& current, const params& input, const call_options& per_call, prepared_call& call);
void observe_wait(const settings& current, const prepared_call& call, const permit_decision& decision);
void observe_send(const settings& current, const prepared_call& call, unsigned attempt);
void observe_answer(const settings& current, const prepared_call& call, unsigned attempt, const response& answer);
void observe_end(const settings& current, const prepared_call& call, const response& result);

// One request, ready to send. `sent`: the parameters as sent (sendable_params).
template <class Codec>
prepared_call prepare_call(const settings& current, const method_ref& method, const params& sent,
                           const Codec& codec, const call_options& per_call) {
    prepared_call call;
    std::string_view prefix = begin_call(current, method, per_call, call);
    std::string& data = scratch_buffer();
    data.clear();
    codec.write_params(sent, data);
    call.input_size = data.size();
    call.request.body = assemble_body(prefix, current.charset(), data);
    append_signature(current, per_call, sent, call.request.body);
    if (current.observed()) observe_start(current, sent, per_call, call);
    return call;
}

// Parses the answer in `charset`; once more in the charset its envelope declares, if that is
// another one.
template <class Codec>
response decode_answer(http_response&& raw, const Codec& codec, encoding::charset charset) {
    if (raw.failure != transport_failure::none || raw.status != 200) {
        return response::from_failure(std::move(raw));
    }
    std::string converted, error;
    auto parse_as = [&](encoding::charset assumed) {
        auto text = answer_text(raw, assumed, converted, error);
        return text ? codec.parse(*text) : parsed_body{{}, error};
    };
    encoding::charset used = answer_charset(raw, charset);
    parsed_body parsed = parse_as(used);
    if (parsed.error.empty()) {
        if (auto declared = other_declared_charset(parsed.document, used)) parsed = parse_as(*declared);
    }
    if (!parsed.error.empty()) return response::from_bad_body(std::move(raw), std::move(parsed.error));
    return response::from_envelope(std::move(raw), std::move(parsed.document));
}

// Limiters may learn from the service's answers; those that do not, need not say so.
template <class Limiter>
void learn_from(const Limiter& limiter, const call_context& context, const response& answer) {
    if constexpr (requires { limiter.learn(context, answer); }) limiter.learn(context, answer);
}

// The seam every call goes through: permit, send, decode, decide, as the call_plan says, until
// it finishes. Everything around a call (limits, retries, the observers: log, recorder, debug
// lines) hangs here, not on the client.
template <class Transport, class Codec, class Limiter>
response run_blocking(const settings& current, prepared_call& call, Transport& transport, const Codec& codec,
                      Limiter& limiter) {
    using clock = std::chrono::steady_clock;
    call_plan plan(call.context.method.effect, call.retry, call.on_limit, call.started, call.context.deadline,
                   jitter_seed());
    permit held;
    for (;;) {
        switch (plan.next()) {
            case call_plan::step::acquire: {
                call.context.attempt = plan.attempt();
                permit_decision decision = limiter.acquire(call.context);
                if (decision.kind == permit_decision::verdict::granted) {
                    held = std::move(decision.held);
                    plan.on_permit_granted();
                } else {
                    if (current.observed()) observe_wait(current, call, decision);
                    plan.on_permit_withheld(decision, clock::now());
                }
                break;
            }
            case call_plan::step::send: {
                if (current.observed()) observe_send(current, call, plan.attempt());
                response answer = decode_answer(transport.send(call.request), codec, current.charset());
                held.release();
                learn_from(limiter, call.context, answer);
                if (current.observed()) observe_answer(current, call, plan.attempt(), answer);
                plan.on_answer(std::move(answer), clock::now());
                break;
            }
            case call_plan::step::pause:
                std::this_thread::sleep_for(plan.pause_length());
                plan.on_paused();
                break;
            case call_plan::step::finish: {
                response result = plan.take_response();
                if (current.observed()) observe_end(current, call, result);
                return result;
            }
        }
    }
}

// A whole call: its parameters made sendable, split when its list is too long for one request,
// every request prepared (so that bad input stops the call before anything is sent), then each
// sent through the seam in order.
template <class Transport, class Codec, class Limiter>
response run_call(const settings& current, const method_ref& method, const params& input, const call_options& per_call,
                  Transport& transport, const Codec& codec, Limiter& limiter) {
    params spare;
    const params& sent = sendable_params(current, method, input, spare);
    auto split = bulk_split::of(method, sent, current.options().max_items_per_request);
    if (!split) {
        auto call = prepare_call(current, method, sent, codec, per_call);
        return run_blocking(current, call, transport, codec, limiter);
    }
    std::vector<prepared_call> calls;
    calls.reserve(split->requests());
    for (std::size_t i = 0; i < split->requests(); ++i) {
        calls.push_back(prepare_call(current, method, split->request(i), codec, per_call));
        calls.back().part = i + 1;
        calls.back().parts = split->requests();
    }
    bulk_merge merged(*split);
    for (auto& call : calls) {
        start_now(call);
        if (!merged.add(run_blocking(current, call, transport, codec, limiter))) break;
    }
    return std::move(merged).finish();
}

}  // namespace regru::api::detail
