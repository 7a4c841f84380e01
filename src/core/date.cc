#include "core/date.h"

#include <cstdio>

namespace smecredit {

namespace {

bool parse_fixed_digits(std::string_view text, int* out) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

}  // namespace

Result<Date> parse_date(std::string_view text) {
  const Error bad{ErrorCode::kInvalidArgument, "date must be YYYY-MM-DD"};
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!parse_fixed_digits(text.substr(0, 4), &year) ||
      !parse_fixed_digits(text.substr(5, 2), &month) ||
      !parse_fixed_digits(text.substr(8, 2), &day)) {
    return bad;
  }
  const Date date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return Error{ErrorCode::kInvalidArgument, "not a calendar date"};
  return date;
}

std::string format_date(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

int64_t days_between(Date from, Date to) {
  return (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
}

Date add_days(Date date, int64_t days) {
  return Date{std::chrono::sys_days{date} + std::chrono::days{days}};
}

Date add_months_anchored(Date date, int months, unsigned anchor_day) {
  const std::chrono::year_month target =
      std::chrono::year_month{date.year(), date.month()} + std::chrono::months{months};
  const std::chrono::day last = std::chrono::year_month_day_last{
      target.year(),
      std::chrono::month_day_last{
          target.month()}}.day();
  const std::chrono::day wanted{anchor_day};
  return Date{target.year(), target.month(), wanted < last ? wanted : last};
}

Date add_months_clamped(Date date, int months) {
  return add_months_anchored(date, months, static_cast<unsigned>(date.day()));
}

bool is_leap_year(int year) {
  return std::chrono::year{year}.is_leap();
}

std::string format_timestamp(Timestamp instant) {
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::hh_mm_ss<std::chrono::microseconds> time{instant - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%06dZ", format_date(Date{day}).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return buffer;
}

}  // namespace smecredit
