// One redaction for everything the library shows or keeps: the interaction log, the recorder,
// debug lines and error texts. It hides values by the name of their field, at any depth of a
// JSON document, and keeps each value's JSON type so that a redacted document still reads
// (and matches) like the original. See docs/logging.md.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regru::api {

// What a hidden string becomes. With a hash key, "<redacted:1f2e3d4c>".
inline constexpr std::string_view redacted = "<redacted>";

// True for a string the redaction made: "<redacted>" or "<redacted:HASH>". Replay treats such
// a value in a recorded pattern as "any value".
bool is_redaction_marker(std::string_view text) noexcept;

// Credentials, keys, tokens, signatures and authinfo codes: fragments of field names.
std::vector<std::string> default_secret_fields();
// The personal data of contacts: passport, birth date, names, phone, fax, e-mail, postal address.
std::vector<std::string> default_personal_fields();

struct redaction_rules {
    // A field is hidden when its name contains one of these, ignoring case: "password" hides
    // "new_password" and "PASSWORD" too. Everything below a hidden field is hidden.
    std::vector<std::string> secret_fields = default_secret_fields();
    std::vector<std::string> personal_fields = default_personal_fields();
    // Whole names hidden exactly (fragments too short to match safely): "sig", "username".
    std::vector<std::string> exact_fields{"sig", "username", "code"};
    // Whole names that stay shown although a fragment above matches them (flags, addresses of
    // servers, a shop lot's keywords: not secrets, not personal data).
    std::vector<std::string> always_shown{"private_person_flag", "email_verification", "ipaddr", "ipaddr6",
                                          "mail_server", "mailtype", "key_tag", "keytag", "keywords"};
    // Allow-list mode: when set, a field is shown only when its name is listed here exactly,
    // and every other value (at any depth, in objects) is hidden. Safer for logs kept long.
    std::optional<std::vector<std::string>> only_shown{};
    // When not empty, each marker carries a short keyed hash (HMAC-SHA-1, 32 bits) of the
    // value it hides, so that equal values stay recognisably equal. Keep the key secret: a
    // short hash of a guessable value (a phone number) can be found by trying values.
    std::string hash_key{};
};

class redactor {
public:
    redactor();  // the default rules
    explicit redactor(redaction_rules rules);

    const redaction_rules& rules() const noexcept { return rules_; }

    // Whether a field of this name is hidden.
    bool hides(std::string_view field) const;

    // A copy with every hidden field's value replaced by its marker, at any depth.
    boost::json::value redact(const boost::json::value& document) const;
    boost::json::object redact(const boost::json::object& document) const;

    // The marker for one value, of the same JSON type: a string becomes "<redacted>" (with the
    // hash when keyed), a number 0 (the hash, when keyed), a boolean false, null stays null;
    // arrays and objects keep their shape with each leaf replaced. A marker stays as it is.
    boost::json::value marker(const boost::json::value& value) const;

    // Every hidden value of `document`'s strings and numbers written out, longest first: what
    // scrub() removes from free text. Values shorter than 4 characters are left out (they
    // would hide ordinary words).
    std::vector<std::string> hidden_values(const boost::json::value& document) const;
    std::vector<std::string> hidden_values(const boost::json::object& document) const;

private:
    // The rules in lower case, made once: a name is folded once per check, not once per rule.
    struct folded_rules {
        std::vector<std::string> fragments, exact, shown;
        std::optional<std::vector<std::string>> only_shown;
    };

    void collect(const boost::json::value& document, bool hidden, std::vector<std::string>& out) const;
    std::string hash_of(std::string_view text) const;

    redaction_rules rules_;
    folded_rules folded_;
};

// Adds `more` to a list of hidden values (hidden_values()), keeping it longest first.
void add_hidden_values(std::vector<std::string>& hidden, std::vector<std::string> more);

// `text` with each occurrence of a value in `secrets` replaced by "<redacted>": for free text
// (an error text, a body that is not JSON) that may quote what was sent.
std::string scrub(std::string_view text, const std::vector<std::string>& secrets);

// The same, in place, for the texts of a JSON document: the strings under a field named
// "*_text", "text" or "message" (error_text, per-item error texts), at any depth, where a
// service quotes what it was sent. Other strings are data, and a short secret ("test") would garble
// them ("test.ru").
void scrub_texts(boost::json::value& document, const std::vector<std::string>& secrets);

// `text` cut to at most `limit` bytes (at a UTF-8 boundary), with "..." when cut: user input
// quoted in an error text.
std::string clipped(std::string_view text, std::size_t limit = 80);

// True for field names the default rules hide (the default redactor's hides()).
bool is_secret_field(std::string_view name);

}  // namespace regru::api
