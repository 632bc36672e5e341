// REG.API category `bill`: Invoices: unpaid bills, payment type, deletion.
// The list below is the category's only source of truth (see methods/table.hpp).
#pragma once

#include <regru/api/methods/table.hpp>

// clang-format off
#define REGRU_API_BILL_METHODS(X) \
    X(change_pay_type, clients,  charges, bills) \
    X(delete_,         clients,  charges, bills) \
    X(get_for_period,  partners, read,    none) \
    X(get_not_payed,   clients,  read,    none) \
    X(nop,             clients,  read,    bills)
// clang-format on

namespace regru::api {

using bill_table = category_table<"bill" REGRU_API_BILL_METHODS(REGRU_API_TABLE_ENTRY)>;

template <class Client>
class bill_view : public category_view<Client, bill_table> {
public:
    using category_view<Client, bill_table>::category_view;
    REGRU_API_BILL_METHODS(REGRU_API_NAMED_METHOD)
};

}  // namespace regru::api
