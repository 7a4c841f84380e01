// Binning invariants (property tests), logistic regression, scaling, the
// scorecard JSON format and reason codes.
#include "decision/model/scorecard.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "decision/model/binning.h"
#include "decision/model/logistic.h"
#include "decision/model/split.h"

namespace smecredit::model {
namespace {

double rate(const Bin& bin) {
  return static_cast<double>(bin.bads) / static_cast<double>(bin.count);
}

// A numeric column whose bad rate follows a random shape, with missing values.
std::pair<Column, std::vector<int>> random_numeric(uint64_t seed, size_t rows) {
  SplitMix64 rng(seed);
  Column column{"x", ColumnKind::kNumeric, {}, {}};
  std::vector<int> labels;
  const double a = rng.uniform() * 4 - 2;
  const double b = rng.uniform() * 4 - 2;
  const int grid = 3 + static_cast<int>(rng.below(200));
  for (size_t r = 0; r < rows; ++r) {
    const bool missing = rng.uniform() < 0.03;
    const double x = std::floor(rng.uniform() * grid);
    column.numbers.push_back(missing ? std::nan("") : x);
    const double t = x / grid;
    const double p = 1.0 / (1.0 + std::exp(-(a * t + b * std::sin(6 * t) - 1)));
    labels.push_back(rng.uniform() < p ? 1 : 0);
  }
  labels[0] = 1;
  labels[1] = 0;
  return {column, labels};
}

void expect_binning_invariants(const FeatureBinning& b, size_t rows, const BinningOptions& o) {
  std::vector<const Bin*> value_bins;
  int64_t total = 0;
  for (const Bin& bin : b.bins) {
    total += bin.count;
    if (!bin.missing) value_bins.push_back(&bin);
  }
  EXPECT_EQ(total, static_cast<int64_t>(rows));
  EXPECT_LE(value_bins.size(), static_cast<size_t>(o.max_bins));
  for (const Bin* bin : value_bins) {
    EXPECT_GE(static_cast<double>(bin->count), o.min_bin_fraction * static_cast<double>(rows));
  }
  if (value_bins.size() < 2) return;
  const bool increasing = rate(*value_bins[1]) > rate(*value_bins[0]);
  for (size_t i = 1; i < value_bins.size(); ++i) {
    if (increasing) {
      EXPECT_GT(rate(*value_bins[i]), rate(*value_bins[i - 1])) << b.name << " bin " << i;
    } else {
      EXPECT_LT(rate(*value_bins[i]), rate(*value_bins[i - 1])) << b.name << " bin " << i;
    }
  }
}

TEST(BinningPropertyTest, NumericBinsAreMonotonicLargeEnoughAndFew) {
  const BinningOptions options;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const size_t rows = 300 + seed * 37;
    const auto [column, labels] = random_numeric(seed, rows);
    const FeatureBinning b = bin_feature(column, labels, options).value();
    expect_binning_invariants(b, rows, options);
    for (size_t r = 0; r < rows; ++r) {
      const Bin& bin = b.bins[b.bin_of(column, r)];
      EXPECT_EQ(bin.missing, std::isnan(column.numbers[r]));
    }
    EXPECT_GE(b.iv, 0.0);
  }
}

TEST(BinningPropertyTest, CategoricalBinsAreMonotonicAndLargeEnough) {
  const BinningOptions options;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SplitMix64 rng(seed);
    Column column{"c", ColumnKind::kCategorical, {}, {}};
    std::vector<int> labels;
    const size_t categories = 2 + rng.below(25);
    for (size_t r = 0; r < 800; ++r) {
      const size_t k = rng.below(categories) * rng.below(categories) / categories;
      column.categories.push_back(rng.uniform() < 0.02 ? "" : "cat" + std::to_string(k));
      labels.push_back(rng.uniform() < 0.1 + 0.6 * static_cast<double>(k) / categories ? 1 : 0);
    }
    const FeatureBinning b = bin_feature(column, labels, options).value();
    expect_binning_invariants(b, 800, options);
    EXPECT_EQ(b.bins[b.bin_of_category("never seen")].missing, false);
  }
}

TEST(BinningTest, WoeSignFollowsRisk) {
  Column column{"x", ColumnKind::kNumeric, {}, {}};
  std::vector<int> labels;
  for (int r = 0; r < 1000; ++r) {
    column.numbers.push_back(r % 100);
    labels.push_back((r % 100) >= 70 && r % 3 != 0 ? 1 : 0);
  }
  const FeatureBinning b = bin_feature(column, labels, BinningOptions{}).value();
  ASSERT_GE(b.bins.size(), 2u);
  EXPECT_GT(b.bins.front().woe, 0);  // low x, few bads: positive WOE
  EXPECT_LT(b.bins.back().woe, 0);
  EXPECT_GT(b.iv, 0.5);
}

TEST(LogisticTest, RecoversCoefficientsOfAKnownModel) {
  SplitMix64 rng(5);
  std::vector<double> x;
  std::vector<int> y;
  for (int r = 0; r < 20000; ++r) {
    const double a = rng.uniform() * 2 - 1;
    const double b = rng.uniform() * 2 - 1;
    x.push_back(a);
    x.push_back(b);
    const double p = 1.0 / (1.0 + std::exp(-(-0.5 + 2.0 * a - 1.0 * b)));
    y.push_back(rng.uniform() < p ? 1 : 0);
  }
  const LogisticFit fit = fit_logistic(x, 2, y, LogisticOptions{}).value();
  EXPECT_NEAR(fit.intercept, -0.5, 0.08);
  EXPECT_NEAR(fit.slopes[0], 2.0, 0.12);
  EXPECT_NEAR(fit.slopes[1], -1.0, 0.1);
  EXPECT_LT(fit.iterations, 20);
  EXPECT_FALSE(fit_logistic({1.0}, 2, {1}, LogisticOptions{}).ok());
}

Scorecard two_feature_card() {
  Scorecard card;
  card.base_points = 500;
  ScorecardFeature age;
  age.binning.name = "age";
  age.binning.kind = ColumnKind::kNumeric;
  age.binning.bins = {Bin{25, {}, false, 10, 5, -0.5}, Bin{}, Bin{}};
  age.binning.bins[1].woe = 0.4;
  age.binning.bins[2].missing = true;
  age.points = {-10, 20, 0};
  ScorecardFeature purpose;
  purpose.binning.name = "purpose";
  purpose.binning.kind = ColumnKind::kCategorical;
  purpose.binning.bins = {Bin{}, Bin{}};
  purpose.binning.bins[0].categories = {"car", "tv"};
  purpose.binning.bins[1].categories = {"business"};
  purpose.binning.fallback_bin = 1;
  purpose.points = {15, -30};
  card.features = {age, purpose};
  return card;
}

TEST(ScorecardTest, PointsAndReasonCodes) {
  const Scorecard card = two_feature_card();
  const FeatureValue young_car[] = {FeatureValue::of(20.0), FeatureValue::of("car")};
  const ScoreResult r = card.score(young_car);
  EXPECT_DOUBLE_EQ(r.score, 500 - 10 + 15);
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0].feature, 0u);
  EXPECT_DOUBLE_EQ(r.reasons[0].points_gap, 30);
  const FeatureValue missing_unknown[] = {FeatureValue::missing(), FeatureValue::of("boat")};
  const ScoreResult m = card.score(missing_unknown);
  EXPECT_DOUBLE_EQ(m.score, 500 + 0 - 30);
  ASSERT_EQ(m.reasons.size(), 2u);
  EXPECT_EQ(m.reasons[0].feature, 1u);  // 45 points lost beats 20
  EXPECT_DOUBLE_EQ(m.reasons[0].points_gap, 45);
}

TEST(ScorecardTest, ScalingDoublesOddsEveryPdo) {
  Scorecard card;
  card.scaling = Scaling{600, 50, 20};
  EXPECT_NEAR(card.probability_of_bad(600), 1.0 / 51.0, 1e-12);
  const double odds_at = (1 - card.probability_of_bad(620)) / card.probability_of_bad(620);
  EXPECT_NEAR(odds_at, 100, 1e-9);
  EXPECT_NEAR(card.scaling.factor(), 20 / std::numbers::ln2, 1e-12);
}

TEST(ScorecardTest, JsonRoundTripsExactly) {
  const Scorecard card = two_feature_card();
  const std::string json = scorecard_to_json(card);
  const Scorecard back = scorecard_from_json(json).value();
  EXPECT_EQ(scorecard_to_json(back), json);
  const FeatureValue values[] = {FeatureValue::of(30.0), FeatureValue::of("business")};
  EXPECT_EQ(back.score(values).score, card.score(values).score);
}

TEST(ScorecardTest, MalformedJsonNamesTheMember) {
  std::string json = scorecard_to_json(two_feature_card());
  const auto wrong_version = scorecard_from_json(R"({"format":"smecredit.scorecard","version":9})");
  EXPECT_FALSE(wrong_version.ok());
  const std::string points = "\"points\":-30.0";
  ASSERT_NE(json.find(points), std::string::npos) << json;
  json.replace(json.find(points), points.size(), "\"points\":\"x\"");
  const auto bad = scorecard_from_json(json);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("features[1].bins[1].points"), std::string::npos)
      << bad.error().message;
}

TEST(ScorecardTest, TrainsOnSyntheticDataWithSensibleSigns) {
  Dataset data;
  const auto [x, labels] = random_numeric(3, 3000);
  Column noise{"noise", ColumnKind::kNumeric, {}, {}};
  SplitMix64 rng(9);
  for (size_t r = 0; r < 3000; ++r) noise.numbers.push_back(rng.uniform());
  data.columns = {x, noise};
  data.rows = 3000;
  const TrainedScorecard trained = train_scorecard(data, labels, ScorecardOptions{}).value();
  ASSERT_EQ(trained.iv_report.size(), 2u);
  for (const ScorecardFeature& f : trained.scorecard.features) EXPECT_LE(f.coefficient, 0);
  EXPECT_NE(format_iv_report(trained.iv_report).find("noise"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::model
