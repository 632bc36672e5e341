#include <regru/codecs/json_codec.hpp>

#include <boost/json/parser.hpp>
#include <boost/json/serializer.hpp>

#include <cctype>

namespace regru::api {
namespace {

// REG.API answers nest a handful of levels; this only stops a hostile answer.
constexpr std::size_t max_answer_depth = 64;
constexpr std::size_t preview_length = 40;

// The start of a body, printable, to help recognise an HTML error page or a proxy's answer.
std::string preview(std::string_view body) {
    std::string text;
    for (unsigned char c : body.substr(0, preview_length)) {
        text.push_back(std::isprint(c) ? static_cast<char>(c) : '.');
    }
    return body.size() > preview_length ? text + "..." : text;
}

}  // namespace

void json_codec::write_params(const params& input, std::string& out) const {
    boost::json::serializer serializer;
    serializer.reset(&input);
    while (!serializer.done()) {
        std::size_t start = out.size();
        out.resize(start + 512);
        auto written = serializer.read(out.data() + start, 512);
        out.resize(start + written.size());
    }
}

parsed_body json_codec::parse(std::string_view body) const {
    if (body.empty()) return {{}, "the answer is empty (0 bytes)"};
    unsigned char stack_buffer[1024];
    boost::json::parse_options opts;
    opts.max_depth = max_answer_depth;
    boost::json::parser parser({}, opts, stack_buffer);
    boost::json::error_code ec;
    std::size_t consumed = parser.write(body.data(), body.size(), ec);
    if (ec) {
        return {{},
                "the answer is not valid JSON (" + ec.message() + " at byte " +
                    std::to_string(consumed) + " of " + std::to_string(body.size()) +
                    "; it starts with \"" + preview(body) + "\")"};
    }
    return {parser.release(), {}};
}

}  // namespace regru::api
