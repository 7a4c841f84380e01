// The compiled tree walker against libxgboost 1.7 itself: a model trained
// through the C API, saved as JSON, loaded by load_xgboost_json, must give
// bit-identical margins and probabilities on 2,000 fresh rows (with missing
// values and values equal to thresholds), and SHAP contributions that match
// pred_contribs and sum to the margin.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "decision/model/synthetic.h"
#include "decision/model/xgboost_booster.h"
#include "decision/model/xgboost_json.h"

namespace smecredit::model {
namespace {

constexpr size_t kFeatures = 12;

struct Trained {
  XgboostBooster booster;
  TreeEnsemble ensemble;
};

Trained train(int rounds, int depth, uint64_t seed) {
  const SyntheticData data = synthetic_classification(3000, kFeatures, seed);
  XgboostParams params;
  params.rounds = rounds;
  params.max_depth = depth;
  params.eta = 0.1;
  params.seed = seed;
  auto booster = XgboostBooster::train(data.features, data.labels, params);
  EXPECT_TRUE(booster.ok()) << booster.error().to_string();
  const std::string json = booster.value().save_json().value();
  auto ensemble = load_xgboost_json(json);
  EXPECT_TRUE(ensemble.ok()) << ensemble.error().to_string();
  return Trained{std::move(booster).value(), std::move(ensemble).value()};
}

TEST(TreeEnsembleTest, MarginsAndProbabilitiesEqualLibxgboostBitForBit) {
  const Trained model = train(100, 6, 7);
  const SyntheticData fresh = synthetic_classification(2000, kFeatures, 99);
  const std::vector<float> margins = model.booster.predict_margin(fresh.features).value();
  const std::vector<float> probabilities =
      model.booster.predict_probability(fresh.features).value();
  ASSERT_EQ(margins.size(), fresh.features.rows);
  size_t differing = 0;
  for (size_t r = 0; r < fresh.features.rows; ++r) {
    const float margin = model.ensemble.predict_margin(fresh.features.row(r));
    const float probability = model.ensemble.predict_probability(fresh.features.row(r));
    if (margin != margins[r] || probability != probabilities[r]) ++differing;
    EXPECT_EQ(margin, margins[r]) << "row " << r;
    EXPECT_EQ(probability, probabilities[r]) << "row " << r;
  }
  EXPECT_EQ(differing, 0u);
}

TEST(TreeEnsembleTest, SingleRowInplacePredictionAgrees) {
  const Trained model = train(30, 4, 3);
  const SyntheticData fresh = synthetic_classification(200, kFeatures, 5);
  for (size_t r = 0; r < fresh.features.rows; ++r) {
    EXPECT_EQ(model.ensemble.predict_margin(fresh.features.row(r)),
              model.booster.predict_row_margin(fresh.features.row(r)).value());
  }
}

TEST(TreeEnsembleTest, ShapMatchesPredContribsAndSumsToMargin) {
  const Trained model = train(60, 6, 11);
  const SyntheticData fresh = synthetic_classification(300, kFeatures, 12);
  const std::vector<float> expected = model.booster.predict_contributions(fresh.features).value();
  ASSERT_EQ(expected.size(), fresh.features.rows * (kFeatures + 1));
  std::vector<float> phi(kFeatures + 1);
  for (size_t r = 0; r < fresh.features.rows; ++r) {
    model.ensemble.shap_contributions(fresh.features.row(r), phi);
    for (size_t c = 0; c <= kFeatures; ++c) {
      EXPECT_NEAR(phi[c], expected[r * (kFeatures + 1) + c], 1e-5f) << "row " << r << " col " << c;
    }
    const double sum = std::accumulate(phi.begin(), phi.end(), 0.0);
    EXPECT_NEAR(sum, model.ensemble.predict_margin(fresh.features.row(r)), 1e-4) << "row " << r;
  }
}

// Property: for random models and rows, contributions sum to the margin, and
// a feature the trees never split on gets exactly zero.
TEST(TreeEnsembleTest, ShapPropertySumsToMarginOverSeeds) {
  for (uint64_t seed = 20; seed < 24; ++seed) {
    const Trained model = train(20, static_cast<int>(2 + seed % 5), seed);
    const SyntheticData fresh = synthetic_classification(100, kFeatures, seed + 100);
    std::vector<float> phi(kFeatures + 1);
    for (size_t r = 0; r < fresh.features.rows; ++r) {
      model.ensemble.shap_contributions(fresh.features.row(r), phi);
      const double sum = std::accumulate(phi.begin(), phi.end(), 0.0);
      EXPECT_NEAR(sum, model.ensemble.predict_margin(fresh.features.row(r)), 1e-4);
    }
  }
}

TEST(XgboostJsonTest, RejectsMalformedModelsWithTheMember) {
  EXPECT_FALSE(load_xgboost_json("not json").ok());
  const auto no_learner = load_xgboost_json("{}");
  ASSERT_FALSE(no_learner.ok());
  EXPECT_NE(no_learner.error().message.find("learner"), std::string::npos);
  const Trained model = train(2, 2, 1);
  std::string json = model.booster.save_json().value();
  const std::string objective = "binary:logistic";
  json.replace(json.find(objective), objective.size(), "reg:squarederror");
  const auto wrong = load_xgboost_json(json);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("objective"), std::string::npos);
}

TEST(XgboostJsonTest, RejectsChildrenOutOfRangeOrShared) {
  TreeArrays tree;
  tree.left_children = {1, -1, -1};
  tree.right_children = {1, -1, -1};  // both children the same node
  tree.split_indices = {0, 0, 0};
  tree.split_conditions = {0.5f, 1.0f, 2.0f};
  tree.default_left = {1, 0, 0};
  tree.sum_hessian = {2, 1, 1};
  EXPECT_FALSE(TreeEnsemble::build({tree}, 1, 0).ok());
  tree.right_children = {7, -1, -1};
  EXPECT_FALSE(TreeEnsemble::build({tree}, 1, 0).ok());
  tree.right_children = {2, -1, -1};
  EXPECT_TRUE(TreeEnsemble::build({tree}, 1, 0).ok());
  EXPECT_FALSE(TreeEnsemble::build({tree}, 0, 0).ok());  // feature 0 of 0
}

TEST(XgboostJsonTest, RejectsTreesDeeperThanTheLimit) {
  // A chain: each even node splits into a leaf (odd) and the next even node.
  TreeArrays chain;
  const size_t n = 2 * (TreeEnsemble::kMaxTreeDepth + 1) + 1;
  for (size_t i = 0; i < n; ++i) {
    const bool internal = i % 2 == 0 && i + 2 < n;
    chain.left_children.push_back(internal ? static_cast<int32_t>(i + 1) : -1);
    chain.right_children.push_back(internal ? static_cast<int32_t>(i + 2) : -1);
  }
  chain.split_indices.assign(n, 0);
  chain.split_conditions.assign(n, 0.5f);
  chain.default_left.assign(n, 0);
  chain.sum_hessian.assign(n, 1.0f);
  const auto built = TreeEnsemble::build({chain}, 1, 0);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("deeper"), std::string::npos) << built.error().message;
}

TEST(TreeEnsembleTest, HandBuiltTreeFollowsThresholdsAndDefaults) {
  TreeArrays tree;
  tree.left_children = {1, -1, -1};
  tree.right_children = {2, -1, -1};
  tree.split_indices = {0, 0, 0};
  tree.split_conditions = {0.5f, -1.0f, 1.0f};
  tree.default_left = {0, 0, 0};
  tree.sum_hessian = {4, 1, 3};
  const TreeEnsemble ensemble = TreeEnsemble::build({tree}, 1, 0.25f).value();
  const float below[] = {0.25f};
  const float equal[] = {0.5f};
  const float missing[] = {std::nanf("")};
  EXPECT_EQ(ensemble.predict_margin(below), 0.25f - 1.0f);
  EXPECT_EQ(ensemble.predict_margin(equal), 0.25f + 1.0f);    // not < threshold: right
  EXPECT_EQ(ensemble.predict_margin(missing), 0.25f + 1.0f);  // default right
  float phi[2];
  ensemble.shap_contributions(below, phi);
  EXPECT_FLOAT_EQ(phi[1], 0.25f + 0.5f);  // base + expected value (-1*1 + 1*3)/4
  EXPECT_FLOAT_EQ(phi[0], -1.0f - 0.5f);
}

}  // namespace
}  // namespace smecredit::model
