// Repayment schedules: a pure function of a loan's terms.
//
// generate_schedule() turns ScheduleTerms (amount, rate, term, method,
// frequency, dates, rounding, grace) into the list of installments a borrower
// owes. Conventions follow Apache Fineract's cumulative schedule engine; the
// formulas and every deliberate divergence are in docs/loan-schedules.md.
//
// Contract:
//   - Money stays in integer minor units; rates are exact decimals. Every
//     fraction of a minor unit is rounded once, by terms.rounding.
//   - The principal of all installments sums exactly to terms.principal; the
//     last installment takes whatever rounding left. Balances never go below
//     zero. total = principal + interest + fees on every row.
//   - validate_schedule_terms() bounds every input so that no intermediate
//     value can overflow; generate_schedule() calls it first.
//   - No I/O, no clock, no global state.
//
// Thread-safety: free functions over values; safe to call concurrently.
//
// Example:
//   ScheduleTerms terms;
//   terms.principal = Money::parse("5000.00", kCny).value();
//   terms.annual_rate_percent = Decimal::from_int(12);
//   terms.installments = 18;
//   terms.start = parse_date("2022-11-01").value();
//   terms.first_due = parse_date("2022-12-01").value();
//   terms.installment_multiple = 1;                  // whole yuan
//   Result<Schedule> s = generate_schedule(terms);
//   s.value().installments[0].total.to_string();     // "305.00"
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "core/rounding.h"
#include "loan/calendar.h"
#include "loan/day_count.h"

namespace smecredit::loan {

enum class RepaymentMethod {
  kEqualInstallment,  // 等额本息: a constant installment (PMT)
  kEqualPrincipal,    // 等额本金: a constant principal part
  kFlat,              // interest on the original amount for the whole term
  kInterestFirst,     // 先息后本: interest each period, principal at the end
  kBullet,            // 到期一次还本付息: everything at the end
};

enum class Frequency { kMonthly, kQuarterly, kBiWeekly, kWeekly, kDaily };

enum class InterestMethod {
  kPerPeriod,  // balance * annual / periods a year
  kDaily,      // balance * annual * actual days / days in year
};

// "equal-installment", "equal-principal", "flat", "interest-first", "bullet".
Result<RepaymentMethod> parse_repayment_method(std::string_view text);
// "monthly", "quarterly", "bi-weekly", "weekly", "daily".
Result<Frequency> parse_frequency(std::string_view text);
// "per-period", "daily".
Result<InterestMethod> parse_interest_method(std::string_view text);

// Hard bounds of the schedule engine (products set tighter ones).
inline constexpr int64_t kMaxPrincipalMinorUnits = 1'000'000'000'000'000;  // 10^15 fen
inline constexpr int kMaxInstallments = 2000;
inline constexpr int64_t kMaxAnnualRatePercent = 100;
inline constexpr int kMaxRateFractionDigits = 6;
inline constexpr int64_t kMaxInstallmentMultiple = 1'000'000;  // major units

struct ScheduleTerms {
  Money principal;
  Decimal annual_rate_percent;  // 12 means 12% a year
  int installments = 0;
  Frequency frequency = Frequency::kMonthly;
  Date start;      // disbursement date; interest runs from here
  Date first_due;  // later installments keep its day of month (monthly, quarterly)
  // The day of month monthly and quarterly due dates keep; 0 means first_due's
  // day. Servicing sets it when a schedule is regenerated from a clamped date
  // (a loan anchored on the 31st regenerated from 30 April keeps the 31st).
  unsigned anchor_day = 0;
  RepaymentMethod method = RepaymentMethod::kEqualInstallment;
  InterestMethod interest = InterestMethod::kPerPeriod;
  DayCount day_count = DayCount::kAct365Fixed;  // daily interest's year fraction
  Rounding rounding = Rounding::kHalfEven;
  // Installments are rounded to a multiple of this many major units (1 = whole
  // yuan); 0 means no rounding beyond the minor unit.
  int64_t installment_multiple = 0;
  int grace_principal = 0;    // the first g installments pay interest only
  int grace_interest = 0;     // the first h charge no interest; it is due at h+1
  Money fee_per_installment;  // zero unless a product charges one
};

struct Installment {
  int number = 0;    // 1-based
  Date due_date;     // after any business-calendar move
  int64_t days = 0;  // from the previous due date (or start) to this one
  Money principal;
  Money interest;
  Money fees;
  Money total;    // principal + interest + fees
  Money balance;  // principal outstanding after this installment
};

struct Schedule {
  std::vector<Installment> installments;
  Money total_principal;
  Money total_interest;
  Money total_fees;
};

// The due date of period `index` (0-based) counted from `first_due`, before
// any business-calendar move: monthly and quarterly dates keep `anchor_day`
// (clamped to the month's end), the others add 14, 7 or 1 days a period.
Date period_due_date(Frequency frequency, Date first_due, unsigned anchor_day, int index);

// Checks every bound (amount, rate, term, dates, grace, multiple); an
// kInvalidArgument / kOutOfRange / kOverflow error names the bad field.
Status validate_schedule_terms(const ScheduleTerms& terms);

// The schedule for `terms`; due dates move to the next business day when a
// calendar is given (nullptr: no moves).
Result<Schedule> generate_schedule(const ScheduleTerms& terms,
                                   const BusinessCalendar* calendar = nullptr);

}  // namespace smecredit::loan
