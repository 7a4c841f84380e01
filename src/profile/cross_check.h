// Cross-verification ("soft information made hard"): compares what an
// enterprise's independent sources say about the same activity and turns
// disagreements into flags with a severity and a 0-100 consistency score.
//
// Checks over the twelve months up to the as-of month (fewer when the
// enterprise is younger); months after the as-of month are ignored, so a
// later correction can never change an earlier verdict:
//   tax_base_below_invoices    VAT tax base < 80% of invoiced sales (severe < 60%)
//   invoices_above_inflows     invoiced sales > 120% of bank, POS and e-commerce inflows
//   self_declared_revenue_high self-declared annual revenue > 130% of the last
//                              twelve months' inflows, annualised (severe > 200%)
//   headcount_below_declared   social-insurance headcount < 50% of declared employees
//   utilities_diverge          electricity and sales move apart: half-year
//                              growth differs by more than 50 points
//   missing_months             months absent since the first reported one
// Score: 100 less 2 per info, 10 per warning, 25 per severe flag, floored at 0.
// Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smecredit::profile {

struct MonthFigures {
  int32_t month_index = 0;  // year * 12 + month - 1
  int64_t invoiced_sales_fen = 0;
  int64_t tax_base_fen = 0;
  int64_t inflows_fen = 0;  // POS + e-commerce + transfers
  int64_t electricity_kwh = 0;
  int64_t si_headcount = 0;
};

struct CrossCheckInputs {
  std::vector<MonthFigures> months;  // any order; duplicates keep the first
  int64_t declared_employees = 0;
  int64_t self_declared_annual_revenue_fen = 0;
  int32_t self_declared_month_index = -1;  // as in EnterpriseHistory
};

enum class Severity { kInfo, kWarning, kSevere };

struct Flag {
  std::string code;
  Severity severity;
  std::string detail;  // figures only, no personal data
};

struct CrossCheck {
  std::vector<Flag> flags;
  int consistency_score = 100;
};

CrossCheck cross_verify(const CrossCheckInputs& inputs, int32_t as_of_month_index);

const char* severity_name(Severity severity);

}  // namespace smecredit::profile
