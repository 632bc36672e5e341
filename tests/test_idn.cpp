// regru::idn: names converted as libidn2's own tool converts them (IDNA2008, UTS #46
// non-transitional), the rules each invalid name breaks, the core's hook, and both forms in
// answers.
#define BOOST_TEST_MODULE idn
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/test_client.hpp"
#include "support/thrown.hpp"

#include <regru/idn/idn.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <string>
#include <vector>

namespace json = boost::json;
namespace idn = regru::idn;

namespace {

// What Debian's idn2 tool makes of `name` with `mode` (-N: to ASCII, IDNA2008 with UTS #46
// non-transitional; -d: to Unicode): its answer, or nullopt when it refuses.
std::optional<std::string> idn2(const std::string& mode, const std::string& name) {
    auto r = regru::testing::run_program(REGRU_IDN2_PATH, {"--quiet", mode, "--", name}, "", {{"LC_ALL", "C.UTF-8"}});
    if (r.status != 0) return std::nullopt;
    BOOST_TEST_REQUIRE((!r.out.empty() && r.out.back() == '\n'), r.out);
    return r.out.substr(0, r.out.size() - 1);
}

std::string repeated(std::string_view text, int times) {
    std::string all;
    for (int i = 0; i < times; ++i) all += text;
    return all;
}

const std::string label_63 = repeated("a", 63);

const std::vector<std::string> valid_names = {
    "пример.рф",
    "ПРИМЕР.РФ",                 // upper case mapped to lower
    "москва.рус",
    "київ.укр",
    "straße.de",                 // non-transitional: ß stays
    "σοφός.gr",                  // and so does the final sigma
    "ΣΟΦΌΣ.gr",                  // while a capital sigma maps to σ
    "Example.COM",
    "test-1.ru",
    "xn--e1afmkfd.xn--p1ai",     // already in ASCII form
    "XN--E1AFMKFD.xn--p1ai",
    "café.fr",
    "cafe\u0301.fr",             // decomposed: NFC makes it café
    "пример\u3002рф",            // an ideographic full stop
    "пример１.рф",               // a fullwidth digit
    "ＡＢＣ.ru",                 // fullwidth Latin, mapped to ASCII
    "日本語.jp",
    "münchen.de",
    "пример.рф.",                // the DNS root's trailing dot, kept
    label_63 + "." + label_63 + "." + label_63 + "." + repeated("a", 61),  // 253 octets
};

// An invalid name, the rule it breaks, and whether idn2 refuses it too (otherwise the rule is
// the registry's, beyond IDNA2008).
struct invalid_case {
    std::string name;
    idn::rule broken;
    bool idn2_refuses;
};

const std::vector<invalid_case> invalid_names = {
    {"", idn::rule::empty_name, false},
    {"a..ru", idn::rule::empty_label, false},
    {".ru", idn::rule::empty_label, false},
    {"qqйй.com", idn::rule::mixed_scripts, false},
    {"раypal.com", idn::rule::mixed_scripts, false},  // a Cyrillic р and а among Latin letters
    {"xn--qq-0lca.com", idn::rule::mixed_scripts, false},  // qqйй in ASCII form
    {"gοοgle.com", idn::rule::mixed_scripts, false},  // two Greek omicrons
    {label_63 + "a.ru", idn::rule::label_too_long, true},
    {"абвгдежзийклмнопрстуфхцчшщъыьэюяабвгдежзийклмноп.рф", idn::rule::label_too_long, true},
    {label_63 + "." + label_63 + "." + label_63 + "." + repeated("a", 62), idn::rule::name_too_long, true},
    {label_63 + "." + label_63 + "." + label_63 + "." + label_63 + ".ru", idn::rule::name_too_long, true},
    {"ex ample.рф", idn::rule::disallowed_character, false},
    {"a_b.ru", idn::rule::disallowed_character, false},
    {"a＿b.ru", idn::rule::disallowed_character, false},  // a fullwidth low line, mapped to '_'
    {"a©b.com", idn::rule::disallowed_character, true},
    {"-ab.ru", idn::rule::hyphen_placement, true},
    {"ab--cd.ru", idn::rule::hyphen_placement, true},
    {"xn--zz.com", idn::rule::idna2008, true},
};

idn::rule rule_broken_by(const std::string& name) {
    try {
        idn::to_ascii(name);
    } catch (const idn::invalid_name& e) {
        BOOST_TEST(e.name() == name);
        return e.rule();
    }
    BOOST_FAIL("no invalid_name for \"" + name + "\"");
    return {};
}

std::string message_for(const std::string& name) {
    return regru::testing::message_thrown<idn::invalid_name>([&] { idn::to_ascii(name); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(conversions)

BOOST_AUTO_TEST_CASE(to_ascii_agrees_with_the_idn2_tool) {
    for (const auto& name : valid_names) {
        BOOST_TEST(idn::to_ascii(name) == idn2("-N", name).value_or("(refused)"), name);
    }
}

BOOST_AUTO_TEST_CASE(to_unicode_agrees_with_the_idn2_tool) {
    for (const auto& name : valid_names) {
        auto ascii = idn::to_ascii(name);
        BOOST_TEST(idn::to_unicode(ascii) == idn2("-d", ascii).value_or("(refused)"), name);
    }
}

BOOST_AUTO_TEST_CASE(known_forms) {
    BOOST_TEST(idn::to_ascii("пример.рф") == "xn--e1afmkfd.xn--p1ai");
    BOOST_TEST(idn::to_ascii("straße.de") == "xn--strae-oqa.de");
    BOOST_TEST(idn::to_ascii("σοφός.gr") != idn::to_ascii("σοφόσ.gr"));
    BOOST_TEST(idn::to_ascii("Example.COM") == "example.com");
    BOOST_TEST(idn::to_unicode("XN--E1AFMKFD.XN--P1AI") == "пример.рф");
    BOOST_TEST(idn::to_unicode("ПРИМЕР.РФ.") == "пример.рф.");
}

BOOST_AUTO_TEST_CASE(both_forms_round_trip) {
    for (const auto& name : valid_names) {
        auto ascii = idn::to_ascii(name);
        auto unicode = idn::to_unicode(name);
        BOOST_TEST(idn::to_unicode(ascii) == unicode, name);
        BOOST_TEST(idn::to_ascii(unicode) == ascii, name);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(each_invalid_name_breaks_its_rule) {
    for (const auto& c : invalid_names) {
        BOOST_TEST(idn::to_string(rule_broken_by(c.name)) == idn::to_string(c.broken), c.name);
        BOOST_CHECK_THROW(idn::to_unicode(c.name), idn::invalid_name);
    }
}

BOOST_AUTO_TEST_CASE(idn2_refuses_what_idna2008_refuses_and_accepts_the_registry_rules) {
    for (const auto& c : invalid_names) {
        BOOST_TEST(!idn2("-N", c.name).has_value() == c.idn2_refuses, c.name);
    }
}

BOOST_AUTO_TEST_CASE(messages_name_the_name_the_label_and_the_rule) {
    BOOST_TEST(message_for("ex ample.рф") ==
               R"(Invalid domain name "ex ample.рф": label 1 "ex ample" holds a character domain names do not allow (U+0020))");
    BOOST_TEST(message_for("ya.a©b") ==
               R"(Invalid domain name "ya.a©b": label 2 "a©b" holds a character IDNA2008 does not allow (U+00A9))");
    BOOST_TEST(message_for("qqйй.com") == R"(Invalid domain name "qqйй.com": label 1 "qqйй" mixes Latin and Cyrillic letters)");
    BOOST_TEST(message_for("gοοgle.com") == R"(Invalid domain name "gοοgle.com": label 1 "gοοgle" mixes Latin and Greek letters)");
    BOOST_TEST(message_for("a..ru") == R"(Invalid domain name "a..ru": label 2 "" is empty)");
    BOOST_TEST(message_for("") == R"(Invalid domain name "": the name is empty)");
    BOOST_TEST(message_for("-ab.ru") ==
               R"(Invalid domain name "-ab.ru": label 1 "-ab" breaks an IDNA2008 rule: string start/ends with forbidden hyphen)");
    BOOST_TEST(message_for(label_63 + "a.ru").ends_with("\": label 1 \"" + label_63 + "a\" is longer than 63 octets in ASCII form"));
    auto too_long = label_63 + "." + label_63 + "." + label_63 + "." + repeated("a", 62);
    BOOST_TEST(message_for(too_long) == "Invalid domain name \"" + too_long + "\": it is 254 octets in ASCII form, longer than 253");
    // Input of any length is quoted cut short; name() keeps it whole.
    auto huge = repeated("a", 5000) + ".ru";
    BOOST_TEST(message_for(huge).size() < 500u, message_for(huge).size());
    try {
        idn::to_ascii(huge);
    } catch (const idn::invalid_name& e) {
        BOOST_TEST(e.name() == huge);
    }
}

BOOST_AUTO_TEST_CASE(invalid_names_are_usage_errors) {
    BOOST_CHECK_THROW(idn::to_ascii("qqйй.com"), regru::api::usage_error);
}

BOOST_AUTO_TEST_CASE(scripts_that_do_not_mix_with_digits_and_hyphens_are_one_script) {
    for (const char* name : {"москва-2024.рус", "ελλάδα1.gr", "東京タワー.jp", "abc-123.com", "café-über.de"}) {
        BOOST_CHECK_NO_THROW(idn::to_ascii(name));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(answers)

BOOST_AUTO_TEST_CASE(ascii_names_get_their_unicode_form_beside_them) {
    auto answer = json::parse(R"({"domains":[
        {"dname":"xn--e1afmkfd.xn--p1ai","result":"success"},
        {"dname":"ya.ru","result":"success"},
        {"dname":"xn--000.com","error_code":"INVALID_DOMAIN_NAME_PUNYCODE"},
        {"dname":"zzz.рф","error_params":{"domain_name":"zzz.xn--p1ai"}}],
      "service_id":"xn--p1ai","domain_name":"XN--STRAE-OQA.DE"})");
    idn::add_unicode_names(answer);
    auto expected = json::parse(R"({"domains":[
        {"dname":"xn--e1afmkfd.xn--p1ai","result":"success","dname_unicode":"пример.рф"},
        {"dname":"ya.ru","result":"success"},
        {"dname":"xn--000.com","error_code":"INVALID_DOMAIN_NAME_PUNYCODE"},
        {"dname":"zzz.рф","error_params":{"domain_name":"zzz.xn--p1ai","domain_name_unicode":"zzz.рф"}}],
      "service_id":"xn--p1ai","domain_name":"XN--STRAE-OQA.DE","domain_name_unicode":"straße.de"})");
    BOOST_TEST(answer == expected, json::serialize(answer));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(client)

BOOST_AUTO_TEST_CASE(the_converter_sends_unicode_names_in_ascii_form) {
    auto options = regru::testing::test_options();
    options.names = idn::converter();
    auto client = regru::testing::make_client(options);
    client.domain().check(regru::testing::object(R"({"domains":[{"dname":"пример.рф"},{"dname":"straße.de"}]})"));
    auto sent = client.transport().last().input_data();
    BOOST_TEST(sent.at("domains").at(0).at("dname") == "xn--e1afmkfd.xn--p1ai");
    BOOST_TEST(sent.at("domains").at(1).at("dname") == "xn--strae-oqa.de");

    client.domain().get_nss(regru::testing::object(R"({"domain_name":"ПРИМЕР.РФ"})"));
    BOOST_TEST(client.transport().last().input_data().at("domain_name") == "xn--e1afmkfd.xn--p1ai");
}

BOOST_AUTO_TEST_CASE(an_invalid_name_throws_before_anything_is_sent) {
    auto options = regru::testing::test_options();
    options.names = idn::converter();
    auto client = regru::testing::make_client(options);
    auto input = regru::testing::object(R"({"domains":[{"dname":"пример.рф"},{"dname":"qqйй.com"}]})");
    BOOST_CHECK_THROW(client.domain().check(input), idn::invalid_name);
    BOOST_TEST(client.transport().count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
