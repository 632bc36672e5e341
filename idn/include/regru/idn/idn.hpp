// Internationalized domain names ("пример.рф"), converted between the Unicode form people write
// and the ASCII form the service and the DNS use ("xn--e1afmkfd.xn--p1ai"), with libidn2:
// IDNA2008 with the UTS #46 mapping, non-transitional (ß and ς stay themselves), as registries
// apply it. A library of its own (regru::idn), so that the core needs no libidn2.
//
//     options.names = regru::idn::converter();   // every call's dname / domain_name in ASCII
//
// Besides IDNA2008, a name must be a host name the registry accepts: letters, digits and '-'
// only, labels of at most 63 octets, at most 253 octets in all, and no label mixing scripts
// (Latin with Cyrillic, ...). See docs/domains.md.
#pragma once

#include <regru/api/errors.hpp>
#include <regru/api/names.hpp>

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace regru::idn {

// The rule a name breaks.
enum class rule {
    empty_name,            // ""
    empty_label,           // "a..b", ".ru"
    label_too_long,        // a label over 63 octets in ASCII form
    name_too_long,         // over 253 octets in ASCII form, a trailing dot not counted
    disallowed_character,  // a code point IDNA2008 refuses, or ASCII other than letters, digits, '-'
    hyphen_placement,      // '-' first or last in a label, or "--" third and fourth ("ab--c")
    mixed_scripts,         // letters of two scripts in one label ("qqйй"): the registry refuses them
    idna2008,              // another IDNA2008 rule (bad punycode, bidi, joiners): libidn2 says which
};

// "empty_name", "mixed_scripts", ...
std::string_view to_string(rule broken) noexcept;

// A name that cannot be converted. Thrown before anything is sent; the message names the name
// and the rule: Invalid domain name "ex ample.рф": label 1 "ex ample" holds a character domain
// names do not allow (U+0020).
class invalid_name : public api::usage_error {
public:
    invalid_name(std::string name, idn::rule broken, const std::string& reason);

    const std::string& name() const noexcept { return name_; }
    idn::rule rule() const noexcept { return rule_; }

private:
    std::string name_;
    idn::rule rule_;
};

// The ASCII form of `name` (UTF-8): mapped (upper case to lower, NFC, full stops such as "。"
// to '.') and every non-ASCII label as "xn--" punycode. ASCII names come back lower-cased. One
// trailing dot is allowed and kept. Throws invalid_name.
std::string to_ascii(std::string_view name);

// The Unicode form (UTF-8) of `name`, in either form: every "xn--" label decoded. The same
// rules as to_ascii, which it goes through, so that to_unicode(to_ascii(x)) == to_unicode(x).
std::string to_unicode(std::string_view name);

// The core's hook (options::names): to_ascii and to_unicode. Stateless, shared.
std::shared_ptr<const api::name_converter> converter();

// Answers can show both forms: beside every field dname / domain_name (is_domain_name_field),
// anywhere in `answer`, that holds an ASCII name with an "xn--" label, adds `<field>_unicode`
// with its Unicode form. Names that cannot be converted are left alone.
void add_unicode_names(boost::json::value& answer);

}  // namespace regru::idn
