// Helpers shared by the loan tests: terms built from readable strings.
#pragma once

#include <string_view>

#include "loan/schedule.h"

namespace smecredit::loan::testing {

inline Money yuan(std::string_view text) {
  return Money::parse(text, kCny).value();
}
inline Date day(std::string_view text) {
  return parse_date(text).value();
}

// 1,200.00 at 12% a year over 12 monthly installments from 2024-01-01.
inline ScheduleTerms simple_terms(RepaymentMethod method, int installments = 12) {
  ScheduleTerms terms;
  terms.principal = yuan("1200.00");
  terms.annual_rate_percent = Decimal::from_int(12);
  terms.installments = installments;
  terms.start = day("2024-01-01");
  terms.first_due = day("2024-02-01");
  terms.method = method;
  terms.fee_per_installment = Money::zero(kCny);
  return terms;
}

}  // namespace smecredit::loan::testing
