// Civil dates and timestamps.
//
// A `Date` is a proleptic Gregorian calendar day with no time zone
// (std::chrono::year_month_day): due dates, value dates, business dates.
// A `Timestamp` is an instant in UTC with microsecond resolution, used for
// audit and evidence. The core never reads the clock; an instant always comes
// from a `Clock` (core/clock.h) passed in by the caller.
//
// Example:
//   Date d = parse_date("2024-01-31").value();
//   format_date(add_months_clamped(d, 1));   // "2024-02-29"
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace smecredit {

using Date = std::chrono::year_month_day;
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// Strict "YYYY-MM-DD" with a real calendar day (no 2023-02-29).
Result<Date> parse_date(std::string_view text);
std::string format_date(Date date);

// Days from `from` to `to`; negative when `to` is earlier.
int64_t days_between(Date from, Date to);
Date add_days(Date date, int64_t days);
// Same day of month `months` later, clamped to the month's last day
// (31 January + 1 month = 28 or 29 February).
Date add_months_clamped(Date date, int months);
// Adds months keeping `anchor_day` when the target month has it, clamping otherwise:
// a schedule anchored on the 31st goes 31 Jan, 29 Feb, 31 Mar.
Date add_months_anchored(Date date, int months, unsigned anchor_day);
bool is_leap_year(int year);

// "2026-11-22T05:23:55.123456Z"
std::string format_timestamp(Timestamp instant);
// Exactly what format_timestamp writes; kInvalidArgument otherwise.
Result<Timestamp> parse_timestamp(std::string_view text);

}  // namespace smecredit
