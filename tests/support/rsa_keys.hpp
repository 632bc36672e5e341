// Keys for the signing tests, made at test time by the `openssl` command-line tool (Debian's
// openssl package), which is also the independent check of what regru::signing signs.
#pragma once

#include "support/child_process.hpp"
#include "support/temp_folder.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace regru::testing {

// `openssl` with `args`; throws with its standard error unless it exits 0.
inline run_result run_openssl(const std::vector<std::string>& args, const std::string& input = "",
                              const Poco::Process::Env& env = {}) {
    auto result = run_program("/usr/bin/openssl", args, input, env);
    if (result.status != 0) throw std::runtime_error("openssl " + args.at(0) + " failed: " + result.err);
    return result;
}

// A fresh RSA-2048 key pair in a temporary folder, and other keys made from it or beside it
// on demand.
class rsa_keys {
public:
    inline static const std::string passphrase = "c0rrect-h0rse";

    rsa_keys() {
        run_openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", private_key().string()});
        run_openssl({"pkey", "-in", private_key().string(), "-pubout", "-out", public_key().string()});
    }

    std::filesystem::path private_key() const { return folder_ / "private.pem"; }
    std::filesystem::path public_key() const { return folder_ / "public.pem"; }
    const temp_folder& folder() const { return folder_; }

    // The private key encrypted (AES-256-CBC, PKCS#8) with `passphrase`.
    std::filesystem::path encrypted_key() const {
        auto file = folder_ / "encrypted.pem";
        run_openssl({"pkey", "-in", private_key().string(), "-aes-256-cbc", "-passout", "env:REGRU_TEST_PASS", "-out",
                     file.string()},
                    "", {{"REGRU_TEST_PASS", passphrase}});
        return file;
    }

    // An EC key (P-256), which RSA signatures cannot use.
    std::filesystem::path ec_key() const {
        auto file = folder_ / "ec.pem";
        run_openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file.string()});
        return file;
    }

private:
    temp_folder folder_;
};

}  // namespace regru::testing
