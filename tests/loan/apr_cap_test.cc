#include "loan/apr_cap.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace smecredit::loan {
namespace {

Date day(const char* text) {
  return parse_date(text).value();
}

constexpr std::string_view kTable = R"(# a comment line
cap 2015-09-01 36
cap 2020-08-20 24   # the 2020 rules
lpr 2024-07-22 3.35
lpr 2024-10-21 3.10
lpr-multiple 4
)";

TEST(AprCapTest, TheLowerOfTheCapAndFourTimesTheLprInForce) {
  const AprCapTable table = parse_apr_cap_table(kTable).value();
  EXPECT_EQ(table.cap_on(day("2019-01-01")).value().percent.to_string(), "36");
  EXPECT_EQ(table.cap_on(day("2020-08-20")).value().percent.to_string(), "24");
  const AprCap july = table.cap_on(day("2024-08-01")).value();
  EXPECT_EQ(july.percent.to_string(), "13.40");
  EXPECT_EQ(july.basis, "4 x one-year LPR 3.35% from 2024-07-22");
  EXPECT_EQ(table.cap_on(day("2024-10-21")).value().percent.to_string(), "12.40");
  EXPECT_EQ(table.cap_on(day("2015-08-31")).error().code, ErrorCode::kNotFound);
}

TEST(AprCapTest, WithoutTheLprRuleOnlyTheAllInCapApplies) {
  const AprCapTable table = parse_apr_cap_table("cap 2020-08-20 24\nlpr 2024-10-21 3.10\n").value();
  const AprCap cap = table.cap_on(day("2025-01-01")).value();
  EXPECT_EQ(cap.percent.to_string(), "24");
  EXPECT_EQ(cap.basis, "all-in cap 24% from 2020-08-20");
}

TEST(AprCapTest, BadLinesAreNamed) {
  auto error = [](std::string_view text) { return parse_apr_cap_table(text).error().message; };
  EXPECT_EQ(error("cap 2020-08-20 24\ncap 2020-02-30 20\n"),
            "line 2: cap needs a date and a percent");
  EXPECT_EQ(error("cap 2020-08-20 24\ncap 2019-01-01 36\n"),
            "line 2: cap entries must be in increasing date order");
  EXPECT_EQ(error("ceiling 2020-08-20 24\n"),
            "line 1: unknown entry 'ceiling' (cap, lpr or lpr-multiple)");
  EXPECT_EQ(error("cap 2020-08-20 124\n"), "line 1: a percent is 0 to 100");
  EXPECT_EQ(error("lpr-multiple 0\n"), "line 1: lpr-multiple needs a whole number from 1 to 99");
  EXPECT_EQ(error("cap 2020-08-20 24 extra\n"), "line 1: unexpected 'extra'");
  EXPECT_EQ(error("lpr-multiple 4\n"), "lpr-multiple is set but no lpr entry is given");
}

TEST(AprCapTest, TheShippedTableParsesAndCapsAt24) {
  std::ifstream in(std::string(SMECREDIT_SOURCE_DIR) + "/rates/apr-caps.txt");
  std::stringstream text;
  text << in.rdbuf();
  const auto table = parse_apr_cap_table(text.str());
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table.value().cap_on(day("2026-11-22")).value().percent.to_string(), "24");
}

}  // namespace
}  // namespace smecredit::loan
