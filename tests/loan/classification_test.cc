#include "loan/classification.h"

#include <gtest/gtest.h>

namespace smecredit::loan {
namespace {

TEST(Classification, DefaultBuckets) {
  const DpdBucketConfig b = default_dpd_buckets();
  EXPECT_EQ(dpd_bucket(0, b), "current");
  EXPECT_EQ(dpd_bucket(1, b), "1-30");
  EXPECT_EQ(dpd_bucket(30, b), "1-30");
  EXPECT_EQ(dpd_bucket(31, b), "31-60");
  EXPECT_EQ(dpd_bucket(90, b), "61-90");
  EXPECT_EQ(dpd_bucket(180, b), "91-180");
  EXPECT_EQ(dpd_bucket(5000, b), "181+");
  EXPECT_TRUE(validate_dpd_buckets(b).ok());
}

TEST(Classification, DefaultThresholds) {
  const ClassificationThresholds t = default_classification_thresholds();
  EXPECT_EQ(classify(0, t), LoanClass::kNormal);
  EXPECT_EQ(classify(1, t), LoanClass::kSpecialMention);
  EXPECT_EQ(classify(90, t), LoanClass::kSpecialMention);
  EXPECT_EQ(classify(91, t), LoanClass::kSubstandard);
  EXPECT_EQ(classify(180, t), LoanClass::kSubstandard);
  EXPECT_EQ(classify(181, t), LoanClass::kDoubtful);
  EXPECT_EQ(classify(360, t), LoanClass::kDoubtful);
  EXPECT_EQ(classify(361, t), LoanClass::kLoss);
  EXPECT_EQ(loan_class_chinese(LoanClass::kSubstandard), "次级");
  EXPECT_EQ(loan_class_name(LoanClass::kSpecialMention), "special-mention");
}

TEST(Classification, BadConfigurationsAreRefused) {
  EXPECT_FALSE(validate_dpd_buckets({{1, 30, "a"}, {20, 40, "b"}}).ok());
  EXPECT_FALSE(validate_dpd_buckets({{1, -1, "a"}, {20, 40, "b"}}).ok());
  EXPECT_FALSE(validate_dpd_buckets({{1, 30, ""}}).ok());
  ClassificationThresholds t;
  t.doubtful_from_days = 91;
  EXPECT_FALSE(validate_thresholds(t).ok());
}

}  // namespace
}  // namespace smecredit::loan
