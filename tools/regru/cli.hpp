// The `regru` command-line tool: one REG.API call per run. See docs/cli.md.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace regru::cli {

// Exit statuses.
enum exit_status : int {
    exit_success = 0,
    exit_api_error = 1,        // the service answered with an error
    exit_usage = 2,            // unknown option, bad PARAMS, bad option value
    exit_service_failure = 3,  // no answer, an HTTP status other than 200, an unusable answer
    exit_item_errors = 4,      // a write or charges call succeeded, but some of its items failed
};

int run(std::span<const std::string_view> args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace regru::cli
