#include "core/date.h"

#include <cstdio>
#include <optional>

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

Result<Timestamp> parse_timestamp(std::string_view text) {
  const Error bad{ErrorCode::kInvalidArgument,
                  "expected a timestamp like 2026-11-22T05:23:55.123456Z"};
  // 0123456789012345678901234567
  // 2026-11-22T05:23:55.123456Z
  if (text.size() != 27 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != '.' || text[26] != 'Z') {
    return bad;
  }
  auto date = parse_date(text.substr(0, 10));
  if (!date.ok()) return bad;
  const auto digits = [&](size_t at, size_t count, int64_t max) -> std::optional<int64_t> {
    int64_t value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    if (value > max) return std::nullopt;
    return value;
  };
  const auto hours = digits(11, 2, 23);
  const auto minutes = digits(14, 2, 59);
  const auto seconds = digits(17, 2, 59);
  const auto micros = digits(20, 6, 999'999);
  if (!hours || !minutes || !seconds || !micros) return bad;
  return Timestamp{std::chrono::sys_days{date.value()}} + std::chrono::hours(*hours) +
         std::chrono::minutes(*minutes) + std::chrono::seconds(*seconds) +
         std::chrono::microseconds(*micros);
}

}  // namespace smecredit
