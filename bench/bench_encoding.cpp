// The charset converters against glibc's iconv(3), in the same run: each charset, both
// directions, on a mixed Cyrillic/ASCII corpus shaped like REG.API data (contacts, addresses,
// descriptions inside JSON). Prints MB/s of input and the ratio to iconv.
//
//   bench_encoding [MEGABYTES]     corpus size, default 4
#include <regru/encoding.hpp>

#include <iconv.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace enc = regru::encoding;

namespace {

std::string make_corpus(std::size_t bytes) {
    const char* people[] = {"Иванов Иван Иванович", "Петрова Мария Сергеевна", "Сидоренко Олег Петрович",
                            "Кузнецова Анна", "ООО Ромашка"};
    const char* streets[] = {"ул. Ленина", "пр-т Мира", "Садовая улица", "наб. Обводного канала", "пер. Тихий"};
    const char* notes[] = {"Хостинг для интернет-магазина, тариф Host-2", "Продление домена на 1 год",
                           "Смена DNS-серверов по просьбе клиента", "Перенос сайта без простоя",
                           "SSL-сертификат для поддоменов"};
    std::string corpus;
    for (unsigned i = 0; corpus.size() < bytes; ++i) {
        corpus += "{\"service_id\":\"" + std::to_string(1000000 + i) + "\",\"dname\":\"test" + std::to_string(i % 977) +
                  ".ru\",\"person\":\"" + people[i % 5] + "\",\"address\":\"г. Москва, " + streets[(i / 5) % 5] +
                  ", д. " + std::to_string(i % 120 + 1) + "\",\"descr\":\"" + notes[(i / 25) % 5] +
                  "\",\"servtype\":\"srv_hosting_ispmgr\",\"state\":\"A\"},\n";
    }
    return corpus;
}

const char* iconv_name(enc::charset set) {
    switch (set) {
        case enc::charset::cp1251: return "CP1251";
        case enc::charset::koi8_r: return "KOI8-R";
        case enc::charset::koi8_u: return "KOI8-U";
        default: return "IBM866";
    }
}

// iconv over the whole input in one call, into an output buffer made once: iconv at its best.
class iconv_converter {
public:
    iconv_converter(const char* to, const char* from) : cd_(iconv_open(to, from)) {
        if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open failed");
    }
    ~iconv_converter() { iconv_close(cd_); }
    std::size_t convert(const std::string& input, std::string& output) {
        output.resize(input.size() * 3);
        iconv(cd_, nullptr, nullptr, nullptr, nullptr);
        char* in = const_cast<char*>(input.data());
        char* out = output.data();
        std::size_t in_left = input.size(), out_left = output.size();
        if (iconv(cd_, &in, &in_left, &out, &out_left) == static_cast<std::size_t>(-1)) {
            throw std::runtime_error("iconv refused the corpus");
        }
        return output.size() - out_left;
    }

private:
    iconv_t cd_;
};

// The median, over rounds of about 0.2 s, of the input megabytes per second.
double megabytes_per_second(std::size_t input_bytes, const std::function<std::size_t()>& convert) {
    std::vector<double> rates;
    volatile std::size_t sink = 0;
    for (int round = 0; round < 7; ++round) {
        int repeats = 0;
        auto start = std::chrono::steady_clock::now();
        double elapsed = 0;
        do {
            sink = sink + convert();
            ++repeats;
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        } while (elapsed < 0.2);
        rates.push_back(static_cast<double>(input_bytes) * repeats / elapsed / 1e6);
    }
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t megabytes = argc > 1 ? static_cast<std::size_t>(std::atol(argv[1])) : 4;
    const std::string utf8 = make_corpus(megabytes << 20);
    std::size_t non_ascii = static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) { return c & 0x80; }));
    std::printf("corpus: %.1f MB of UTF-8, %.0f%% of its bytes outside ASCII\n\n", static_cast<double>(utf8.size()) / 1e6,
                100.0 * static_cast<double>(non_ascii) / static_cast<double>(utf8.size()));
    std::printf("%-8s %-14s %12s %12s %8s\n", "charset", "direction", "regru MB/s", "iconv MB/s", "ratio");
    std::string out;
    for (auto set : {enc::charset::cp1251, enc::charset::koi8_r, enc::charset::koi8_u, enc::charset::cp866}) {
        const std::string wire = enc::from_utf8(set, utf8);
        iconv_converter to_wire(iconv_name(set), "UTF-8"), to_text("UTF-8", iconv_name(set));
        if (to_wire.convert(utf8, out) != wire.size() || out.compare(0, wire.size(), wire) != 0) {
            std::fprintf(stderr, "iconv and regru disagree on %s\n", std::string(enc::name(set)).c_str());
            return 1;
        }
        double ours = megabytes_per_second(utf8.size(), [&] { out.clear(); enc::from_utf8(set, utf8, out); return out.size(); });
        double theirs = megabytes_per_second(utf8.size(), [&] { return to_wire.convert(utf8, out); });
        std::printf("%-8s %-14s %12.0f %12.0f %7.1fx\n", std::string(enc::name(set)).c_str(), "UTF-8 -> set", ours, theirs, ours / theirs);
        ours = megabytes_per_second(wire.size(), [&] { out.clear(); enc::to_utf8(set, wire, out); return out.size(); });
        theirs = megabytes_per_second(wire.size(), [&] { return to_text.convert(wire, out); });
        std::printf("%-8s %-14s %12.0f %12.0f %7.1fx\n", std::string(enc::name(set)).c_str(), "set -> UTF-8", ours, theirs, ours / theirs);
    }
    return 0;
}
