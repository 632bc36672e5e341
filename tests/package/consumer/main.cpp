// A program built against the installed package: the everyday client and the replay of the
// installed recordings.
#include <regru/api.hpp>
#include <regru/mocks/replay_transport.hpp>

#include <iostream>

int main() {
    regru::api::options options;
    options.username = "test";
    options.password = "test";

    regru::api::client everyday(options);  // Poco transport: linked, not used offline
    if (everyday.endpoint().empty()) return 1;

    auto recordings = regru::mocks::replay_transport::from_directory(RECORDINGS);
    regru::api::basic_client<regru::mocks::replay_transport, regru::api::json_codec> offline(options, recordings);
    auto answer = offline.nop();
    if (!answer.is_success() || answer.get<std::string>("login") != "test") {
        std::cerr << "unexpected answer: " << answer.error_code() << " " << answer.body() << '\n';
        return 1;
    }
    std::cout << "nop as " << *answer.get<std::string>("login") << '\n';
    return 0;
}
