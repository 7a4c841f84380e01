// Discrimination and stability metrics for binary models.
//
// Scores are "higher means more likely positive (bad)". AUC is the
// Mann-Whitney statistic with tied scores counted as one half; KS is the
// largest gap between the cumulative bad and good distributions over score
// thresholds (ties kept together); Gini = 2 AUC - 1. PSI compares a score's
// distribution between an expected (baseline) and an actual sample over the
// expected sample's deciles; CSI is the same index per characteristic
// (feature). Pure.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"
#include "decision/model/dataset.h"

namespace smecredit::model {

struct Discrimination {
  double auc = 0;
  double ks = 0;
  double gini = 0;
  size_t n = 0;
};

// Errors: sizes differ, or only one class present.
Result<Discrimination> discrimination(const std::vector<double>& scores,
                                      const std::vector<int>& labels);

// sum over bins of (a - e) * ln(a / e) over the two count vectors' shares,
// each share floored at 1e-4. Errors: sizes differ, an empty side.
Result<double> stability_index(const std::vector<int64_t>& expected_counts,
                               const std::vector<int64_t>& actual_counts);

// PSI of `actual` against `expected` over (up to) `bins` quantile bins of
// `expected`; missing (NaN) values form their own bin.
Result<double> psi(const std::vector<double>& expected, const std::vector<double>& actual,
                   int bins = 10);

struct CharacteristicStability {
  std::string name;
  double csi = 0;
};

// CSI of every column of `expected` that `actual` also has: numeric columns
// over the expected deciles, categorical ones per category (missing its own).
Result<std::vector<CharacteristicStability>> csi(const Dataset& expected, const Dataset& actual);

}  // namespace smecredit::model
