// Domain names in a call's parameters. The service expects them in ASCII form ("xn--..."); an
// application may hold them in Unicode ("пример.рф"). A name_converter (regru::idn gives one,
// built on libidn2) turns one form into the other, so that the core needs no IDN library.
#pragma once

#include <regru/api/params.hpp>

#include <string>
#include <string_view>

namespace regru::api {

class name_converter {
public:
    virtual ~name_converter() = default;
    // The ASCII form of `name` (UTF-8), as registries apply IDNA2008. Throws usage_error naming
    // the name and the rule it breaks.
    virtual std::string to_ascii(std::string_view name) const = 0;
    // The Unicode form (UTF-8) of an ASCII name; the same rules.
    virtual std::string to_unicode(std::string_view name) const = 0;
};

// The fields that hold a whole domain name, at the top of the parameters and in the items of
// their lists: dname, domain_name.
bool is_domain_name_field(std::string_view key) noexcept;

// `input` with every domain name (is_domain_name_field: at the top and in the objects of its
// lists) in ASCII form. Throws what `names` throws, before anything is sent.
void convert_domain_names(params& input, const name_converter& names);

}  // namespace regru::api
