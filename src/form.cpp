#include <regru/api/errors.hpp>
#include <regru/api/form.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>

namespace regru::api {
namespace {

const boost::urls::encoding_opts form_encoding{/*space_as_plus=*/true};

}  // namespace

std::size_t form_encoded_size(std::string_view value) noexcept {
    return boost::urls::encoded_size(value, boost::urls::unreserved_chars, form_encoding);
}

void append_form_encoded(std::string& out, std::string_view value) {
    std::size_t size = form_encoded_size(value);
    std::size_t start = out.size();
    out.resize(start + size);
    boost::urls::encode(out.data() + start, size, value, boost::urls::unreserved_chars,
                        form_encoding);
}

void append_form_field(std::string& out, std::string_view name, std::string_view value) {
    if (!out.empty()) out.push_back('&');
    append_form_encoded(out, name);
    out.push_back('=');
    append_form_encoded(out, value);
}

form_fields parse_form(std::string_view body) {
    if (auto checked = boost::urls::parse_query(body); !checked) {
        throw usage_error("the body is not application/x-www-form-urlencoded: " +
                          checked.error().message());
    }
    form_fields fields;
    for (const auto& field : boost::urls::params_view(body, form_encoding)) {
        fields.emplace_back(field.key, field.value);
    }
    return fields;
}

const std::string* find_field(const form_fields& fields, std::string_view name) noexcept {
    auto found = std::find_if(fields.begin(), fields.end(),
                              [&](const auto& field) { return field.first == name; });
    return found == fields.end() ? nullptr : &found->second;
}

}  // namespace regru::api
