// What the seam tells the observers of a call (observe.hpp): everything redacted once, here,
// by the settings' one redactor, so that no observer can see more than the rules allow.
#include <regru/api/detail/call.hpp>

#include <regru/encoding.hpp>

namespace regru::api::detail {
namespace {

// Gives `tell` each observer; what one throws becomes a warning, never the call's failure.
template <class Tell>
void tell_each(const settings& current, Tell&& tell) {
    for (const auto& observer : current.observers()) {
        try {
            tell(*observer);
        } catch (const std::exception& e) {
            current.debug_line(std::string("an observer of the calls failed: ") + e.what());
        } catch (...) {
            current.debug_line("an observer of the calls failed");
        }
    }
}

call_event event_of(const prepared_call& call, call_event::kind what, unsigned attempt) {
    call_event event;
    event.what = what;
    event.request = &call.request;
    event.username = call.context.username;
    event.attempt = attempt;
    event.input_size = call.input_size;
    return event;
}

// The body of an answer that was not JSON, in UTF-8 for the record.
std::string body_as_text(const response& result, encoding::charset requested) {
    http_response raw;
    raw.body = std::string(result.body());
    raw.content_type = std::string(result.content_type());
    auto charset = answer_charset(raw, requested);
    std::string converted, error;
    if (auto text = answer_text(raw, charset, converted, error); text && encoding::find_invalid_utf8(*text) == std::string_view::npos) {
        return std::string(*text);
    }
    return "(" + std::to_string(raw.body.size()) + " bytes that are not " + std::string(encoding::name(charset)) + ")";
}

call_record record_of(const settings& current, const prepared_call& call, const response& result) {
    const call_observation& seen = *call.observation;
    const redactor& redaction = current.redaction();
    call_record record;
    record.time = seen.began;
    record.endpoint = std::string(call.request.endpoint);
    record.method = std::string(call.request.method.path);
    record.io_encoding = std::string(encoding::name(current.charset()));
    record.lang = seen.lang;
    record.part = call.part;
    record.parts = call.parts;
    record.attempts = result.attempts();
    record.why_stopped = result.why_stopped();
    record.duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - call.started);
    record.result = result.kind();
    record.http_status = result.http_status();
    record.failure = result.failure();
    record.content_type = std::string(result.content_type());
    record.error_code = std::string(result.error_code());
    record.params = seen.params;
    // The service may echo what was sent (input_params, password included), or quote it in a
    // text: what the call or the envelope hides is scrubbed from its texts too.
    std::vector<std::string> hidden = seen.hidden;
    if (!result.envelope().is_null()) {
        add_hidden_values(hidden, redaction.hidden_values(result.envelope()));
        record.envelope = redaction.redact(result.envelope());
        scrub_texts(record.envelope, hidden);
    } else if (!result.body().empty()) {
        record.body_text = scrub(body_as_text(result, current.charset()), hidden);
    }
    // The service's own texts may quote what it was sent; this side's (limits, transport
    // failures) never hold a secret, and scrubbing a short password ("test") would garble them.
    bool from_service = result.kind() != outcome::limited && result.kind() != outcome::transport_error;
    record.error_text = from_service ? scrub(result.error_text(), hidden) : std::string(result.error_text());
    return record;
}

}  // namespace

void observe_start(const settings& current, const params& input, const call_options& per_call, prepared_call& call) {
    const api::options& opts = current.options();
    auto seen = std::make_unique<call_observation>();
    seen->began = std::chrono::system_clock::now();
    seen->lang = per_call.lang ? *per_call.lang : opts.lang.value_or("");
    seen->params = current.redaction().redact(input);
    seen->hidden = current.redaction().hidden_values(input);
    add_hidden_values(seen->hidden, {per_call.password ? *per_call.password : opts.password});
    call.observation = std::move(seen);
}

void observe_wait(const settings& current, const prepared_call& call, const permit_decision& decision) {
    auto event = event_of(call, call_event::kind::waiting, call.context.attempt);
    event.decision = &decision;
    tell_each(current, [&](call_observer& observer) { observer.on_event(event); });
}

void observe_send(const settings& current, const prepared_call& call, unsigned attempt) {
    auto event = event_of(call, call_event::kind::sending, attempt);
    tell_each(current, [&](call_observer& observer) { observer.on_event(event); });
}

void observe_answer(const settings& current, const prepared_call& call, unsigned attempt, const response& answer) {
    auto event = event_of(call, call_event::kind::answered, attempt);
    event.answer = &answer;
    tell_each(current, [&](call_observer& observer) { observer.on_event(event); });
}

void observe_end(const settings& current, const prepared_call& call, const response& result) {
    call_record record = record_of(current, call, result);
    tell_each(current, [&](call_observer& observer) { observer.on_call(record); });
}

}  // namespace regru::api::detail
