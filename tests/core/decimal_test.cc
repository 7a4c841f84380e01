#include "core/decimal.h"

#include <gtest/gtest.h>

namespace smecredit {
namespace {

Decimal dec(std::string_view text) {
  return Decimal::parse(text).value();
}

TEST(DecimalTest, ParsesAndPrintsKeepingScale) {
  EXPECT_EQ(dec("12").to_string(), "12");
  EXPECT_EQ(dec("-0.125").to_string(), "-0.125");
  EXPECT_EQ(dec("1.50").to_string(), "1.50");
  EXPECT_EQ(dec("0.000000000000000001").to_string(), "0.000000000000000001");
  EXPECT_EQ(dec("1.500").normalized().to_string(), "1.5");
}

TEST(DecimalTest, RejectsBadText) {
  for (const char* text : {"", ".", "1.2.3", "1e5", "abc", "1.", "0.0000000000000000001"}) {
    EXPECT_FALSE(Decimal::parse(text).ok()) << text;
  }
  EXPECT_EQ(Decimal::parse("99999999999999999999").error().code, ErrorCode::kOverflow);
}

TEST(DecimalTest, ArithmeticIsExact) {
  EXPECT_EQ(dec("0.1").add(dec("0.2")).value(), dec("0.3"));
  EXPECT_EQ(dec("1.05").subtract(dec("0.05")).value(), dec("1"));
  EXPECT_EQ(dec("0.12").multiply(dec("1.5")).value().to_string(), "0.180");
  EXPECT_EQ(dec("0.12").divide(dec("12"), 4, Rounding::kHalfEven).value().to_string(), "0.0100");
  EXPECT_EQ(dec("1").divide(dec("3"), 6, Rounding::kHalfUp).value().to_string(), "0.333333");
  EXPECT_EQ(dec("2").divide(dec("3"), 6, Rounding::kHalfUp).value().to_string(), "0.666667");
  EXPECT_FALSE(dec("1").divide(dec("0"), 2, Rounding::kHalfEven).ok());
}

TEST(DecimalTest, ComparesAcrossScales) {
  EXPECT_EQ(dec("1.50"), dec("1.5"));
  EXPECT_LT(dec("0.099"), dec("0.1"));
  EXPECT_GT(dec("-0.1"), dec("-0.11"));
}

TEST(DecimalTest, OverflowIsAnErrorValue) {
  const Decimal big = dec("9000000000000000000");
  EXPECT_EQ(big.add(big).error().code, ErrorCode::kOverflow);
  EXPECT_EQ(big.multiply(dec("10")).error().code, ErrorCode::kOverflow);
  EXPECT_EQ(dec("0.000000001").rescale(18, Rounding::kHalfEven).value().to_string(),
            "0.000000001000000000");
  EXPECT_EQ(dec("1.25").rescale(1, Rounding::kHalfEven).value().to_string(), "1.2");
  EXPECT_EQ(dec("1.35").rescale(1, Rounding::kHalfEven).value().to_string(), "1.4");
}

}  // namespace
}  // namespace smecredit
