// The cost of IDN names: regru::idn::to_ascii and to_unicode per name, for ASCII names, IDN
// names and a mix of both, beside libidn2's own idn2_to_ascii_8z on the whole name (what our
// checks add: one libidn2 call per label, the host-name and script checks, the decoding the
// script check needs). Medians of interleaved rounds, in nanoseconds per name.
//
//   bench_idn [NAMES_PER_ROUND] [ROUNDS]     default 200000 and 7
#include <regru/idn/idn.hpp>

#include "measure.hpp"

#include <idn2.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace idn = regru::idn;
using regru::bench::median;
using regru::bench::round_case;

namespace {

const std::vector<std::string> ascii_names = {"example.com", "test.ru", "my-shop-2024.net", "reg.ru"};
const std::vector<std::string> idn_names = {"пример.рф", "интернет-магазин.рус", "київ.укр", "straße.de"};

std::vector<std::string> mixed_names() {
    std::vector<std::string> all = ascii_names;
    all.insert(all.end(), idn_names.begin(), idn_names.end());
    return all;
}

std::vector<std::string> ascii_forms(const std::vector<std::string>& names) {
    std::vector<std::string> forms;
    for (const auto& name : names) forms.push_back(idn::to_ascii(name));
    return forms;
}

// A case that converts the names in turn, one per call.
template <class Convert>
round_case cycling(std::string label, std::vector<std::string> names, long calls, Convert convert) {
    round_case measured;
    measured.label = std::move(label);
    measured.call = [names = std::move(names), next = std::size_t{0}, convert]() mutable {
        return !convert(names[next++ % names.size()]).empty();
    };
    measured.calls = calls;
    return measured;
}

std::string libidn2_to_ascii(const std::string& name) {
    char* output = nullptr;
    int status = idn2_to_ascii_8z(name.c_str(), &output, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    std::string result = status == IDN2_OK ? output : "";
    idn2_free(output);
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    long calls = argc > 1 ? std::atol(argv[1]) : 200'000;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
    auto to_ascii = [](const std::string& n) { return idn::to_ascii(n); };
    auto to_unicode = [](const std::string& n) { return idn::to_unicode(n); };
    std::vector<round_case> cases = {
        cycling("to_ascii, ASCII names", ascii_names, calls, to_ascii),
        cycling("to_ascii, IDN names", idn_names, calls, to_ascii),
        cycling("to_ascii, half and half", mixed_names(), calls, to_ascii),
        cycling("libidn2 alone, half and half", mixed_names(), calls, libidn2_to_ascii),
        cycling("to_unicode, ASCII names", ascii_names, calls, to_unicode),
        cycling("to_unicode, IDN names in ASCII form", ascii_forms(idn_names), calls, to_unicode),
        cycling("to_unicode, half and half", ascii_forms(mixed_names()), calls, to_unicode),
    };
    regru::bench::run_rounds(cases, rounds);
    std::printf("\nmedians over %d rounds of %ld names; ASCII: %zu names like %s, IDN: %zu like %s\n", rounds, calls,
                ascii_names.size(), ascii_names[0].c_str(), idn_names.size(), idn_names[0].c_str());
    std::printf("%-40s %12s %12s\n", "case", "wall ns/name", "CPU ns/name");
    for (const auto& c : cases) {
        std::printf("%-40s %12.0f %12.0f\n", c.label.c_str(), median(c.wall_us) * 1000, median(c.cpu_us) * 1000);
    }
    return 0;
}
