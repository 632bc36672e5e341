// Encoding policies: the charset of the exchange. The application always speaks UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace regru::api {

// UTF-8 on the wire, as the application has it: nothing to convert.
struct utf8_encoding {
    static constexpr std::string_view name = "utf8";
    constexpr bool identity() const noexcept { return true; }
    void to_wire(std::string_view text, std::string& out) const { out.append(text); }
    void from_wire(std::string_view text, std::string& out) const { out.append(text); }
};

}  // namespace regru::api
