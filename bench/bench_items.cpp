// Per-item results and lists of any length, beside what they are compared with, in one run:
//  - the per-item view (item_results, and failed() over it) of a 1000-item domain/check answer,
//    beside parsing that answer with boost::json::parse;
//  - a 10,000-domain domain/check split into ten requests and merged into one response, beside
//    the same ten requests of 1000 made one by one, over a transport that answers each request
//    at once with 1000 items (bench_call's), so that the figures are the client's own work.
// Prints medians of interleaved rounds, per answer or call, and per item.
//
//   bench_items [ROUNDS]     default 5
#include <regru/api/basic_client.hpp>
#include <regru/api/items.hpp>
#include <regru/codecs/json_codec.hpp>

#include "fixed_answer.hpp"
#include "measure.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <iostream>

namespace api = regru::api;
namespace bench = regru::bench;
namespace json = boost::json;

namespace {

using bench_client = api::basic_client<bench::fixed_answer_transport, api::json_codec>;

std::string name_of(std::size_t i) { return "domain-" + std::to_string(i) + ".ru"; }

// A domain/check envelope of `count` items, one in ten taken, the last of them too (so that
// nothing stops a walk over the items early).
std::string check_answer(std::size_t count) {
    json::array items;
    for (std::size_t i = 0; i < count; ++i) {
        json::object item{{"dname", name_of(i)}, {"result", "Available"}};
        if (i % 10 == 9) {
            item["result"] = "Domain already exists, use whois service";
            item["error_code"] = "DOMAIN_ALREADY_EXISTS";
        }
        items.push_back(std::move(item));
    }
    return json::serialize(json::object{{"result", "success"}, {"answer", {{"domains", std::move(items)}}}});
}

api::params check_of(std::size_t first, std::size_t count) {
    json::array list;
    for (std::size_t i = first; i < first + count; ++i) list.push_back(json::object{{"dname", name_of(i)}});
    return {{"domains", std::move(list)}};
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
    if (rounds < 1) {
        std::cerr << "usage: bench_items [ROUNDS]\n";
        return 2;
    }
    const std::string body = check_answer(1000);
    const json::value parsed = json::parse(body);
    const json::value& check = parsed.at("answer");
    auto transport = bench::answering_nop();
    transport.answer.body = body;
    auto client = std::make_shared<bench_client>(bench::test_account(), transport);
    const api::params ten_thousand = check_of(0, 10'000);
    std::vector<api::params> thousands;
    for (std::size_t first = 0; first < 10'000; first += 1000) thousands.push_back(check_of(first, 1000));

    std::vector<bench::round_case> cases;
    cases.push_back(bench::case_of("parse a 1000-item answer", [&] { return json::parse(body).is_object(); }, 400));
    cases.push_back(bench::case_of("item view of it: every item judged", [&] {
        std::size_t failed = 0;
        for (const auto& item : api::item_results(check)) failed += item.failed() ? 1 : 0;
        return failed == 100;
    }, 400, 0));
    cases.push_back(bench::case_of("item view of it: failed(), with their ids", [&] {
        std::size_t ids = 0;
        for (const auto& item : api::item_results(check).failed()) ids += item.id().size();
        return ids > 0;
    }, 400, 0));
    cases.push_back(bench::case_of("ten calls of 1000 domains, one by one", [&] {
        bool ok = true;
        for (const auto& part : thousands) ok = client->domain().check(part).is_success() && ok;
        return ok;
    }, 20));
    cases.push_back(bench::case_of("one call of 10,000 domains, split+merged", [&] {
        auto answer = client->domain().check(ten_thousand);
        return answer.is_success() && answer.get("domains").as_array().size() == 10'000;
    }, 20, 3));
    bench::run_rounds(cases, rounds);
    bench::print_medians(cases, rounds, "the case it is compared with (parse; ten calls)");
    // CPU us per answer of 1000 items is ns per item.
    std::printf("\nCPU per item: the view %.1f ns (judging each) and %.1f ns (failed, with ids), parsing %.1f ns; "
                "10,000 domains split and merged %.2f us, in ten calls one by one %.2f us\n",
                bench::median(cases[1].cpu_us), bench::median(cases[2].cpu_us), bench::median(cases[0].cpu_us),
                bench::median(cases[4].cpu_us) / 10'000, bench::median(cases[3].cpu_us) / 10'000);
    for (const auto& c : cases) {
        if (c.failed > 0) std::printf("%s: %ld calls failed\n", c.label.c_str(), c.failed);
    }
    return 0;
}
