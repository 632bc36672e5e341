#include <regru/api/observe.hpp>

#include <cmath>
#include <cstdio>
#include <ctime>

namespace regru::api {
namespace {

namespace json = boost::json;

// "2026-11-24T04:40:00.123Z": UTC, milliseconds, sortable as text.
std::string utc_timestamp(std::chrono::system_clock::time_point time) {
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                  parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(millis % 1000));
    return text;
}

}  // namespace

json::object to_json(const call_record& record) {
    json::object out;
    out["time"] = utc_timestamp(record.time);
    out["method"] = record.method;
    out["endpoint"] = record.endpoint;
    out["io_encoding"] = record.io_encoding;
    if (!record.lang.empty()) out["lang"] = record.lang;
    if (record.parts > 1) {
        out["part"] = record.part;
        out["parts"] = record.parts;
    }
    out["attempts"] = record.attempts;
    if (record.why_stopped != stop_reason::final_answer) out["stopped"] = to_string(record.why_stopped);
    // Microseconds as milliseconds with three decimals: readable, and exact enough.
    out["duration_ms"] = std::round(static_cast<double>(record.duration.count())) / 1000.0;
    out["outcome"] = to_string(record.result);
    out["http_status"] = record.http_status;
    if (record.failure != transport_failure::none) out["failure"] = to_string(record.failure);
    out["error_code"] = record.error_code;
    if (!record.error_text.empty()) out["error_text"] = record.error_text;
    if (!record.content_type.empty()) out["content_type"] = record.content_type;
    out["params"] = record.params;
    if (!record.envelope.is_null()) out["envelope"] = record.envelope;
    if (!record.body_text.empty()) out["body_text"] = record.body_text;
    return out;
}

}  // namespace regru::api
