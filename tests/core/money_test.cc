#include "core/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>

namespace smecredit {
namespace {

Money cny(std::string_view text) {
  return Money::parse(text, kCny).value();
}

TEST(MoneyTest, ParsesAndFormatsExactly) {
  EXPECT_EQ(cny("5000.00").minor_units(), 500000);
  EXPECT_EQ(cny("12").minor_units(), 1200);
  EXPECT_EQ(cny("0.5").minor_units(), 50);
  EXPECT_EQ(cny("-3.07").minor_units(), -307);
  EXPECT_EQ(cny("5000.00").to_string(), "5000.00");
  EXPECT_EQ(Money::from_minor_units(-5, kCny).to_string(), "-0.05");
  EXPECT_EQ(Money::parse("1200", find_currency("JPY").value()).value().to_string(), "1200");
}

TEST(MoneyTest, RejectsMoreDigitsThanTheMinorUnit) {
  const auto parsed = Money::parse("1.005", kCny);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
}

TEST(MoneyTest, RejectsGarbage) {
  for (const char* text : {"", "-", "1.", ".5.", "1e3", " 1", "1 ", "abc", "1,000.00", "+-1"}) {
    EXPECT_FALSE(Money::parse(text, kCny).ok()) << text;
  }
}

TEST(MoneyTest, AdditionOverflowIsReportedNotWrapped) {
  const Money max = Money::from_minor_units(std::numeric_limits<int64_t>::max(), kCny);
  const auto sum = max.add(Money::from_minor_units(1, kCny));
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.error().code, ErrorCode::kOverflow);
  const Money min = Money::from_minor_units(std::numeric_limits<int64_t>::min(), kCny);
  EXPECT_EQ(min.subtract(Money::from_minor_units(1, kCny)).error().code, ErrorCode::kOverflow);
  EXPECT_EQ(min.negate().error().code, ErrorCode::kOverflow);
}

TEST(MoneyTest, MultiplicationOverflowIsReported) {
  const Money big = Money::from_minor_units(1'000'000'000'000'000'000, kCny);  // 10^18 fen
  EXPECT_EQ(big.multiply(10).error().code, ErrorCode::kOverflow);
  EXPECT_EQ(big.multiply_ratio(100, 1, Rounding::kHalfEven).error().code, ErrorCode::kOverflow);
  EXPECT_TRUE(big.multiply_ratio(100, 1000, Rounding::kHalfEven).ok());
  EXPECT_EQ(Money::parse("99999999999999999999.00", kCny).error().code, ErrorCode::kOverflow);
}

TEST(MoneyTest, MixingCurrenciesIsAnError) {
  const Money usd = Money::parse("1.00", find_currency("USD").value()).value();
  EXPECT_EQ(cny("1.00").add(usd).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(find_currency("XXX").ok());
}

TEST(MoneyTest, MonthlyInterestRoundsOnce) {
  // 5000.00 at 12% a year for one month: 5000 * 0.12 / 12 = 50.00
  EXPECT_EQ(cny("5000.00").multiply_ratio(12, 1200, Rounding::kHalfEven).value().to_string(),
            "50.00");
  // 0.125 fen rounds to 0 half-even, 0.5 fen to 0 (even), 1.5 fen to 2.
  EXPECT_EQ(Money::from_minor_units(1, kCny)
                .multiply_ratio(1, 2, Rounding::kHalfEven)
                .value()
                .minor_units(),
            0);
  EXPECT_EQ(Money::from_minor_units(3, kCny)
                .multiply_ratio(1, 2, Rounding::kHalfEven)
                .value()
                .minor_units(),
            2);
  EXPECT_EQ(Money::from_minor_units(1, kCny)
                .multiply_ratio(1, 2, Rounding::kHalfUp)
                .value()
                .minor_units(),
            1);
  const Decimal rate = Decimal::parse("0.0365").value();
  EXPECT_EQ(cny("100.00").multiply_rate(rate, Rounding::kHalfUp).value().to_string(), "3.65");
}

// Property: for random amounts, add then subtract returns the original, and
// splitting an amount into n parts by multiply_ratio(1, n, kDown) plus the
// remainder sums back exactly.
TEST(MoneyTest, PropertySplittingPreservesTheSum) {
  std::mt19937_64 rng(20261122);
  std::uniform_int_distribution<int64_t> amount(1, 1'000'000'000'000);
  std::uniform_int_distribution<int> parts(1, 360);
  for (int trial = 0; trial < 10'000; ++trial) {
    const Money total = Money::from_minor_units(amount(rng), kCny);
    const int n = parts(rng);
    const Money share = total.multiply_ratio(1, n, Rounding::kDown).value();
    Money sum = Money::zero(kCny);
    for (int i = 0; i < n - 1; ++i) sum = sum.add(share).value();
    const Money last = total.subtract(sum).value();
    EXPECT_FALSE(last.is_negative());
    EXPECT_EQ(sum.add(last).value(), total);
  }
}

}  // namespace
}  // namespace smecredit
