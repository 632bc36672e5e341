// The parameters of a call: one JSON object, sent as the `input_data` field.
#pragma once

#include <boost/json/object.hpp>

namespace regru::api {

using params = boost::json::object;

}  // namespace regru::api
