#include "loan/schedule.h"

#include <algorithm>
#include <string>

#include "loan/annuity.h"

namespace smecredit::loan {

namespace {

constexpr int64_t kMaxFirstPeriodDays = 3660;
constexpr int kMaxYear = 9999;

Error invalid(const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, message};
}
Error out_of_range(const std::string& message) {
  return Error{ErrorCode::kOutOfRange, message};
}

// The annual rate as an exact fraction numerator / denominator (12% -> 12/100).
struct AnnualRate {
  int64_t numerator = 0;
  int64_t denominator = 100;
};

AnnualRate annual_rate(const ScheduleTerms& terms) {
  const Decimal percent = terms.annual_rate_percent.normalized();
  return {percent.mantissa(), static_cast<int64_t>(100 * power_of_ten(percent.scale()))};
}

int64_t periods_per_year(const ScheduleTerms& terms) {
  switch (terms.frequency) {
    case Frequency::kMonthly:
      return 12;
    case Frequency::kQuarterly:
      return 4;
    case Frequency::kBiWeekly:
      return 26;
    case Frequency::kWeekly:
      return 52;
    case Frequency::kDaily:
      return day_count_year_days(terms.day_count);
  }
  return 12;
}

// The due date of installment index + 1 before any business-calendar move.
Date scheduled_due_date(const ScheduleTerms& terms, int index) {
  const unsigned anchor_day =
      terms.anchor_day == 0 ? static_cast<unsigned>(terms.first_due.day()) : terms.anchor_day;
  return period_due_date(terms.frequency, terms.first_due, anchor_day, index);
}

Status validate_amounts(const ScheduleTerms& terms) {
  if (!terms.principal.is_positive()) return invalid("principal must be positive");
  if (terms.principal.minor_units() > kMaxPrincipalMinorUnits) {
    return Error{ErrorCode::kOverflow,
                 "principal exceeds the maximum of " +
                     Money::from_minor_units(kMaxPrincipalMinorUnits, terms.principal.currency())
                         .to_string()};
  }
  if (terms.fee_per_installment.is_negative() ||
      terms.fee_per_installment.minor_units() > kMaxPrincipalMinorUnits) {
    return invalid("fee per installment must be between zero and the maximum principal");
  }
  if (!(terms.fee_per_installment.currency() == terms.principal.currency())) {
    return invalid("fee and principal currencies differ");
  }
  if (terms.installment_multiple < 0 || terms.installment_multiple > kMaxInstallmentMultiple) {
    return out_of_range("installment multiple must be 0.." +
                        std::to_string(kMaxInstallmentMultiple));
  }
  return ok_status();
}

Status validate_rate(const ScheduleTerms& terms) {
  const Decimal percent = terms.annual_rate_percent.normalized();
  if (percent.is_negative() || percent > Decimal::from_int(kMaxAnnualRatePercent)) {
    return out_of_range("annual rate must be between 0 and " +
                        std::to_string(kMaxAnnualRatePercent) + " percent");
  }
  if (percent.scale() > kMaxRateFractionDigits) {
    return invalid("annual rate has more than " + std::to_string(kMaxRateFractionDigits) +
                   " decimal places");
  }
  return ok_status();
}

Status validate_term(const ScheduleTerms& terms) {
  if (terms.installments < 1 || terms.installments > kMaxInstallments) {
    return out_of_range("periods must be 1.." + std::to_string(kMaxInstallments));
  }
  if (terms.grace_principal < 0 || terms.grace_principal >= terms.installments) {
    return out_of_range("grace on principal must be 0..periods-1");
  }
  if (terms.grace_interest < 0 || terms.grace_interest >= terms.installments) {
    return out_of_range("grace on interest must be 0..periods-1");
  }
  return ok_status();
}

Status validate_dates(const ScheduleTerms& terms) {
  if (!terms.start.ok() || !terms.first_due.ok()) return invalid("dates must be calendar dates");
  if (terms.anchor_day > 31) return out_of_range("anchor day must be 0..31");
  const int64_t first_period_days = days_between(terms.start, terms.first_due);
  if (first_period_days <= 0) return invalid("first due date must be after the start date");
  if (first_period_days > kMaxFirstPeriodDays) {
    return out_of_range("first due date must be within " + std::to_string(kMaxFirstPeriodDays) +
                        " days of the start date");
  }
  const Date last_due = scheduled_due_date(terms, terms.installments - 1);
  if (static_cast<int>(last_due.year()) > kMaxYear - 1) {
    return out_of_range("the last due date falls after the year " + std::to_string(kMaxYear - 1));
  }
  return ok_status();
}

Result<std::vector<Date>> due_dates(const ScheduleTerms& terms, const BusinessCalendar* calendar) {
  std::vector<Date> dates;
  dates.reserve(static_cast<size_t>(terms.installments));
  for (int index = 0; index < terms.installments; ++index) {
    const Date due = scheduled_due_date(terms, index);
    if (calendar == nullptr) {
      dates.push_back(due);
      continue;
    }
    SC_ASSIGN_OR_RETURN(const Date moved, calendar->next_business_day(due));
    dates.push_back(moved);
  }
  return dates;
}

// The amounts that stay fixed across the schedule, computed once.
struct Plan {
  AnnualRate rate;
  int64_t periods_per_year = 12;
  int amortizing_periods = 1;       // installments that repay principal
  int interest_grace = 0;           // installments whose interest is deferred
  int64_t level_installment = 0;    // equal-installment and flat
  int64_t level_principal = 0;      // equal-principal
  int64_t flat_total_interest = 0;  // flat
  int64_t flat_interest = 0;        // flat, each installment but the last
};

int64_t round_to_multiple(Int128 numerator, Int128 denominator, int64_t multiple_minor,
                          Rounding mode) {
  return static_cast<int64_t>(divide_rounded(numerator, denominator * multiple_minor, mode) *
                              multiple_minor);
}

Plan make_plan(const ScheduleTerms& terms) {
  Plan plan;
  plan.rate = annual_rate(terms);
  plan.periods_per_year = periods_per_year(terms);
  plan.amortizing_periods = terms.installments - terms.grace_principal;
  plan.interest_grace =
      terms.method == RepaymentMethod::kBullet ? terms.installments - 1 : terms.grace_interest;
  const int64_t principal = terms.principal.minor_units();
  const int64_t multiple_minor = std::max<int64_t>(
      1, terms.installment_multiple *
             static_cast<int64_t>(power_of_ten(terms.principal.currency().minor_digits)));
  const Int128 year_denominator = Int128{plan.rate.denominator} * plan.periods_per_year;
  switch (terms.method) {
    case RepaymentMethod::kEqualInstallment:
      plan.level_installment = equal_installment(
          principal,
          {static_cast<uint64_t>(plan.rate.numerator), static_cast<uint64_t>(year_denominator)},
          plan.amortizing_periods, multiple_minor, terms.rounding);
      break;
    case RepaymentMethod::kEqualPrincipal:
      plan.level_principal =
          static_cast<int64_t>(divide_rounded(principal, plan.amortizing_periods, terms.rounding));
      break;
    case RepaymentMethod::kFlat: {
      const int64_t n = terms.installments;
      const int64_t m = plan.amortizing_periods;
      plan.flat_total_interest = static_cast<int64_t>(divide_rounded(
          Int128{principal} * plan.rate.numerator * n, year_denominator, terms.rounding));
      plan.flat_interest =
          static_cast<int64_t>(divide_rounded(plan.flat_total_interest, n, terms.rounding));
      // principal / m + interest / n = (principal * n + interest * m) / (m * n)
      plan.level_installment =
          round_to_multiple(Int128{principal} * n + Int128{plan.flat_total_interest} * m,
                            Int128{m} * n, multiple_minor, terms.rounding);
      break;
    }
    case RepaymentMethod::kInterestFirst:
    case RepaymentMethod::kBullet:
      break;
  }
  return plan;
}

// Interest a period [from, to) earns on `balance`, before any grace deferral.
int64_t period_interest(const ScheduleTerms& terms, const Plan& plan, int64_t balance, Date from,
                        Date to) {
  if (terms.interest == InterestMethod::kDaily) {
    const int64_t weight = day_count_weight(terms.day_count, from, to);
    return static_cast<int64_t>(divide_rounded(
        Int128{balance} * plan.rate.numerator * weight,
        Int128{plan.rate.denominator} * day_count_denominator(terms.day_count), terms.rounding));
  }
  return static_cast<int64_t>(divide_rounded(Int128{balance} * plan.rate.numerator,
                                             Int128{plan.rate.denominator} * plan.periods_per_year,
                                             terms.rounding));
}

// The running state while installments are produced in order.
struct Cursor {
  int64_t balance = 0;
  int64_t deferred_interest = 0;
  int64_t flat_interest_charged = 0;
};

int64_t own_interest(const ScheduleTerms& terms, const Plan& plan, const Cursor& cursor, int number,
                     Date from, Date to) {
  if (terms.method != RepaymentMethod::kFlat) {
    return period_interest(terms, plan, cursor.balance, from, to);
  }
  if (number == terms.installments) return plan.flat_total_interest - cursor.flat_interest_charged;
  return std::min(plan.flat_interest, plan.flat_total_interest - cursor.flat_interest_charged);
}

int64_t principal_due(const ScheduleTerms& terms, const Plan& plan, const Cursor& cursor,
                      int number, int64_t interest) {
  if (number == terms.installments) return cursor.balance;
  if (number <= terms.grace_principal) return 0;
  int64_t wanted = 0;
  switch (terms.method) {
    case RepaymentMethod::kEqualInstallment:
    case RepaymentMethod::kFlat:
      wanted = plan.level_installment - interest;
      break;
    case RepaymentMethod::kEqualPrincipal:
      wanted = plan.level_principal;
      break;
    case RepaymentMethod::kInterestFirst:
    case RepaymentMethod::kBullet:
      wanted = 0;
      break;
  }
  return std::clamp<int64_t>(wanted, 0, cursor.balance);
}

Installment next_installment(const ScheduleTerms& terms, const Plan& plan, Cursor& cursor,
                             int number, Date previous, Date due_date) {
  const int64_t days = days_between(previous, due_date);
  const int64_t interest = own_interest(terms, plan, cursor, number, previous, due_date);
  cursor.flat_interest_charged += interest;
  int64_t interest_due = 0;
  if (number <= plan.interest_grace) {
    cursor.deferred_interest += interest;
  } else {
    interest_due = interest + cursor.deferred_interest;
    cursor.deferred_interest = 0;
  }
  const int64_t principal = principal_due(terms, plan, cursor, number, interest);
  cursor.balance -= principal;
  const Currency currency = terms.principal.currency();
  const int64_t fees = terms.fee_per_installment.minor_units();
  return Installment{.number = number,
                     .due_date = due_date,
                     .days = days,
                     .principal = Money::from_minor_units(principal, currency),
                     .interest = Money::from_minor_units(interest_due, currency),
                     .fees = Money::from_minor_units(fees, currency),
                     .total = Money::from_minor_units(principal + interest_due + fees, currency),
                     .balance = Money::from_minor_units(cursor.balance, currency)};
}

}  // namespace

Date period_due_date(Frequency frequency, Date first_due, unsigned anchor_day, int index) {
  switch (frequency) {
    case Frequency::kMonthly:
      return add_months_anchored(first_due, index, anchor_day);
    case Frequency::kQuarterly:
      return add_months_anchored(first_due, 3 * index, anchor_day);
    case Frequency::kBiWeekly:
      return add_days(first_due, int64_t{14} * index);
    case Frequency::kWeekly:
      return add_days(first_due, int64_t{7} * index);
    case Frequency::kDaily:
      return add_days(first_due, index);
  }
  return first_due;
}

Result<RepaymentMethod> parse_repayment_method(std::string_view text) {
  if (text == "equal-installment") return RepaymentMethod::kEqualInstallment;
  if (text == "equal-principal") return RepaymentMethod::kEqualPrincipal;
  if (text == "flat") return RepaymentMethod::kFlat;
  if (text == "interest-first") return RepaymentMethod::kInterestFirst;
  if (text == "bullet") return RepaymentMethod::kBullet;
  return invalid(
      "unknown method (expected equal-installment, equal-principal, flat, interest-first or "
      "bullet)");
}

Result<Frequency> parse_frequency(std::string_view text) {
  if (text == "monthly") return Frequency::kMonthly;
  if (text == "quarterly") return Frequency::kQuarterly;
  if (text == "bi-weekly") return Frequency::kBiWeekly;
  if (text == "weekly") return Frequency::kWeekly;
  if (text == "daily") return Frequency::kDaily;
  return invalid("unknown frequency (expected monthly, quarterly, bi-weekly, weekly or daily)");
}

Result<InterestMethod> parse_interest_method(std::string_view text) {
  if (text == "per-period") return InterestMethod::kPerPeriod;
  if (text == "daily") return InterestMethod::kDaily;
  return invalid("unknown interest method (expected per-period or daily)");
}

Status validate_schedule_terms(const ScheduleTerms& terms) {
  SC_RETURN_IF_ERROR(validate_amounts(terms));
  SC_RETURN_IF_ERROR(validate_rate(terms));
  SC_RETURN_IF_ERROR(validate_term(terms));
  return validate_dates(terms);
}

Result<Schedule> generate_schedule(const ScheduleTerms& terms, const BusinessCalendar* calendar) {
  SC_RETURN_IF_ERROR(validate_schedule_terms(terms));
  SC_ASSIGN_OR_RETURN(std::vector<Date> dates, due_dates(terms, calendar));
  const Plan plan = make_plan(terms);
  const Currency currency = terms.principal.currency();
  Schedule schedule{.installments = {},
                    .total_principal = Money::zero(currency),
                    .total_interest = Money::zero(currency),
                    .total_fees = Money::zero(currency)};
  schedule.installments.reserve(dates.size());
  Cursor cursor{.balance = terms.principal.minor_units()};
  Date previous = terms.start;
  int64_t principal_minor = 0;
  int64_t interest_minor = 0;
  int64_t fees_minor = 0;
  for (int number = 1; number <= terms.installments; ++number) {
    const Date due = dates[static_cast<size_t>(number - 1)];
    schedule.installments.push_back(next_installment(terms, plan, cursor, number, previous, due));
    principal_minor += schedule.installments.back().principal.minor_units();
    interest_minor += schedule.installments.back().interest.minor_units();
    fees_minor += schedule.installments.back().fees.minor_units();
    previous = due;
  }
  schedule.total_principal = Money::from_minor_units(principal_minor, currency);
  schedule.total_interest = Money::from_minor_units(interest_minor, currency);
  schedule.total_fees = Money::from_minor_units(fees_minor, currency);
  return schedule;
}

}  // namespace smecredit::loan
