#include "core/date.h"

#include <gtest/gtest.h>

namespace smecredit {
namespace {

Date d(std::string_view text) {
  return parse_date(text).value();
}

TEST(DateTest, ParsesStrictIsoDates) {
  EXPECT_EQ(format_date(d("2024-02-29")), "2024-02-29");
  for (const char* bad :
       {"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-32", "abcd-ef-gh", ""}) {
    EXPECT_FALSE(parse_date(bad).ok()) << bad;
  }
}

TEST(DateTest, MonthArithmeticClampsToMonthEnd) {
  EXPECT_EQ(format_date(add_months_clamped(d("2023-01-31"), 1)), "2023-02-28");
  EXPECT_EQ(format_date(add_months_clamped(d("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(format_date(add_months_clamped(d("2024-12-15"), 2)), "2025-02-15");
  EXPECT_EQ(format_date(add_months_anchored(d("2024-02-29"), 1, 31)), "2024-03-31");
  EXPECT_EQ(format_date(add_months_clamped(d("2024-03-31"), -1)), "2024-02-29");
}

TEST(DateTest, DaysBetweenCountsLeapDays) {
  EXPECT_EQ(days_between(d("2024-01-01"), d("2025-01-01")), 366);
  EXPECT_EQ(days_between(d("2023-01-01"), d("2024-01-01")), 365);
  EXPECT_EQ(days_between(d("2022-11-01"), d("2022-12-01")), 30);
  EXPECT_EQ(days_between(d("2022-12-01"), d("2022-11-01")), -30);
  EXPECT_EQ(format_date(add_days(d("2024-02-28"), 1)), "2024-02-29");
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
}

TEST(DateTest, FormatsTimestampsInUtc) {
  const Timestamp t{std::chrono::microseconds{1'700'000'000'123'456}};
  EXPECT_EQ(format_timestamp(t), "2023-11-14T22:13:20.123456Z");
}

TEST(TimestampTest, ParsesWhatItFormats) {
  const Timestamp t = Timestamp{std::chrono::sys_days{Date{
                          std::chrono::year{2024}, std::chrono::February, std::chrono::day{29}}}} +
                      std::chrono::hours(23) + std::chrono::minutes(5) + std::chrono::seconds(9) +
                      std::chrono::microseconds(42);
  const std::string text = format_timestamp(t);
  EXPECT_EQ(text, "2024-02-29T23:05:09.000042Z");
  auto back = parse_timestamp(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), t);
}

TEST(TimestampTest, RefusesAnythingElse) {
  for (const char* bad :
       {"", "2024-02-29", "2024-02-30T00:00:00.000000Z", "2024-02-29T24:00:00.000000Z",
        "2024-02-29T23:60:00.000000Z", "2024-02-29 23:05:09.000042Z", "2024-02-29T23:05:09.000042",
        "2024-02-29T23:05:09.00004xZ", "2024-02-29T23:05:09Z"}) {
    EXPECT_FALSE(parse_timestamp(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace smecredit
