// docs/signing.md's example: a client whose every call carries sig.
#include <regru/api.hpp>
#include <regru/signing/rsa_signer.hpp>

#include <iostream>

namespace signing = regru::signing;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: example_signing PRIVATE_KEY.pem\n";
        return 2;
    }
    regru::api::options opts{.username = "test", .password = "test"};
    opts.signer = std::make_shared<signing::rsa_signer>(
        argv[1], signing::hash::sha1, signing::passphrase_from_environment("REGRU_SIG_PASSPHRASE"));
    regru::api::client client(opts);  // every call now carries sig
    std::cout << client.nop().error_code() << '\n';
}
