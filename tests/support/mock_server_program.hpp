// The regru-mock-server program run by a test (which defines REGRU_MOCK_SERVER_PATH), its
// standard output and error on pipes.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

namespace regru::testing {

class mock_server_program {
public:
    explicit mock_server_program(const std::vector<std::string>& args)
        : process(Poco::Process::launch(REGRU_MOCK_SERVER_PATH, args, nullptr, &out, &err)) {}
    mock_server_program(const mock_server_program&) = delete;
    mock_server_program& operator=(const mock_server_program&) = delete;

    // The port of the endpoint it prints first; 0 when it prints none.
    std::uint16_t port() {
        Poco::PipeInputStream from_server(out);
        std::string line;
        std::getline(from_server, line);
        if (!line.starts_with("endpoint: http://127.0.0.1:")) return 0;
        return static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
    }
    // Stops it with SIGTERM; its exit status.
    int stop() {
        ::kill(process.id(), SIGTERM);
        return process.wait();
    }
    // Its standard error, once it has ended.
    std::vector<std::string> err_lines() { return lines_of(err); }
    // The rest of its standard output, once it has ended.
    std::vector<std::string> out_lines() { return lines_of(out); }

    Poco::Pipe out, err;
    Poco::ProcessHandle process;

private:
    static std::vector<std::string> lines_of(Poco::Pipe& pipe) {
        Poco::PipeInputStream from_server(pipe);
        std::vector<std::string> lines;
        for (std::string line; std::getline(from_server, line);) lines.push_back(line);
        return lines;
    }
};

}  // namespace regru::testing
