#include "loan/calendar.h"

#include <algorithm>
#include <string>

namespace smecredit::loan {

namespace {

constexpr int64_t kMaxRangeDays = 366;
constexpr int64_t kMaxSearchDays = 366;

int64_t day_number(Date day) {
  return std::chrono::sys_days{day}.time_since_epoch().count();
}

void insert_sorted(std::vector<int64_t>& days, int64_t day) {
  auto it = std::lower_bound(days.begin(), days.end(), day);
  if (it == days.end() || *it != day) days.insert(it, day);
}

void erase_sorted(std::vector<int64_t>& days, int64_t day) {
  auto it = std::lower_bound(days.begin(), days.end(), day);
  if (it != days.end() && *it == day) days.erase(it);
}

bool contains_sorted(const std::vector<int64_t>& days, int64_t day) {
  return std::binary_search(days.begin(), days.end(), day);
}

std::string_view trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = text.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) break;
    const size_t end = std::min(text.find_first_of(" \t", start), text.size());
    words.push_back(text.substr(start, end - start));
    pos = end;
  }
  return words;
}

Error line_error(int line_number, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument,
               "calendar line " + std::to_string(line_number) + ": " + what};
}

Status apply_line(BusinessCalendar& calendar, std::string_view line, int line_number) {
  const std::vector<std::string_view> words = split_words(line);
  const bool holiday = words[0] == "holiday";
  if (!holiday && words[0] != "workday") {
    return line_error(line_number, "expected 'holiday' or 'workday'");
  }
  if (words.size() < 2 || words.size() > 3 || (!holiday && words.size() != 2)) {
    return line_error(line_number, "expected 'holiday DATE [LAST_DATE]' or 'workday DATE'");
  }
  auto first = parse_date(words[1]);
  auto last = parse_date(words.back());
  if (!first.ok() || !last.ok()) return line_error(line_number, "dates must be YYYY-MM-DD");
  const int64_t span_days = days_between(first.value(), last.value());
  if (span_days < 0 || span_days >= kMaxRangeDays) {
    return line_error(line_number, "a holiday range must run forward and span under a year");
  }
  for (int64_t offset = 0; offset <= span_days; ++offset) {
    const Date day = add_days(first.value(), offset);
    holiday ? calendar.add_holiday(day) : calendar.add_workday(day);
  }
  return ok_status();
}

}  // namespace

void BusinessCalendar::add_holiday(Date day) {
  erase_sorted(workdays_, day_number(day));
  insert_sorted(holidays_, day_number(day));
}

void BusinessCalendar::add_workday(Date day) {
  erase_sorted(holidays_, day_number(day));
  insert_sorted(workdays_, day_number(day));
}

bool BusinessCalendar::is_business_day(Date day) const {
  const int64_t number = day_number(day);
  if (contains_sorted(holidays_, number)) return false;
  if (contains_sorted(workdays_, number)) return true;
  const std::chrono::weekday weekday{std::chrono::sys_days{day}};
  return weekday != std::chrono::Saturday && weekday != std::chrono::Sunday;
}

std::vector<std::string> BusinessCalendar::to_lines() const {
  std::vector<std::string> lines;
  lines.reserve(holidays_.size() + workdays_.size());
  const auto date_of = [](int64_t number) {
    return format_date(Date{std::chrono::sys_days{std::chrono::days{number}}});
  };
  for (const int64_t day : holidays_) lines.push_back("holiday " + date_of(day));
  for (const int64_t day : workdays_) lines.push_back("workday " + date_of(day));
  return lines;
}

Result<Date> BusinessCalendar::next_business_day(Date day) const {
  for (int64_t offset = 0; offset < kMaxSearchDays; ++offset) {
    const Date candidate = add_days(day, offset);
    if (is_business_day(candidate)) return candidate;
  }
  return Error{ErrorCode::kOutOfRange, "no business day within a year after " + format_date(day)};
}

Result<BusinessCalendar> parse_business_calendar(std::string_view text) {
  BusinessCalendar calendar;
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    line = trim(line.substr(0, line.find('#')));
    if (!line.empty()) SC_RETURN_IF_ERROR(apply_line(calendar, line, line_number));
  }
  return calendar;
}

}  // namespace smecredit::loan
