#include "core/rounding.h"

#include <gtest/gtest.h>

namespace smecredit {
namespace {

int64_t round_div(int64_t n, int64_t d, Rounding mode) {
  return static_cast<int64_t>(divide_rounded(n, d, mode));
}

TEST(RoundingTest, HalfEvenGoesToTheEvenNeighbour) {
  EXPECT_EQ(round_div(5, 2, Rounding::kHalfEven), 2);
  EXPECT_EQ(round_div(7, 2, Rounding::kHalfEven), 4);
  EXPECT_EQ(round_div(-5, 2, Rounding::kHalfEven), -2);
  EXPECT_EQ(round_div(-7, 2, Rounding::kHalfEven), -4);
  EXPECT_EQ(round_div(26, 10, Rounding::kHalfEven), 3);
  EXPECT_EQ(round_div(24, 10, Rounding::kHalfEven), 2);
}

TEST(RoundingTest, HalfUpGoesAwayFromZero) {
  EXPECT_EQ(round_div(5, 2, Rounding::kHalfUp), 3);
  EXPECT_EQ(round_div(-5, 2, Rounding::kHalfUp), -3);
  EXPECT_EQ(round_div(14, 10, Rounding::kHalfUp), 1);
  EXPECT_EQ(round_div(5, -2, Rounding::kHalfUp), -3);
}

TEST(RoundingTest, DownAndUp) {
  EXPECT_EQ(round_div(19, 10, Rounding::kDown), 1);
  EXPECT_EQ(round_div(-19, 10, Rounding::kDown), -1);
  EXPECT_EQ(round_div(11, 10, Rounding::kUp), 2);
  EXPECT_EQ(round_div(-11, 10, Rounding::kUp), -2);
  EXPECT_EQ(round_div(20, 10, Rounding::kUp), 2);
}

TEST(RoundingTest, ParsesNames) {
  EXPECT_EQ(parse_rounding("half-even").value(), Rounding::kHalfEven);
  EXPECT_EQ(rounding_name(parse_rounding("half-up").value()), "half-up");
  EXPECT_FALSE(parse_rounding("banker").ok());
}

TEST(RoundingTest, CheckedMultiplyDetectsOverflow) {
  Int128 out = 0;
  EXPECT_TRUE(checked_multiply(power_of_ten(18), power_of_ten(18), &out));
  EXPECT_FALSE(checked_multiply(power_of_ten(20), power_of_ten(19), &out));
}

}  // namespace
}  // namespace smecredit
