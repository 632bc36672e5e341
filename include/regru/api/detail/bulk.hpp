// Lists of any length: a call whose list holds more items than one request may carry is split
// into requests of at most options::max_items_per_request items, sent in order, each through
// the seam like any call (limits, retries, observers), and their answers merged into one
// response in the original order (docs/domains.md).
#pragma once

#include <regru/api/method.hpp>
#include <regru/api/params.hpp>
#include <regru/api/response.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace regru::api::detail {

class bulk_split {
public:
    // How `sent` is split, or nullopt when it fits in one request. Throws usage_error when
    // more than one of the method's lists is too long (which would be ambiguous to split).
    static std::optional<bulk_split> of(const method_ref& method, const params& sent, std::size_t max_items);

    std::size_t requests() const noexcept { return (items().size() + max_items_ - 1) / max_items_; }
    // The parameters of request `index`: those of the call, with its slice of the list.
    params request(std::size_t index) const;

    std::string_view list() const noexcept { return list_; }
    const boost::json::array& items() const noexcept { return (*sent_).at(list_).get_array(); }
    std::size_t first_item(std::size_t request) const noexcept { return request * max_items_; }

private:
    bulk_split(const params& sent, std::string_view list, std::size_t max_items) noexcept
        : sent_(&sent), list_(list), max_items_(max_items) {}

    const params* sent_;
    std::string_view list_;
    std::size_t max_items_;
};

// Gathers the answers to a split call's requests, in order.
class bulk_merge {
public:
    explicit bulk_merge(const bulk_split& split) noexcept : split_(&split) {}

    // Takes the answer to the next request; false when the call stops here (it failed).
    bool add(response&& answer);
    // The call's one response (see response::bulk()).
    response finish() &&;

private:
    const bulk_split* split_;
    std::optional<response> merged_;  // the first answer, with the later ones' lists appended
    std::optional<response> failed_;
    std::size_t succeeded_ = 0;
};

}  // namespace regru::api::detail
