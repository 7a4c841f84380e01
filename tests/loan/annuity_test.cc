#include "loan/annuity.h"

#include <gtest/gtest.h>

namespace smecredit::loan {
namespace {

TEST(EqualInstallment, PmtEightPercentTenMonthsTenThousand) {
  // PMT(8%/12, 10, 10000) = 1,037.03
  EXPECT_EQ(equal_installment(1'000'000, {8, 1200}, 10, 1, Rounding::kHalfEven), 103'703);
}

TEST(EqualInstallment, IssueReferenceBeforeAndAfterTheMultiple) {
  // 5,000.00 at 1% a month over 18: 304.9102... -> 304.91, or 305 whole yuan.
  EXPECT_EQ(equal_installment(500'000, {1, 100}, 18, 1, Rounding::kHalfEven), 30'491);
  EXPECT_EQ(equal_installment(500'000, {1, 100}, 18, 100, Rounding::kHalfEven), 30'500);
}

TEST(EqualInstallment, ZeroRateSplitsEvenly) {
  EXPECT_EQ(equal_installment(120'000, {0, 1200}, 12, 1, Rounding::kHalfEven), 10'000);
  // 1000.00 / 3 = 333.333.. -> 333.33
  EXPECT_EQ(equal_installment(100'000, {0, 1200}, 3, 1, Rounding::kHalfUp), 33'333);
}

TEST(EqualInstallment, TiesFollowTheRoundingMode) {
  // 1 fen over 2 periods at 0%: 0.5 fen -> half-even 0, half-up 1.
  EXPECT_EQ(equal_installment(1, {0, 1}, 2, 1, Rounding::kHalfEven), 0);
  EXPECT_EQ(equal_installment(1, {0, 1}, 2, 1, Rounding::kHalfUp), 1);
  // 3 fen over 2 periods: 1.5 -> half-even 2.
  EXPECT_EQ(equal_installment(3, {0, 1}, 2, 1, Rounding::kHalfEven), 2);
}

TEST(EqualInstallment, SinglePeriodIsPrincipalPlusInterest) {
  // 1,000.00 at 1% for one period = 1,010.00 exactly.
  EXPECT_EQ(equal_installment(100'000, {1, 100}, 1, 1, Rounding::kHalfEven), 101'000);
}

TEST(EqualInstallment, LongDailyTermStaysExact) {
  // 10,000.00 at 36.5% a year, daily over 730 days: i = 0.001 a day.
  // PMT = 10000 * 0.001 / (1 - 1.001^-730) = 19.3081... a day (checked with
  // exact rational arithmetic).
  EXPECT_EQ(equal_installment(1'000'000, {365, 365'000}, 730, 1, Rounding::kHalfEven), 1'931);
}

}  // namespace
}  // namespace smecredit::loan
