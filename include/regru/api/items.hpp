// Per-item results. Many methods take a list of domains, services or bills and answer for each
// item: a call can succeed at the top while single items failed, and checking only the top
// has cost users their DNS records. item_results makes every item's outcome visible.
#pragma once

#include <regru/api/method.hpp>
#include <regru/api/params.hpp>
#include <regru/api/value.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace regru::api {

class response;

// The parameters that carry a method's list of items: {"domains", "services"} for
// item_list::services, {"domains"}, {"bills"}, or none.
std::span<const std::string_view> list_params(item_list kind) noexcept;

// Throws usage_error, before anything is sent, when a list `method` takes is present in
// `input` but is not a JSON array, or (domains, services) holds an item that is not an object.
void check_item_lists(const method_ref& method, const params& input);

// The value at `path` under `root`: "domains/0/service_id" walks object keys and array indices
// separated by '/'. Null when any step is missing.
const boost::json::value& value_at(const boost::json::value& root, std::string_view path) noexcept;

// One item of an answer's list, as the service answered it.
class item_result {
public:
    item_result(const boost::json::object& item, std::string_view list, std::size_t index) noexcept
        : item_(&item), list_(list), index_(index) {}

    // Which list it came from ("domains") and its place there (0-based).
    std::string_view list() const noexcept { return list_; }
    std::size_t index() const noexcept { return index_; }

    // Who the item is: its dname, domain_name, service_id, bill_id or id, the first present,
    // as text; empty when the service named none (an item that failed early may not).
    std::string id() const;
    // Its "result" as sent: "success", "Available", an error text, ...; empty when absent.
    std::string_view result() const noexcept;
    // Empty when the item did not fail.
    std::string_view error_code() const noexcept;
    // The item's error_text; else, for a failed item, its result (domain/check puts the text
    // there); empty when the item did not fail.
    std::string_view error_text() const noexcept;
    // Failed: it has an error_code, its result is "error", or an action of its action_list
    // (zone/update_records) failed.
    bool failed() const noexcept;

    // The whole item, and a field of it read tolerantly (value_as), at a path as value_at.
    const boost::json::object& item() const noexcept { return *item_; }
    const boost::json::value& get(std::string_view path) const noexcept;
    template <readable_value T>
    std::optional<T> get(std::string_view path) const {
        return value_as<T>(get(path), path);
    }

private:
    const boost::json::object* item_;
    std::string_view list_;
    std::size_t index_;
};

// The items of an answer: those of answer.domains, answer.services and answer.bills, in that
// order, each list in the service's order. A view: the answer must outlive it.
class item_results {
public:
    explicit item_results(const boost::json::value& answer);
    // The items of the response's answer. For a bulk call that stopped early, the items of the
    // requests that were answered (response::bulk()).
    explicit item_results(const response& answer);
    // A view of a temporary would dangle at once.
    explicit item_results(boost::json::value&&) = delete;
    explicit item_results(response&&) = delete;

    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }
    const item_result& operator[](std::size_t i) const noexcept { return items_[i]; }

    // Whether no item failed (true when there are none).
    bool all_succeeded() const noexcept;
    // The items that failed, in order.
    std::vector<item_result> failed() const;

private:
    std::vector<item_result> items_;
};

}  // namespace regru::api
