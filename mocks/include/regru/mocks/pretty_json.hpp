// JSON laid out as the recordings files are (recordings.hpp), for files that people review and
// commit: the recorder writes with it, and so can your own tools.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>

namespace regru::mocks {

// `value` with two spaces of indentation a level, one member or item a line, `"key": value`,
// empty objects and arrays as {} and [], strings as Boost.JSON writes them (UTF-8 kept as it
// is), and a double always with a fraction or an exponent so that it reads back as a double
// (225.0, not 225 or 2.25E2). Deterministic: the same value always gives the same text. `level`
// is the indentation of the line the value starts on; the text ends without a newline.
std::string pretty_json(const boost::json::value& value, std::size_t level = 0);

// The same, appended to `out`.
void append_pretty_json(std::string& out, const boost::json::value& value, std::size_t level = 0);

}  // namespace regru::mocks
