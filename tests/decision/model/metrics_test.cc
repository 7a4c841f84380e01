#include "decision/model/metrics.h"

#include <gtest/gtest.h>

namespace smecredit::model {
namespace {

TEST(MetricsTest, AucKsGiniOnKnownCases) {
  const auto perfect = discrimination({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}).value();
  EXPECT_DOUBLE_EQ(perfect.auc, 1.0);
  EXPECT_DOUBLE_EQ(perfect.ks, 1.0);
  EXPECT_DOUBLE_EQ(perfect.gini, 1.0);
  EXPECT_EQ(perfect.n, 4u);
  const auto tied = discrimination({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}).value();
  EXPECT_DOUBLE_EQ(tied.auc, 0.5);
  EXPECT_DOUBLE_EQ(tied.ks, 0.0);
  // Pairs (pos, neg): (0.4 vs 0.1, 0.4, 0.6) -> 1 + 0.5 + 0; (0.7 vs all) -> 3; AUC = 4.5 / 6.
  const auto mixed = discrimination({0.1, 0.4, 0.6, 0.4, 0.7}, {0, 0, 0, 1, 1}).value();
  EXPECT_DOUBLE_EQ(mixed.auc, 4.5 / 6.0);
  EXPECT_FALSE(discrimination({0.1, 0.2}, {1, 1}).ok());
  EXPECT_FALSE(discrimination({0.1}, {1, 0}).ok());
}

TEST(MetricsTest, PsiIsZeroForTheSameSampleAndGrowsWithShift) {
  std::vector<double> base;
  std::vector<double> shifted;
  for (int i = 0; i < 1000; ++i) {
    base.push_back(i % 100);
    shifted.push_back((i % 100) + 30);
  }
  EXPECT_NEAR(psi(base, base).value(), 0.0, 1e-12);
  EXPECT_GT(psi(base, shifted).value(), 0.25);
  EXPECT_NEAR(stability_index({50, 50}, {50, 50}).value(), 0.0, 1e-12);
  EXPECT_FALSE(stability_index({1}, {1, 2}).ok());
}

TEST(MetricsTest, CsiPerCharacteristic) {
  Dataset a;
  Dataset b;
  a.rows = b.rows = 4;
  a.columns = {Column{"c", ColumnKind::kCategorical, {}, {"x", "x", "y", "y"}}};
  b.columns = {Column{"c", ColumnKind::kCategorical, {}, {"x", "y", "y", "y"}}};
  const auto out = csi(a, b).value();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].name, "c");
  EXPECT_NEAR(out[0].csi, (0.25 - 0.5) * std::log(0.25 / 0.5) + (0.75 - 0.5) * std::log(0.75 / 0.5),
              1e-12);
}

}  // namespace
}  // namespace smecredit::model
