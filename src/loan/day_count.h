// Day-count conventions: how many years a span of days is, exactly.
//
//   ACT/365F  actual days ÷ 365
//   ACT/360   actual days ÷ 360
//   ACT/ACT   ISDA: days falling in a leap year ÷ 366 + the others ÷ 365
//
// A span's year fraction is an exact fraction with one denominator per
// convention (365, 360, and 365 × 366 for ACT/ACT, where a day of a
// non-leap year weighs 366 and a day of a leap year 365), so interest over
// any number of spans is summed exactly and rounded once.
//
// Pure; thread-safe.
//
// Example:
//   // 2023-12-01 .. 2024-01-31: 31 days of 2023 and 30 of 2024.
//   int64_t n = day_count_weight(DayCount::kActAct, from, to);   // 31×366 + 30×365
//   int64_t d = day_count_denominator(DayCount::kActAct);        // 365 × 366
#pragma once

#include <cstdint>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace smecredit::loan {

enum class DayCount { kAct365Fixed, kAct360, kActAct };

// "ACT/365F", "ACT/360", "ACT/ACT".
std::string_view day_count_name(DayCount convention);
Result<DayCount> parse_day_count(std::string_view text);
// ACT/365F and ACT/360 from the older `days_in_year` spelling (365, 360).
Result<DayCount> day_count_from_days_in_year(int64_t days_in_year);

int64_t day_count_denominator(DayCount convention);
// The year fraction of [from, to) times the denominator; 0 when to <= from.
int64_t day_count_weight(DayCount convention, Date from, Date to);
// The nominal days of a year, for per-period rates of daily installments.
int64_t day_count_year_days(DayCount convention);

}  // namespace smecredit::loan
