// basic_client: a REG.API client composed of four compile-time policies.
//
//   Transport    moves one HTTP exchange (poco_transport, or a test double from mocks/)
//   Codec        the wire format of input_data and of the answer (json_codec)
//   RateLimiter  asked for a permit before each attempt (rate_limiter, no_rate_limit)
//   Encoding     which charset the exchange uses; the application speaks UTF-8
//                (encodings::by_option: the io_encoding option decides)
//
// The uncategorised methods are members (client.nop()); the categories are views
// (client.zone().add_alias(params)). Calls are const and may run from many threads at once
// when the policies allow it; options may change at any time and the next call sees them.
#pragma once

#include <regru/api/detail/call.hpp>
#include <regru/api/detail/settings.hpp>
#include <regru/api/encoding.hpp>
#include <regru/api/methods.hpp>
#include <regru/api/options.hpp>
#include <regru/api/policies.hpp>
#include <regru/api/rate_limit.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace regru::api {

template <class Transport, class Codec, class RateLimiter = no_rate_limit,
          class Encoding = encodings::by_option>
class basic_client : public root_methods<basic_client<Transport, Codec, RateLimiter, Encoding>>,
                     public category_accessors<basic_client<Transport, Codec, RateLimiter, Encoding>> {
    static_assert(policy_requirements::transport_send<Transport>,
                  "basic_client: the Transport policy needs a member "
                  "`regru::api::http_response send(const regru::api::http_request&)`");
    static_assert(policy_requirements::codec_format<Codec>,
                  "basic_client: the Codec policy needs `static constexpr std::string_view format` "
                  "(the value of the input_format and output_format fields)");
    static_assert(policy_requirements::codec_write<Codec>,
                  "basic_client: the Codec policy needs a member "
                  "`void write_params(const regru::api::params&, std::string& out) const`");
    static_assert(policy_requirements::codec_parse<Codec>,
                  "basic_client: the Codec policy needs a member "
                  "`regru::api::parsed_body parse(std::string_view body) const`");
    static_assert(policy_requirements::limiter_acquire<RateLimiter>,
                  "basic_client: the RateLimiter policy needs a member "
                  "`regru::api::permit_decision acquire(const regru::api::call_context&) const`");
    static_assert(policy_requirements::encoding_choice<Encoding>,
                  "basic_client: the Encoding policy needs a member "
                  "`regru::encoding::charset charset_for(const regru::api::options&) const`");

public:
    using transport_type = Transport;
    using codec_type = Codec;
    using rate_limiter_type = RateLimiter;
    using encoding_type = Encoding;

    // Throws usage_error when the options are not valid (or do not fit the Encoding policy).
    explicit basic_client(api::options opts, Transport transport = Transport(),
                          Codec codec = Codec(), RateLimiter limiter = RateLimiter(),
                          Encoding encoding = Encoding())
        : settings_(std::move(opts), Codec::format,
                    [encoding = std::move(encoding)](const api::options& o) { return encoding.charset_for(o); }),
          transport_(std::move(transport)),
          codec_(std::move(codec)),
          limiter_(std::move(limiter)) {}

    // Dispatch by name, checked against the tables while compiling: client.call<"nop">().
    using root_methods<basic_client>::call;

    // Any method, by name: for methods the tables do not know yet. Names must be
    // [A-Za-z0-9_]+; an empty category means an uncategorised method.
    response call(std::string_view category, std::string_view method, const params& input = {},
                  const call_options& per_call = {}) const {
        std::string path_storage;
        return invoke(detail::resolve_method(category, method, path_storage), input, per_call);
    }

    // The one path every call takes (detail::run_call): its requests prepared, then each sent
    // through the seam (detail::run_blocking), where the limiter, the retries and the transport
    // meet. Throws usage_error, before anything is sent, when the parameters or `per_call`
    // cannot be used.
    response invoke(const method_ref& method, const params& input = {}, const call_options& per_call = {}) const {
        auto current = settings_.current();
        return detail::run_call(*current, method, input, per_call, transport_, codec_, limiter_);
    }

    // A copy of the current options.
    api::options options() const { return settings_.current()->options(); }

    // Each setter validates the new value (usage_error) and leaves the options unchanged when
    // it is rejected. Views taken earlier see the change.
    void set_options(api::options opts) {
        settings_.change([&](api::options& o) { o = std::move(opts); });
    }
    void set_username(std::string value) {
        settings_.change([&](api::options& o) { o.username = std::move(value); });
    }
    void set_password(std::string value) {
        settings_.change([&](api::options& o) { o.password = std::move(value); });
    }
    void set_lang(std::optional<std::string> value) {
        settings_.change([&](api::options& o) { o.lang = std::move(value); });
    }
    void set_io_encoding(std::optional<std::string> value) {
        settings_.change([&](api::options& o) { o.io_encoding = std::move(value); });
    }
    void set_debug(bool value) {
        settings_.change([&](api::options& o) { o.debug = value; });
    }
    void set_endpoint(std::optional<std::string> value) {
        settings_.change([&](api::options& o) { o.endpoint = std::move(value); });
    }
    // The base URL calls go to now (after $REGRU_API_ENDPOINT and the default).
    std::string endpoint() const { return std::string(settings_.current()->endpoint()); }
    // The charset of the exchange now.
    encoding::charset charset() const { return settings_.current()->charset(); }

    Transport& transport() noexcept { return transport_; }
    const Transport& transport() const noexcept { return transport_; }
    const RateLimiter& rate_limiter() const noexcept { return limiter_; }
    const Codec& codec() const noexcept { return codec_; }

private:
    detail::settings_holder settings_;
    // Calls are const; the policies keep their own state (connections, counts) and must be
    // safe to use from several threads when the client is.
    [[no_unique_address]] mutable Transport transport_;
    [[no_unique_address]] Codec codec_;
    [[no_unique_address]] RateLimiter limiter_;
};

}  // namespace regru::api
