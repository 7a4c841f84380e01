#include "profile/cross_check.h"

#include <algorithm>
#include <cstdlib>

namespace smecredit::profile {
namespace {

constexpr int32_t kWindowMonths = 12;

struct Totals {
  int64_t invoiced_fen = 0;
  int64_t tax_base_fen = 0;
  int64_t inflows_fen = 0;
  int64_t headcount_sum = 0;
  int32_t months = 0;
};

std::vector<MonthFigures> window_months(const CrossCheckInputs& inputs, int32_t as_of) {
  std::vector<MonthFigures> months;
  for (const MonthFigures& m : inputs.months) {
    if (m.month_index <= as_of && m.month_index > as_of - kWindowMonths) months.push_back(m);
  }
  std::stable_sort(months.begin(), months.end(), [](const MonthFigures& a, const MonthFigures& b) {
    return a.month_index < b.month_index;
  });
  months.erase(std::unique(months.begin(), months.end(),
                           [](const MonthFigures& a, const MonthFigures& b) {
                             return a.month_index == b.month_index;
                           }),
               months.end());
  return months;
}

Totals sum(const std::vector<MonthFigures>& months) {
  Totals t;
  for (const MonthFigures& m : months) {
    t.invoiced_fen += m.invoiced_sales_fen;
    t.tax_base_fen += m.tax_base_fen;
    t.inflows_fen += m.inflows_fen;
    t.headcount_sum += m.si_headcount;
    ++t.months;
  }
  return t;
}

// a < b * percent / 100, in 128 bits.
bool below_percent(int64_t a, int64_t b, int64_t percent) {
  return static_cast<__int128>(a) * 100 < static_cast<__int128>(b) * percent;
}

std::string percent_text(int64_t part, int64_t whole) {
  if (whole <= 0) return "n/a";
  return std::to_string(static_cast<int64_t>(static_cast<__int128>(part) * 100 / whole)) + "%";
}

void check_tax(const Totals& t, std::vector<Flag>& flags) {
  if (t.invoiced_fen <= 0 || !below_percent(t.tax_base_fen, t.invoiced_fen, 80)) return;
  const Severity severity =
      below_percent(t.tax_base_fen, t.invoiced_fen, 60) ? Severity::kSevere : Severity::kWarning;
  flags.push_back(
      {"tax_base_below_invoices", severity,
       "tax base is " + percent_text(t.tax_base_fen, t.invoiced_fen) + " of invoiced sales"});
}

void check_inflows(const Totals& t, std::vector<Flag>& flags) {
  if (t.inflows_fen <= 0 || !below_percent(t.inflows_fen * 120, t.invoiced_fen * 100, 100)) return;
  flags.push_back(
      {"invoices_above_inflows", Severity::kWarning,
       "invoiced sales are " + percent_text(t.invoiced_fen, t.inflows_fen) + " of inflows"});
}

void check_declared_revenue(const CrossCheckInputs& inputs, const Totals& t,
                            std::vector<Flag>& flags) {
  if (t.months == 0 || t.inflows_fen <= 0 || inputs.self_declared_annual_revenue_fen <= 0) return;
  const int64_t annualised_fen = t.inflows_fen / t.months * kWindowMonths;
  if (!below_percent(annualised_fen * 130, inputs.self_declared_annual_revenue_fen * 100, 100))
    return;
  const Severity severity =
      below_percent(annualised_fen * 200, inputs.self_declared_annual_revenue_fen * 100, 100)
          ? Severity::kSevere
          : Severity::kWarning;
  flags.push_back({"self_declared_revenue_high", severity,
                   "self-declared revenue is " +
                       percent_text(inputs.self_declared_annual_revenue_fen, annualised_fen) +
                       " of annualised inflows"});
}

void check_headcount(const CrossCheckInputs& inputs, const Totals& t, std::vector<Flag>& flags) {
  if (t.months == 0 || inputs.declared_employees < 4) return;
  if (!below_percent(t.headcount_sum, inputs.declared_employees * t.months, 50)) return;
  flags.push_back({"headcount_below_declared", Severity::kWarning,
                   "insured headcount is " +
                       percent_text(t.headcount_sum, inputs.declared_employees * t.months) +
                       " of declared employees"});
}

// Growth of the later half over the earlier half, in percent of the earlier.
int64_t half_growth_percent(const std::vector<MonthFigures>& months, int64_t MonthFigures::*field) {
  const size_t half = months.size() / 2;
  int64_t early = 0;
  int64_t late = 0;
  for (size_t i = 0; i < half; ++i) early += months[i].*field;
  for (size_t i = months.size() - half; i < months.size(); ++i) late += months[i].*field;
  if (early <= 0) return 0;
  return static_cast<int64_t>(static_cast<__int128>(late - early) * 100 / early);
}

void check_utilities(const std::vector<MonthFigures>& months, std::vector<Flag>& flags) {
  if (months.size() < 6) return;
  const int64_t sales = half_growth_percent(months, &MonthFigures::inflows_fen);
  const int64_t power = half_growth_percent(months, &MonthFigures::electricity_kwh);
  if (std::abs(sales - power) <= 50) return;
  flags.push_back({"utilities_diverge", Severity::kInfo,
                   "half-year growth: sales " + std::to_string(sales) + "%, electricity " +
                       std::to_string(power) + "%"});
}

void check_gaps(const CrossCheckInputs& inputs, int32_t as_of,
                const std::vector<MonthFigures>& months, std::vector<Flag>& flags) {
  int32_t first = as_of + 1;
  for (const MonthFigures& m : inputs.months) {
    if (m.month_index <= as_of) first = std::min(first, m.month_index);
  }
  const int32_t expected = std::min(kWindowMonths, as_of - first + 1);
  const int32_t missing = expected - static_cast<int32_t>(months.size());
  if (expected <= 0 || missing <= 0) return;
  flags.push_back(
      {"missing_months", missing >= 3 ? Severity::kWarning : Severity::kInfo,
       std::to_string(missing) + " of the last " + std::to_string(expected) + " months missing"});
}

int penalty(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return 2;
    case Severity::kWarning:
      return 10;
    case Severity::kSevere:
      return 25;
  }
  return 0;
}

}  // namespace

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kSevere:
      return "severe";
  }
  return "info";
}

CrossCheck cross_verify(const CrossCheckInputs& inputs, int32_t as_of_month_index) {
  CrossCheck result;
  const std::vector<MonthFigures> months = window_months(inputs, as_of_month_index);
  const Totals totals = sum(months);
  check_tax(totals, result.flags);
  check_inflows(totals, result.flags);
  if (inputs.self_declared_month_index <= as_of_month_index) {
    check_declared_revenue(inputs, totals, result.flags);
  }
  check_headcount(inputs, totals, result.flags);
  check_utilities(months, result.flags);
  check_gaps(inputs, as_of_month_index, months, result.flags);
  for (const Flag& flag : result.flags) result.consistency_score -= penalty(flag.severity);
  result.consistency_score = std::max(result.consistency_score, 0);
  return result;
}

}  // namespace smecredit::profile
