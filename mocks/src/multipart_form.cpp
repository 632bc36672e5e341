#include "multipart_form.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

namespace regru::mocks {
namespace {

// The value of the parameter `name` ("boundary", "name") in a header's "; a=b; c="d"" list.
std::optional<std::string_view> header_parameter(std::string_view header, std::string_view name) {
    std::size_t at = header.find(';');
    while (at != std::string_view::npos) {
        std::size_t start = header.find_first_not_of(" \t", at + 1);
        if (start == std::string_view::npos) break;
        std::size_t equals = header.find('=', start);
        if (equals == std::string_view::npos) break;
        std::string_view key = header.substr(start, equals - start);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
        std::size_t value_start = equals + 1;
        std::string_view value;
        if (value_start < header.size() && header[value_start] == '"') {
            std::size_t close = header.find('"', value_start + 1);
            if (close == std::string_view::npos) break;
            value = header.substr(value_start + 1, close - value_start - 1);
            at = header.find(';', close);
        } else {
            at = header.find(';', value_start);
            value = header.substr(value_start, at == std::string_view::npos ? at : at - value_start);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        }
        if (equal_ignoring_case(key, name)) return value;
    }
    return std::nullopt;
}

// The name a part's headers give it in their Content-Disposition.
std::string part_name(std::string_view headers) {
    constexpr std::string_view disposition = "content-disposition:";
    for (std::size_t at = 0; at < headers.size();) {
        std::size_t end = std::min(headers.find("\r\n", at), headers.size());
        std::string_view line = headers.substr(at, end - at);
        if (line.size() > disposition.size() && equal_ignoring_case(line.substr(0, disposition.size()), disposition)) {
            if (auto name = header_parameter(line, "name")) return std::string(*name);
        }
        at = end + 2;
    }
    throw std::invalid_argument("a part of the multipart body has no Content-Disposition name");
}

}  // namespace

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<std::string_view> multipart_boundary(std::string_view content_type) {
    auto boundary = header_parameter(content_type, "boundary");
    if (!boundary || boundary->empty()) return std::nullopt;
    return boundary;
}

api::form_fields read_multipart(std::string_view body, std::string_view boundary) {
    const std::string delimiter = "--" + std::string(boundary);
    std::size_t at = body.find(delimiter);
    if (at == std::string_view::npos) throw std::invalid_argument("the multipart body lacks its boundary");
    api::form_fields fields;
    for (;;) {
        at += delimiter.size();
        if (body.substr(at, 2) == "--") return fields;  // the closing delimiter
        if (body.substr(at, 2) != "\r\n") throw std::invalid_argument("a multipart boundary is not followed by CRLF");
        std::size_t headers_end = body.find("\r\n\r\n", at);
        if (headers_end == std::string_view::npos) throw std::invalid_argument("a multipart part has no end of headers");
        std::size_t content_start = headers_end + 4;
        std::size_t next = body.find("\r\n" + delimiter, content_start);
        if (next == std::string_view::npos) throw std::invalid_argument("the multipart body is not closed");
        // From the boundary's CRLF on: a part without headers has its blank line right there.
        std::string_view headers = body.substr(at, headers_end - at);
        fields.emplace_back(part_name(headers), std::string(body.substr(content_start, next - content_start)));
        at = next + 2;
    }
}

}  // namespace regru::mocks
