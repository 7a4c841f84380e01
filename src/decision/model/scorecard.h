// Scorecards: binned features with points, scaled by base score, base odds
// and points to double the odds (PDO); training from data; a versioned JSON
// format; evaluation with reason codes.
//
// Scaling: factor = pdo / ln 2, offset = base_score - factor * ln(base_odds);
// score = offset + factor * ln(odds of good). With the fitted
// log-odds(bad) = intercept + sum_j coefficient_j * woe_j, a bin's points are
// -factor * coefficient_j * woe_j and base_points = offset - factor *
// intercept, so score = base_points + the points of each feature's bin. A
// higher score means less risk.
//
// JSON (format "smecredit.scorecard", version 1):
//   {"format":"smecredit.scorecard","version":1,
//    "scaling":{"base_score":600,"base_odds":50,"pdo":20},
//    "intercept":-0.85,"base_points":...,
//    "features":[{"name":"duration_in_month","kind":"numeric","coefficient":-0.9,
//                 "iv":0.21,"fallback_bin":3,
//                 "bins":[{"upper":12,"count":..,"bads":..,"woe":..,"points":..},
//                         {"upper":null,...},{"missing":true,...}]},
//                {"name":"purpose","kind":"categorical",...,
//                 "bins":[{"categories":["car (used)","retraining"],...}]}]}
// "upper": null is +infinity. Loading validates every member and names the
// one at fault. Evaluation is pure and allocation-light.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "decision/model/binning.h"
#include "decision/model/dataset.h"

namespace smecredit::model {

struct Scaling {
  double base_score = 600;
  double base_odds = 50;  // good : bad at the base score
  double pdo = 20;

  double factor() const;
  double offset() const;
};

struct ScorecardFeature {
  FeatureBinning binning;  // bins carry woe; points parallel to bins
  std::vector<double> points;
  double coefficient = 0;
};

// One feature's value for scoring.
struct FeatureValue {
  enum class Kind { kMissing, kNumber, kCategory };
  Kind kind = Kind::kMissing;
  double number = 0;
  std::string_view category;

  static FeatureValue missing() { return {}; }
  static FeatureValue of(double value) { return {Kind::kNumber, value, {}}; }
  static FeatureValue of(std::string_view value) { return {Kind::kCategory, 0, value}; }
};

struct ReasonCode {
  size_t feature = 0;     // index into Scorecard::features
  double points_gap = 0;  // the feature's best points minus the points it got (> 0)
};

struct ScoreResult {
  double score = 0;
  std::vector<double> feature_points;  // per feature
  std::vector<ReasonCode> reasons;     // largest gap first; features at their best omitted
};

struct ScorecardOptions {
  BinningOptions binning;
  Scaling scaling;
  double min_iv = 0.02;  // features below are not used
};

struct Scorecard {
  Scaling scaling;
  double intercept = 0;
  double base_points = 0;
  std::vector<ScorecardFeature> features;

  // `values` parallel to `features`. A number for a categorical feature (or
  // text for a numeric one) counts as unknown and takes the fallback bin.
  ScoreResult score(std::span<const FeatureValue> values) const;
  // Probability of bad implied by a score through the scaling.
  double probability_of_bad(double score) const;
  // Row `row` of `dataset` (columns found by name; an absent one is missing).
  ScoreResult score_row(const Dataset& dataset, size_t row) const;
};

// Every candidate feature's binning and IV, largest IV first, and whether the
// fitted scorecard used it.
struct IvReportLine {
  FeatureBinning binning;
  bool selected = false;
};

struct TrainedScorecard {
  Scorecard scorecard;
  std::vector<IvReportLine> iv_report;
};

// Bins every column, keeps those with IV >= min_iv, fits the logistic
// regression on their WOE, and drops (one at a time, refitting) any feature
// whose coefficient has the wrong sign (> 0: more WOE, more risk), then
// scales. Errors: sizes differ, no usable feature, a failed fit.
Result<TrainedScorecard> train_scorecard(const Dataset& data, const std::vector<int>& labels,
                                         const ScorecardOptions& options);

// The IV report as aligned text: feature, kind, bins, IV, used.
std::string format_iv_report(const std::vector<IvReportLine>& report);

std::string scorecard_to_json(const Scorecard& scorecard);
Result<Scorecard> scorecard_from_json(std::string_view text);

}  // namespace smecredit::model
