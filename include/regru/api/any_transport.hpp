// A transport chosen at run time: wraps any Transport behind one type, for programs that pick
// between, say, the Poco transport and a replay of recordings from their configuration.
#pragma once

#include <regru/api/http.hpp>
#include <regru/api/policies.hpp>

#include <memory>
#include <utility>

namespace regru::api {

class any_transport {
public:
    template <Transport T>
    any_transport(T transport)  // NOLINT: implicit, as a wrapper should be
        : impl_(std::make_shared<model<T>>(std::move(transport))) {}

    http_response send(const http_request& request) { return impl_->send(request); }

private:
    struct interface {
        virtual ~interface() = default;
        virtual http_response send(const http_request& request) = 0;
    };
    template <class T>
    struct model final : interface {
        explicit model(T t) : transport(std::move(t)) {}
        http_response send(const http_request& request) override { return transport.send(request); }
        T transport;
    };
    std::shared_ptr<interface> impl_;
};

}  // namespace regru::api
