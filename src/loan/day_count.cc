#include "loan/day_count.h"

#include <algorithm>
#include <string>

namespace smecredit::loan {

namespace {

constexpr int64_t kActActDenominator = int64_t{365} * 366;

// Days of [from, to) that fall in leap years.
int64_t leap_days(Date from, Date to) {
  int64_t days = 0;
  for (int year = static_cast<int>(from.year()); year <= static_cast<int>(to.year()); ++year) {
    if (!is_leap_year(year)) continue;
    const Date first = std::max(from, Date{std::chrono::year{year} / 1 / 1});
    const Date end = std::min(to, Date{std::chrono::year{year + 1} / 1 / 1});
    if (first < end) days += days_between(first, end);
  }
  return days;
}

}  // namespace

std::string_view day_count_name(DayCount convention) {
  switch (convention) {
    case DayCount::kAct365Fixed:
      return "ACT/365F";
    case DayCount::kAct360:
      return "ACT/360";
    case DayCount::kActAct:
      return "ACT/ACT";
  }
  return "ACT/365F";
}

Result<DayCount> parse_day_count(std::string_view text) {
  for (const DayCount c : {DayCount::kAct365Fixed, DayCount::kAct360, DayCount::kActAct}) {
    if (day_count_name(c) == text) return c;
  }
  return Error{ErrorCode::kInvalidArgument,
               "unknown day count '" + std::string(text) + "' (ACT/365F, ACT/360 or ACT/ACT)"};
}

Result<DayCount> day_count_from_days_in_year(int64_t days_in_year) {
  if (days_in_year == 365) return DayCount::kAct365Fixed;
  if (days_in_year == 360) return DayCount::kAct360;
  return Error{ErrorCode::kInvalidArgument, "must be 360 or 365"};
}

int64_t day_count_denominator(DayCount convention) {
  switch (convention) {
    case DayCount::kAct365Fixed:
      return 365;
    case DayCount::kAct360:
      return 360;
    case DayCount::kActAct:
      return kActActDenominator;
  }
  return 365;
}

int64_t day_count_weight(DayCount convention, Date from, Date to) {
  if (to <= from) return 0;
  const int64_t days = days_between(from, to);
  if (convention != DayCount::kActAct) return days;
  const int64_t leap = leap_days(from, to);
  return leap * 365 + (days - leap) * 366;
}

int64_t day_count_year_days(DayCount convention) {
  return convention == DayCount::kAct360 ? 360 : 365;
}

}  // namespace smecredit::loan
