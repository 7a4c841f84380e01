#include "loan/calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace smecredit::loan {
namespace {

Date day(std::string_view text) {
  return parse_date(text).value();
}

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(BusinessCalendar, WeekendsWithoutEntries) {
  const BusinessCalendar calendar;
  EXPECT_TRUE(calendar.is_business_day(day("2024-06-07")));   // Friday
  EXPECT_FALSE(calendar.is_business_day(day("2024-06-08")));  // Saturday
  EXPECT_EQ(format_date(calendar.next_business_day(day("2024-06-08")).value()), "2024-06-10");
}

TEST(BusinessCalendar, ChinaNationalDay2024FromTheDataFile) {
  const auto calendar = parse_business_calendar(read_text(SMECREDIT_LOAN_TEST_DATA "/cn-2024.txt"));
  ASSERT_TRUE(calendar.ok()) << calendar.error().message;
  const BusinessCalendar& c = calendar.value();
  EXPECT_FALSE(c.is_business_day(day("2024-10-01")));
  EXPECT_EQ(format_date(c.next_business_day(day("2024-10-01")).value()), "2024-10-08");
  EXPECT_TRUE(c.is_business_day(day("2024-10-12")));  // make-up Saturday
  EXPECT_TRUE(c.is_business_day(day("2024-09-29")));  // make-up Sunday
  EXPECT_EQ(format_date(c.next_business_day(day("2024-02-10")).value()), "2024-02-18");
}

TEST(BusinessCalendar, LastEntryWins) {
  const auto calendar = parse_business_calendar("holiday 2024-06-07\nworkday 2024-06-07\n");
  ASSERT_TRUE(calendar.ok());
  EXPECT_TRUE(calendar.value().is_business_day(day("2024-06-07")));
}

TEST(BusinessCalendar, ParseErrorsNameTheLine) {
  const auto bad_keyword = parse_business_calendar("# ok\nvacation 2024-01-01\n");
  ASSERT_FALSE(bad_keyword.ok());
  EXPECT_NE(bad_keyword.error().message.find("line 2"), std::string::npos);
  EXPECT_FALSE(parse_business_calendar("holiday 2024-02-30").ok());
  EXPECT_FALSE(parse_business_calendar("holiday 2024-10-07 2024-10-01").ok());
  EXPECT_FALSE(parse_business_calendar("workday 2024-10-01 2024-10-02").ok());
  EXPECT_FALSE(parse_business_calendar("holiday").ok());
  EXPECT_FALSE(parse_business_calendar("holiday 2024-01-01 2025-06-01").ok());
}

TEST(BusinessCalendar, NoBusinessDayWithinAYearIsAnError) {
  const auto calendar =
      parse_business_calendar("holiday 2024-01-01 2024-12-30\nholiday 2024-12-31 2025-06-01\n");
  ASSERT_TRUE(calendar.ok());
  EXPECT_EQ(calendar.value().next_business_day(day("2024-01-01")).error().code,
            ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace smecredit::loan
