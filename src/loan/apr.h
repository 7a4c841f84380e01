// APR: the annualised all-in cost of a loan from its actual cash flows.
//
// compute_apr() solves the actuarial equation of US Regulation Z, Appendix J,
// (b)(8) for the periodic rate i:
//   sum over flows  amount / ((1 + f * i) * (1 + i)^t) = 0,
// where t is the number of whole unit periods and f the fraction of one from
// the first flow's date to the flow's date (Appendix J (b)(5): whole periods
// are counted back from the flow's date, the rest is the fraction). It then
// reports the rate both ways the PBoC announcement [2021] No. 3 allows:
//   nominal (单利)   = i * unit periods a year
//   effective (复利) = (1 + i)^(unit periods a year) - 1
// Flows are signed from the borrower's side of the lender's books: money lent
// (net of upfront fees) is negative, repayments (with their fees) positive.
//
// Floating point is used here and only here (the IRR is irrational in
// general); the solver is a deterministic bisection, so a run always gives the
// same digits. Money in the flows stays exact until it enters the equation.
//
// Thread-safety: pure functions.
//
// Example (the PBoC's example: 100,000 lent, 1,000 fee, 12 x 8,833.30):
//   std::vector<CashFlow> flows = {{parse_date("2021-01-01").value(),
//                                   Money::parse("-99000.00", kCny).value()}, ...};
//   AprResult apr = compute_apr(flows, parse_unit_period("monthly").value()).value();
//   apr.nominal_annual_rate;     // 0.12804 -> 12.80%
//   apr.effective_annual_rate;   // 0.13583 -> 13.58%
//   check_apr_cap(apr, kDefaultAprCap);   // ok: under 24%
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"

namespace smecredit::loan {

enum class UnitPeriodKind {
  kDaily,
  kWeekly,
  kBiweekly,
  kSemimonthly,
  kMonthly,
  kQuarterly,
  kYearly,
  kDays,  // a fixed number of days, "days:N"
};

struct UnitPeriod {
  UnitPeriodKind kind = UnitPeriodKind::kMonthly;
  int days = 0;  // only for kDays: N in 1..366

  // 12 for monthly, 365 / N for days:N.
  double periods_per_year() const;
};

// "daily", "weekly", "biweekly", "semimonthly", "monthly", "quarterly",
// "yearly" or "days:N".
Result<UnitPeriod> parse_unit_period(std::string_view text);

// Whole unit periods and the odd fraction between two dates (from <= to).
struct UnitPeriodOffset {
  int64_t whole = 0;
  double fraction = 0;  // odd days / days in a unit (30 a month): 0 up to 1
};
UnitPeriodOffset unit_periods_between(Date from, Date to, UnitPeriod unit);

struct CashFlow {
  Date date;
  Money amount;  // negative: money to the borrower; positive: repayments
};

struct AprResult {
  double periodic_rate = 0;          // i, per unit period
  double nominal_annual_rate = 0;    // 单利, i * periods a year
  double effective_annual_rate = 0;  // 复利, (1 + i)^periods a year - 1
};

inline constexpr size_t kMaxCashFlows = 10'000;

// Fails (kInvalidArgument) for no flows, more than kMaxCashFlows, dates out
// of order, mixed currencies, or flows without both signs; kOutOfRange when
// no rate between -99% and 10^8% per unit period solves the equation.
Result<AprResult> compute_apr(const std::vector<CashFlow>& flows, UnitPeriod unit);

// The default all-in APR cap (24%), as a fraction.
inline const Decimal kDefaultAprCap = Decimal::from_parts(24, 2);

// Ok when the nominal APR (rounded half-up to 4 decimal places, the
// precision it is disclosed with) is at most `cap`; otherwise kOutOfRange
// naming both, e.g. "APR 25.34% exceeds the cap of 24.00%".
Status check_apr_cap(const AprResult& apr, const Decimal& cap);

}  // namespace smecredit::loan
