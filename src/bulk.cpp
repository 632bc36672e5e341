#include <regru/api/detail/bulk.hpp>
#include <regru/api/errors.hpp>
#include <regru/api/items.hpp>

#include <iterator>

namespace regru::api::detail {
namespace {

// Moves each list of `next` to the end of the list of the same name in `into`; other fields
// keep the first request's value.
void append_lists(boost::json::value& into, boost::json::value& next) {
    auto* merged = into.if_object();
    auto* more = next.if_object();
    if (merged == nullptr || more == nullptr) return;
    for (auto& field : *more) {
        auto* list = merged->if_contains(field.key());
        if (list == nullptr) {
            merged->emplace(field.key(), std::move(field.value()));
        } else if (list->is_array() && field.value().is_array()) {
            auto& items = field.value().get_array();
            list->get_array().insert(list->get_array().end(), std::make_move_iterator(items.begin()),
                                     std::make_move_iterator(items.end()));
        }
    }
}

boost::json::value* answer_of(boost::json::value& envelope) {
    auto* object = envelope.if_object();
    return object != nullptr ? object->if_contains("answer") : nullptr;
}

}  // namespace

std::optional<bulk_split> bulk_split::of(const method_ref& method, const params& sent, std::size_t max_items) {
    std::optional<std::string_view> longest;
    for (std::string_view name : list_params(method.items)) {
        const auto* list = sent.if_contains(name);
        if (list == nullptr || !list->is_array() || list->get_array().size() <= max_items) continue;
        if (longest) {
            throw usage_error("Both '" + std::string(*longest) + "' and '" + std::string(name) + "' of " +
                              std::string(method.path) + " hold more than " + std::to_string(max_items) +
                              " items; give one list to split: nothing was sent");
        }
        longest = name;
    }
    if (!longest) return std::nullopt;
    return bulk_split(sent, *longest, max_items);
}

params bulk_split::request(std::size_t index) const {
    params out;
    out.reserve(sent_->size());
    for (const auto& field : *sent_) {
        if (field.key() != list_) {
            out.emplace(field.key(), field.value());
            continue;
        }
        const auto& all = items();
        std::size_t begin = first_item(index);
        std::size_t end = std::min(all.size(), begin + max_items_);
        out.emplace(field.key(), boost::json::array(all.begin() + static_cast<std::ptrdiff_t>(begin),
                                                    all.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    return out;
}

bool bulk_merge::add(response&& answer) {
    if (!answer.is_success()) {
        failed_.emplace(std::move(answer));
        return false;
    }
    ++succeeded_;
    if (!merged_) {
        merged_.emplace(std::move(answer));
    } else if (auto* into = answer_of(merged_->envelope_)) {
        if (auto* next = answer_of(answer.envelope_)) append_lists(*into, *next);
    }
    return true;
}

response bulk_merge::finish() && {
    auto report = std::make_shared<bulk_report>();
    report->list = split_->list();
    report->items = split_->items().size();
    report->requests = split_->requests();
    report->succeeded = succeeded_;
    if (!failed_) {
        merged_->bulk_ = std::move(report);
        return std::move(*merged_);
    }
    if (merged_) report->processed = merged_->answer();
    const auto& items = split_->items();
    report->unprocessed = boost::json::array(items.begin() + static_cast<std::ptrdiff_t>(split_->first_item(succeeded_)),
                                             items.end());
    report->failed_request_may_have_reached = classify(*failed_) == attempt_class::may_have_reached;
    failed_->bulk_ = std::move(report);
    return std::move(*failed_);
}

}  // namespace regru::api::detail
