// The charset converters against glibc's iconv, byte by byte and code point by code point, and
// what the client puts on the wire and reads back in each charset.
#define BOOST_TEST_MODULE encoding
#include <boost/test/unit_test.hpp>

#include "support/test_client.hpp"

#include <regru/api/errors.hpp>
#include <regru/encoding.hpp>

#include <iconv.h>

namespace api = regru::api;
namespace enc = regru::encoding;
namespace json = boost::json;
using regru::testing::capture_client;

namespace {

const char* iconv_name(enc::charset set) {
    switch (set) {
        case enc::charset::cp1251: return "CP1251";
        case enc::charset::koi8_r: return "KOI8-R";
        case enc::charset::koi8_u: return "KOI8-U";
        case enc::charset::cp866: return "IBM866";
        default: return "UTF-8";
    }
}

// iconv(3) of `input` from one charset to another; nullopt when iconv refuses it.
std::optional<std::string> iconv_convert(iconv_t cd, std::string_view input) {
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::string in(input), out(16, '\0');
    char* in_at = in.data();
    char* out_at = out.data();
    std::size_t in_left = in.size(), out_left = out.size();
    if (iconv(cd, &in_at, &in_left, &out_at, &out_left) == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - out_left);
    return out;
}

std::string utf8_of(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

constexpr enc::charset single_byte[] = {enc::charset::cp1251, enc::charset::koi8_r, enc::charset::koi8_u,
                                        enc::charset::cp866};

std::string refusal(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

api::options with_charset(std::string_view name) {
    auto opts = regru::testing::test_options();
    opts.io_encoding = std::string(name);
    return opts;
}

api::http_response answer_in(std::string body, std::string content_type) {
    auto answer = regru::mocks::http_answer(std::move(body));
    answer.content_type = std::move(content_type);
    return answer;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(against_iconv)

BOOST_AUTO_TEST_CASE(every_byte_decodes_as_iconv_says) {
    for (auto set : single_byte) {
        iconv_t cd = iconv_open("UTF-8", iconv_name(set));
        BOOST_TEST_REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
        int defined = 0;
        for (int byte = 0; byte < 256; ++byte) {
            std::string input(1, static_cast<char>(byte));
            auto expected = iconv_convert(cd, input);
            BOOST_TEST_CONTEXT(enc::name(set) << " byte " << byte) {
                if (expected) {
                    ++defined;
                    BOOST_TEST(enc::to_utf8(set, input) == *expected);
                } else {
                    BOOST_CHECK_THROW(enc::to_utf8(set, input), enc::conversion_error);
                }
            }
        }
        iconv_close(cd);
        BOOST_TEST(defined == (set == enc::charset::cp1251 ? 255 : 256), enc::name(set));
    }
}

BOOST_AUTO_TEST_CASE(every_code_point_encodes_as_iconv_says) {
    for (auto set : single_byte) {
        iconv_t cd = iconv_open(iconv_name(set), "UTF-8");
        BOOST_TEST_REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
        int representable = 0, mismatches = 0, dropped_by_glibc = 0;
        for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            std::string input = utf8_of(cp);
            auto expected = iconv_convert(cd, input);
            // glibc's iconv silently drops the language tags U+E0000-U+E007F; we do not drop
            // characters: they are unrepresentable like any other.
            if (expected && expected->empty() && cp >= 0xE0000 && cp <= 0xE007F) {
                ++dropped_by_glibc;
                expected.reset();
            }
            std::optional<std::string> ours;
            try {
                ours = enc::from_utf8(set, input);
            } catch (const enc::conversion_error&) {
            }
            if (expected) ++representable;
            if (ours != expected || enc::can_represent(set, cp) != expected.has_value()) {
                if (++mismatches < 5) BOOST_ERROR(enc::name(set) << ": U+" << std::hex << static_cast<unsigned>(cp));
            }
        }
        iconv_close(cd);
        BOOST_TEST(mismatches == 0, enc::name(set));
        BOOST_TEST(dropped_by_glibc == 0x80, enc::name(set));
        BOOST_TEST(representable == (set == enc::charset::cp1251 ? 255 : 256), enc::name(set));
    }
}

BOOST_AUTO_TEST_CASE(every_representable_character_round_trips) {
    for (auto set : single_byte) {
        std::string all;
        for (int byte = 0; byte < 256; ++byte) {
            if (set == enc::charset::cp1251 && byte == 0x98) continue;
            all += static_cast<char>(byte);
        }
        BOOST_TEST(enc::from_utf8(set, enc::to_utf8(set, all)) == all, enc::name(set));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conversions)

BOOST_AUTO_TEST_CASE(cyrillic_goes_both_ways) {
    BOOST_TEST(enc::from_utf8(enc::charset::cp1251, "Привет, мир!") == "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0!");
    BOOST_TEST(enc::from_utf8(enc::charset::koi8_r, "Привет") == "\xF0\xD2\xC9\xD7\xC5\xD4");
    BOOST_TEST(enc::from_utf8(enc::charset::koi8_u, "ґєії") == "\xAD\xA4\xA6\xA7");
    BOOST_TEST(enc::from_utf8(enc::charset::cp866, "┌─┐") == "\xDA\xC4\xBF");
    BOOST_TEST(enc::to_utf8(enc::charset::cp1251, "\x88") == "€");
}

BOOST_AUTO_TEST_CASE(unrepresentable_characters_fail_or_become_escapes) {
    std::string message = refusal([] { enc::from_utf8(enc::charset::koi8_r, "ab€"); });
    BOOST_TEST(message == "U+20AC cannot be written in koi8-r (at byte 2)");
    BOOST_TEST(enc::from_utf8(enc::charset::koi8_r, "\"€😀ґ\"", enc::unrepresentable::json_escape) ==
               "\"\\u20ac\\ud83d\\ude00\\u0491\"");
    BOOST_TEST(enc::from_utf8(enc::charset::koi8_u, "ґ", enc::unrepresentable::json_escape) == "\xAD");
    BOOST_TEST(enc::from_utf8(enc::charset::cp1251, "<a b=\"Я✓😀\"/>", enc::unrepresentable::xml_reference) ==
               "<a b=\"\xDF&#10003;&#128512;\"/>");
}

BOOST_AUTO_TEST_CASE(bytes_a_charset_lacks_are_an_error) {
    std::string message = refusal([] { enc::to_utf8(enc::charset::cp1251, "ok \x98"); });
    BOOST_TEST(message == "byte 0x98 (at offset 3) is not a character of cp1251");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_found_wherever_it_is) {
    struct probe {
        std::string text;
        std::size_t at;
    };
    for (const auto& [text, at] : std::vector<probe>{
             {"plain ascii", std::string_view::npos},
             {"Привет 😀 €", std::string_view::npos},
             {"\xC0\x80", 0},                 // overlong NUL
             {"ab\xE0\x80\x80", 2},           // overlong three-byte form
             {"\xED\xA0\x80", 0},             // a surrogate
             {"x\xF4\x90\x80\x80", 1},        // beyond U+10FFFF
             {"Пр\xD0", 4},                   // cut short
             {"\x80 stray", 0},               // a lone continuation byte
             {"12345678\xFF", 8}}) {          // after the eight-byte fast path
        BOOST_TEST(enc::find_invalid_utf8(text) == at, text);
        if (at != std::string_view::npos) {
            BOOST_TEST(refusal([&] { enc::from_utf8(enc::charset::cp1251, text); }) ==
                       "not valid UTF-8 at byte " + std::to_string(at));
        }
    }
}

BOOST_AUTO_TEST_CASE(names_and_labels) {
    for (auto set : enc::all_charsets) {
        BOOST_TEST((enc::from_name(enc::name(set)) == set));
        BOOST_TEST((enc::from_label(enc::mime_name(set)) == set));
    }
    BOOST_TEST((enc::from_label("Windows-1251") == enc::charset::cp1251));
    BOOST_TEST((enc::from_label("UTF-8") == enc::charset::utf8));
    BOOST_TEST((enc::from_label("IBM866") == enc::charset::cp866));
    BOOST_TEST(!enc::from_label("latin1"));
    BOOST_TEST(!enc::from_name("utf-8"));  // REG.API does not know this spelling
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(on_the_wire)

BOOST_AUTO_TEST_CASE(form_fields_and_input_data_travel_in_the_charset) {
    auto opts = with_charset("cp1251");
    opts.username = "Иван";
    auto client = regru::testing::make_client(opts);
    client.domain().nop({{"text", "Привет €😀"}});
    auto sent = client.transport().last();
    BOOST_TEST(*sent.field("io_encoding") == "cp1251");
    BOOST_TEST(*sent.field("username") == "\xC8\xE2\xE0\xED");
    // The euro is in cp1251; the emoji is not and goes out as escapes.
    BOOST_TEST(*sent.field("input_data") == "{\"text\":\"\xCF\xF0\xE8\xE2\xE5\xF2 \x88\\ud83d\\ude00\"}");
    BOOST_TEST(sent.body.find("username=%C8%E2%E0%ED&") == 0u);
}

BOOST_AUTO_TEST_CASE(utf8_is_sent_as_it_is_and_io_encoding_only_when_asked) {
    auto client = regru::testing::make_client();
    client.nop({{"text", "Привет"}});
    BOOST_TEST(!client.transport().last().field("io_encoding"));
    BOOST_TEST(client.transport().last().input_data().at("text") == "Привет");
    client.set_io_encoding("utf8");
    client.nop();
    BOOST_TEST(*client.transport().last().field("io_encoding") == "utf8");
}

BOOST_AUTO_TEST_CASE(answers_come_back_to_utf8) {
    auto client = regru::testing::make_client(with_charset("koi8-r"));
    client.transport().answer_with(answer_in(enc::from_utf8(enc::charset::koi8_r, R"({"result":"success","answer":{"name":"Пётр"}})"),
                                             "text/plain; charset=koi8-r"));
    auto answer = client.nop();
    BOOST_TEST(answer.is_success());
    BOOST_TEST(answer.get("name") == "Пётр");
    BOOST_TEST(answer.body().find("\xF0\xA3\xD4\xD2") != std::string_view::npos);  // body() is the wire's
}

BOOST_AUTO_TEST_CASE(the_answer_says_which_charset_it_is_in) {
    auto client = regru::testing::make_client();  // asked for UTF-8
    // The Content-Type says otherwise.
    client.transport().answer_with(answer_in(enc::from_utf8(enc::charset::cp1251, R"({"result":"success","answer":{"x":"Щ"}})"),
                                             "text/plain; charset=windows-1251"));
    BOOST_TEST(client.nop().get("x") == "Щ");
    // The envelope's charset field says otherwise.
    client.transport().answer_with(answer_in(enc::from_utf8(enc::charset::cp866, R"({"charset":"ibm866","result":"success","answer":{"x":"╬Ж"}})"),
                                             "text/plain"));
    BOOST_TEST(client.nop().get("x") == "╬Ж");
}

BOOST_AUTO_TEST_CASE(bytes_the_charset_lacks_make_a_bad_answer) {
    auto client = regru::testing::make_client(with_charset("cp1251"));
    client.transport().answer_with(answer_in("{\"result\":\"success\",\"answer\":{\"x\":\"\x98\"}}", "text/plain"));
    auto answer = client.nop();
    BOOST_TEST(answer.kind() == api::outcome::bad_answer);
    BOOST_TEST(answer.error_text() == "the answer is not valid cp1251: byte 0x98 (at offset 35) is not a character of cp1251");
}

BOOST_AUTO_TEST_CASE(credentials_the_charset_lacks_are_refused_before_sending) {
    auto opts = with_charset("koi8-r");
    opts.username = "user€";
    BOOST_TEST(refusal([&] { regru::testing::make_client(opts); }) ==
               "The username has a character that koi8-r cannot represent (U+20AC cannot be written in koi8-r (at byte 4))");
    opts = with_charset("koi8-r");
    opts.password = "pass€word";
    std::string message = refusal([&] { regru::testing::make_client(opts); });
    BOOST_TEST(message == "The password has a character that koi8-r cannot represent");
    opts = with_charset("utf8");
    opts.password = "bad\xFFpassword";
    BOOST_TEST(refusal([&] { regru::testing::make_client(opts); }) == "The password is not valid UTF-8");
    // A change of charset is refused when the credentials do not fit it, and changes nothing.
    opts = regru::testing::test_options();
    opts.username = "user€";
    auto client = regru::testing::make_client(opts);
    BOOST_CHECK_THROW(client.set_io_encoding("koi8-r"), api::usage_error);
    client.nop();
    BOOST_TEST(!client.transport().last().field("io_encoding"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_parameters_are_refused_before_sending) {
    for (const char* charset : {"utf8", "cp1251"}) {
        auto client = regru::testing::make_client(with_charset(charset));
        std::string message = refusal([&] { client.nop({{"text", "ok\xC3"}}); });
        BOOST_TEST(message == "The parameters are not valid UTF-8 (byte 11 of input_data): nothing was sent", charset);
        BOOST_TEST(client.transport().count() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(fixed_policies_send_their_charset_and_refuse_another) {
    using cp866_client = api::basic_client<regru::mocks::capture_transport, api::json_codec, api::no_rate_limit,
                                           api::encodings::cp866>;
    cp866_client client(regru::testing::test_options());
    client.nop({{"box", "╔═╗"}});
    BOOST_TEST(*client.transport().last().field("io_encoding") == "cp866");
    BOOST_TEST(*client.transport().last().field("input_data") == "{\"box\":\"\xC9\xCD\xBB\"}");
    BOOST_TEST(refusal([&] { client.set_io_encoding("koi8-u"); }) ==
               "io_encoding koi8-u contradicts the client's Encoding policy, which is cp866");
    client.set_io_encoding("cp866");
    BOOST_TEST((client.charset() == enc::charset::cp866));
}

BOOST_AUTO_TEST_SUITE_END()
