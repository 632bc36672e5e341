// REG.API's answers in output_format=xml, as the service writes them (Perl's XML::Simple):
//
//   <opt charset="utf-8" result="success">
//     <answer login="test" user_id="0" />
//   </opt>
//
// The envelope is the element "opt"; in every object the scalars are attributes and the
// objects and arrays elements named by their key, each sorted by name; an array is its items
// repeated under its key (scalars as text: <leftdata>1</leftdata><leftdata>2</leftdata>).
// true and false are "1" and "0", null is "" (Perl's undef).
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace regru::mocks {

// The answer `envelope` (a JSON object, in UTF-8) as XML, in UTF-8, without an XML declaration.
std::string xml_answer(const boost::json::value& envelope);

}  // namespace regru::mocks
