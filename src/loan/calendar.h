// BusinessCalendar: which days are business days, for moving due dates.
//
// Saturdays and Sundays are non-business days unless listed as make-up
// working days (调休); listed holidays are non-business days. The calendar is
// parsed from text the caller has read (this part does no I/O). The format,
// one entry a line, '#' starts a comment:
//
//   # China 2024, National Day
//   holiday 2024-10-01 2024-10-07   # an inclusive range
//   holiday 2024-09-17              # a single day
//   workday 2024-10-12              # a Saturday worked instead
//
// docs/loan-schedules.md describes the format; tests/loan/data/cn-2024.txt is
// an example.
//
// Thread-safety: immutable after parsing; safe to share between threads.
//
// Example:
//   BusinessCalendar calendar = parse_business_calendar(text).value();
//   Date due = calendar.next_business_day(parse_date("2024-10-01").value()).value();
//   format_date(due);   // "2024-10-08"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace smecredit::loan {

class BusinessCalendar {
 public:
  BusinessCalendar() = default;

  // Adds one holiday or make-up working day; the last entry for a day wins.
  void add_holiday(Date day);
  void add_workday(Date day);

  bool is_business_day(Date day) const;
  // The calendar in its own format, a day a line ("holiday 2024-10-01",
  // then "workday 2024-10-12"), sorted: parse_business_calendar of the lines
  // gives an equal calendar.
  std::vector<std::string> to_lines() const;
  bool operator==(const BusinessCalendar&) const = default;
  // `day` itself when it is a business day, else the next one. Fails with
  // kOutOfRange when no business day falls within a year (a broken calendar).
  Result<Date> next_business_day(Date day) const;

 private:
  std::vector<int64_t> holidays_;  // days since epoch, sorted
  std::vector<int64_t> workdays_;  // days since epoch, sorted
};

// Parses the format above; errors name the line.
Result<BusinessCalendar> parse_business_calendar(std::string_view text);

}  // namespace smecredit::loan
