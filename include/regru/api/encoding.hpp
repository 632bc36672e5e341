// Encoding policies: which of REG.API's charsets (io_encoding) a client's calls use. The
// application always speaks UTF-8; the client converts the form and input_data to the charset
// and the answer back (see docs/encodings.md). The conversions themselves are
// <regru/encoding.hpp>.
#pragma once

#include <regru/api/options.hpp>
#include <regru/encoding.hpp>

namespace regru::api {

namespace detail {
// Throws usage_error when the io_encoding option names another charset than `fixed`.
void check_fixed_charset(encoding::charset fixed, const options& opts);
}  // namespace detail

namespace encodings {

// The io_encoding option decides: unset, UTF-8 (and the field is not sent, as the reference
// client does); set, that charset. The everyday client's policy.
struct by_option {
    encoding::charset charset_for(const options& opts) const;
};

// Always charset C, whatever the options say (an io_encoding option that names another one is
// refused). io_encoding=C is sent, except for UTF-8 when the option is unset.
template <encoding::charset C>
struct fixed {
    encoding::charset charset_for(const options& opts) const {
        detail::check_fixed_charset(C, opts);
        return C;
    }
};

using utf8 = fixed<encoding::charset::utf8>;
using cp1251 = fixed<encoding::charset::cp1251>;
using koi8_r = fixed<encoding::charset::koi8_r>;
using koi8_u = fixed<encoding::charset::koi8_u>;
using cp866 = fixed<encoding::charset::cp866>;

}  // namespace encodings
}  // namespace regru::api
