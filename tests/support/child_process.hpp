// Runs another program to its end, for tests that drive the library or the mock server from
// outside: its exit status and what it wrote.
#pragma once

#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <boost/json/parse.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace regru::testing {

struct run_result {
    int status = -1;
    std::string out, err;

    boost::json::value json_out() const { return boost::json::parse(out); }
};

// `program` run with `args`, `input` on its standard input and `env` added to the environment.
// Its outputs are read one after the other: for programs that write little to stderr.
inline run_result run_program(const std::string& program, const std::vector<std::string>& args,
                              const std::string& input = "", const Poco::Process::Env& env = {}) {
    Poco::Pipe in, out, err;
    auto handle = Poco::Process::launch(program, args, ".", &in, &out, &err, env);
    {
        Poco::PipeOutputStream to_program(in);
        to_program << input;
    }
    in.close();
    run_result result;
    Poco::PipeInputStream from_out(out), from_err(err);
    std::ostringstream out_text, err_text;
    out_text << from_out.rdbuf();
    err_text << from_err.rdbuf();
    result.status = handle.wait();
    result.out = out_text.str();
    result.err = err_text.str();
    return result;
}

}  // namespace regru::testing
