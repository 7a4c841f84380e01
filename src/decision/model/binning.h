// Monotonic binning of one feature against a binary label, with weight of
// evidence (WOE) and information value (IV), for scorecards.
//
// Numeric columns: fine bins at quantiles of the non-missing values (each
// holding at least min_bin_fraction of all rows, cut only between distinct
// values), then adjacent bins are merged until the bad rate is strictly
// monotonic (increasing or decreasing, whichever keeps the larger IV), then
// the adjacent pair whose merge loses the least IV is merged until at most
// max_bins remain. Categorical columns: one bin per category, ordered by bad
// rate, small bins merged into their closest neighbour, then the same merges.
// Missing values always get their own bin (exempt from the size rule).
// This is a greedy merge, not a mixed-integer optimum; it is deterministic.
//
// WOE of a bin = ln((goods_in_bin / goods) / (bads_in_bin / bads)), with 0.5
// added to a zero count; positive WOE means less risk. IV = sum over bins of
// (goods share - bads share) * WOE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "decision/model/dataset.h"

namespace smecredit::model {

struct BinningOptions {
  int max_bins = 8;                // not counting the missing bin
  double min_bin_fraction = 0.05;  // of all rows
  int fine_bins = 20;              // numeric pre-binning
};

struct Bin {
  // Numeric: values below `upper` (and at or above the previous bin's upper);
  // the last numeric bin has upper = +infinity.
  double upper = std::numeric_limits<double>::infinity();
  std::vector<std::string> categories;  // categorical: the categories it holds
  bool missing = false;                 // the bin of missing values
  int64_t count = 0;
  int64_t bads = 0;
  double woe = 0;
};

struct FeatureBinning {
  std::string name;
  ColumnKind kind = ColumnKind::kNumeric;
  std::vector<Bin> bins;  // value bins in trend order, then the missing bin if any
  double iv = 0;
  // Bin for values unseen in training (an unknown category, or a missing
  // value when training had none): the value bin with the highest bad rate.
  size_t fallback_bin = 0;

  // The bin of a value; NaN is missing.
  size_t bin_of_number(double value) const;
  // The bin of a category; "" is missing.
  size_t bin_of_category(std::string_view category) const;
  // The bin of row `row` of `column` (of this binning's kind).
  size_t bin_of(const Column& column, size_t row) const;
};

// Bins `column` against `labels` (1 = bad). Errors: sizes differ, no rows.
Result<FeatureBinning> bin_feature(const Column& column, const std::vector<int>& labels,
                                   const BinningOptions& options);

// Fills every bin's WOE and the binning's IV from its counts.
void compute_woe(FeatureBinning* binning, int64_t goods, int64_t bads);

}  // namespace smecredit::model
