#include "loan/apr.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/parse.h"

namespace smecredit::loan {

namespace {

constexpr double kHighestRate = 1e6;
constexpr double kFirstPositiveRate = 1e-4;
constexpr double kNegativeRates[] = {-0.01, -0.1, -0.5, -0.9, -0.99};
constexpr int kBisectionSteps = 200;

int months_in_unit(UnitPeriodKind kind) {
  switch (kind) {
    case UnitPeriodKind::kQuarterly:
      return 3;
    case UnitPeriodKind::kYearly:
      return 12;
    default:
      return 1;
  }
}

// Whole months counted back from `to` (keeping its day, clamped to month
// end) that do not pass `from`, in steps of `step` months.
int64_t whole_month_steps(Date from, Date to, int step) {
  const int64_t months_apart = (static_cast<int>(to.year()) - static_cast<int>(from.year())) * 12 +
                               (static_cast<int>(static_cast<unsigned>(to.month())) -
                                static_cast<int>(static_cast<unsigned>(from.month())));
  int64_t steps = std::max<int64_t>(0, months_apart / step + 1);
  const auto day = static_cast<unsigned>(to.day());
  while (steps > 0 && add_months_anchored(to, -static_cast<int>(steps * step), day) < from) {
    --steps;
  }
  return steps;
}

UnitPeriodOffset month_based(Date from, Date to, UnitPeriodKind kind) {
  const int step = months_in_unit(kind);
  const int64_t steps = whole_month_steps(from, to, step);
  const Date counted_back =
      add_months_anchored(to, -static_cast<int>(steps * step), static_cast<unsigned>(to.day()));
  const auto odd_days = static_cast<double>(days_between(from, counted_back));
  // Appendix J (b)(5)(iv): odd days over 30 a month, 365 a year.
  const double days_per_unit = kind == UnitPeriodKind::kYearly ? 365.0 : 30.0 * step;
  return {steps, odd_days / days_per_unit};
}

UnitPeriodOffset semimonthly(Date from, Date to) {
  const int64_t months = whole_month_steps(from, to, 1);
  const Date counted_back =
      add_months_anchored(to, -static_cast<int>(months), static_cast<unsigned>(to.day()));
  int64_t odd_days = days_between(from, counted_back);
  int64_t whole = 2 * months;
  if (odd_days >= 15) {
    ++whole;
    odd_days -= 15;
  }
  return {whole, static_cast<double>(odd_days) / 15.0};
}

UnitPeriodOffset day_based(Date from, Date to, int64_t unit_days) {
  const int64_t days = days_between(from, to);
  return {days / unit_days, static_cast<double>(days % unit_days) / static_cast<double>(unit_days)};
}

// Left side of the Appendix J equation at rate i.
double present_value(const std::vector<CashFlow>& flows,
                     const std::vector<UnitPeriodOffset>& offsets, double rate) {
  double sum = 0;
  for (size_t k = 0; k < flows.size(); ++k) {
    const double amount = static_cast<double>(flows[k].amount.minor_units());
    const double discount = (1.0 + offsets[k].fraction * rate) *
                            std::pow(1.0 + rate, static_cast<double>(offsets[k].whole));
    sum += amount / discount;
  }
  return sum;
}

Status validate_flows(const std::vector<CashFlow>& flows) {
  if (flows.empty()) return Error{ErrorCode::kInvalidArgument, "no cash flows"};
  if (flows.size() > kMaxCashFlows) {
    return Error{ErrorCode::kInvalidArgument,
                 "more than " + std::to_string(kMaxCashFlows) + " cash flows"};
  }
  bool has_negative = false;
  bool has_positive = false;
  for (size_t k = 0; k < flows.size(); ++k) {
    if (!(flows[k].amount.currency() == flows[0].amount.currency())) {
      return Error{ErrorCode::kInvalidArgument, "cash flows mix currencies"};
    }
    if (k > 0 && flows[k].date < flows[k - 1].date) {
      return Error{ErrorCode::kInvalidArgument,
                   "cash flow dates out of order at flow " + std::to_string(k + 1)};
    }
    has_negative = has_negative || flows[k].amount.is_negative();
    has_positive = has_positive || flows[k].amount.is_positive();
  }
  if (!has_negative || !has_positive) {
    return Error{ErrorCode::kInvalidArgument,
                 "cash flows need both signs (money lent negative, repayments positive)"};
  }
  return ok_status();
}

// Two rates between which the present value changes sign.
struct Bracket {
  double low = 0;
  double high = 0;
};

// Searches outward from rate zero: upward by doubling, downward through a few
// negative rates (a loan repaid with less than was lent). Rates where the
// equation is not finite are skipped.
Result<Bracket> find_bracket(const std::vector<CashFlow>& flows,
                             const std::vector<UnitPeriodOffset>& offsets) {
  const double at_zero = present_value(flows, offsets, 0.0);
  if (at_zero == 0) return Bracket{0.0, 0.0};
  double previous = 0.0;
  for (double rate = kFirstPositiveRate; rate <= kHighestRate; rate *= 2) {
    const double value = present_value(flows, offsets, rate);
    if (std::isfinite(value) && (value > 0) != (at_zero > 0)) return Bracket{previous, rate};
    previous = rate;
  }
  previous = 0.0;
  for (double rate : kNegativeRates) {
    const double value = present_value(flows, offsets, rate);
    if (std::isfinite(value) && (value > 0) != (at_zero > 0)) return Bracket{rate, previous};
    previous = rate;
  }
  return Error{ErrorCode::kOutOfRange,
               "no periodic rate between -99% and 10^8% solves the cash flows"};
}

std::string percent_text(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f%%", fraction * 100.0);
  return buffer;
}

}  // namespace

double UnitPeriod::periods_per_year() const {
  switch (kind) {
    case UnitPeriodKind::kDaily:
      return 365.0;
    case UnitPeriodKind::kWeekly:
      return 52.0;
    case UnitPeriodKind::kBiweekly:
      return 26.0;
    case UnitPeriodKind::kSemimonthly:
      return 24.0;
    case UnitPeriodKind::kMonthly:
      return 12.0;
    case UnitPeriodKind::kQuarterly:
      return 4.0;
    case UnitPeriodKind::kYearly:
      return 1.0;
    case UnitPeriodKind::kDays:
      return 365.0 / static_cast<double>(days);
  }
  return 12.0;
}

Result<UnitPeriod> parse_unit_period(std::string_view text) {
  if (text == "daily") return UnitPeriod{UnitPeriodKind::kDaily};
  if (text == "weekly") return UnitPeriod{UnitPeriodKind::kWeekly};
  if (text == "biweekly") return UnitPeriod{UnitPeriodKind::kBiweekly};
  if (text == "semimonthly") return UnitPeriod{UnitPeriodKind::kSemimonthly};
  if (text == "monthly") return UnitPeriod{UnitPeriodKind::kMonthly};
  if (text == "quarterly") return UnitPeriod{UnitPeriodKind::kQuarterly};
  if (text == "yearly") return UnitPeriod{UnitPeriodKind::kYearly};
  constexpr std::string_view kDaysPrefix = "days:";
  if (text.starts_with(kDaysPrefix)) {
    const auto days = parse_int64(text.substr(kDaysPrefix.size()), "days:N", 1, 366);
    if (days.ok()) return UnitPeriod{UnitPeriodKind::kDays, static_cast<int>(days.value())};
  }
  return Error{ErrorCode::kInvalidArgument,
               "unknown unit period (expected daily, weekly, biweekly, semimonthly, monthly, "
               "quarterly, yearly or days:N with N in 1..366)"};
}

UnitPeriodOffset unit_periods_between(Date from, Date to, UnitPeriod unit) {
  switch (unit.kind) {
    case UnitPeriodKind::kDaily:
      return day_based(from, to, 1);
    case UnitPeriodKind::kWeekly:
      return day_based(from, to, 7);
    case UnitPeriodKind::kBiweekly:
      return day_based(from, to, 14);
    case UnitPeriodKind::kDays:
      return day_based(from, to, unit.days);
    case UnitPeriodKind::kSemimonthly:
      return semimonthly(from, to);
    case UnitPeriodKind::kMonthly:
    case UnitPeriodKind::kQuarterly:
    case UnitPeriodKind::kYearly:
      return month_based(from, to, unit.kind);
  }
  return {};
}

Result<AprResult> compute_apr(const std::vector<CashFlow>& flows, UnitPeriod unit) {
  SC_RETURN_IF_ERROR(validate_flows(flows));
  std::vector<UnitPeriodOffset> offsets;
  offsets.reserve(flows.size());
  for (const CashFlow& flow : flows) {
    offsets.push_back(unit_periods_between(flows.front().date, flow.date, unit));
  }
  SC_ASSIGN_OR_RETURN(const Bracket bracket, find_bracket(flows, offsets));
  double low = bracket.low;
  double high = bracket.high;
  const bool low_positive = present_value(flows, offsets, low) > 0;
  for (int step = 0; step < kBisectionSteps && high - low > 1e-17; ++step) {
    const double middle = low + (high - low) / 2;
    if ((present_value(flows, offsets, middle) > 0) == low_positive) {
      low = middle;
    } else {
      high = middle;
    }
  }
  const double rate = low + (high - low) / 2;
  const double per_year = unit.periods_per_year();
  return AprResult{.periodic_rate = rate,
                   .nominal_annual_rate = rate * per_year,
                   .effective_annual_rate = std::pow(1.0 + rate, per_year) - 1.0};
}

Status check_apr_cap(const AprResult& apr, const Decimal& cap) {
  const double rounded = std::round(apr.nominal_annual_rate * 1e4) / 1e4;
  if (rounded <= cap.to_double() + 1e-12) return ok_status();
  return Error{ErrorCode::kOutOfRange, "APR " + percent_text(apr.nominal_annual_rate) +
                                           " exceeds the cap of " + percent_text(cap.to_double())};
}

}  // namespace smecredit::loan
