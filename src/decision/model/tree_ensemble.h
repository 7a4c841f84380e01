// A compiled ensemble of binary regression trees (gradient boosting) with a
// logistic link, evaluated the way libxgboost 1.7 evaluates it.
//
// Semantics, bit for bit those of XGBoost's CPU predictor: feature values
// are float; at a split, NaN (missing) follows the node's default direction,
// otherwise `x < threshold` goes left; the margin is the base margin plus
// each tree's leaf value, summed in float in tree order; the probability is
// XGBoost's float sigmoid of the margin.
//
// Layout: every tree's nodes live in one contiguous array, each tree in
// breadth-first order with a node's two children adjacent (right = left + 1),
// so a walk touches one 16-byte node per level; the step is branch-free and
// runs a fixed number of times per tree, so consecutive trees' walks overlap
// in the CPU. Immutable after build; safe to
// share between threads. Pure: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace smecredit::model {

namespace internal {
struct PathElement;  // TreeSHAP's unique-path element (tree_ensemble.cc)
}  // namespace internal

// One tree as XGBoost describes it: parallel arrays indexed by node id, node
// 0 the root, left_children[i] == -1 for a leaf (whose value is
// split_conditions[i]), sum_hessian the node's cover (used by SHAP).
struct TreeArrays {
  std::vector<int32_t> left_children;
  std::vector<int32_t> right_children;
  std::vector<uint32_t> split_indices;
  std::vector<float> split_conditions;
  std::vector<uint8_t> default_left;
  std::vector<float> sum_hessian;
};

class TreeEnsemble {
 public:
  TreeEnsemble() = default;  // empty: no trees, no features

  // Deeper trees are refused (TreeSHAP's path buffer grows with depth²).
  static constexpr uint32_t kMaxTreeDepth = 256;

  // Compiles `trees` over `feature_count` (>= 1) features. Errors
  // (kInvalidArgument): arrays of different lengths, a child out of range or
  // reached twice, a split on a feature >= feature_count, an empty tree, a
  // tree deeper than kMaxTreeDepth.
  static Result<TreeEnsemble> build(const std::vector<TreeArrays>& trees, uint32_t feature_count,
                                    float base_margin);

  uint32_t feature_count() const { return feature_count_; }
  size_t tree_count() const { return roots_.size(); }
  float base_margin() const { return base_margin_; }

  // `row` holds at least feature_count() values (NaN = missing).
  float predict_margin(std::span<const float> row) const;
  float predict_probability(std::span<const float> row) const;

  // Path-dependent TreeSHAP (Lundberg et al. 2018), as XGBoost's
  // pred_contribs: `out` gets feature_count() + 1 values, the last being the
  // bias (base margin plus each tree's expected value); they sum to the
  // margin up to float rounding.
  void shap_contributions(std::span<const float> row, std::span<float> out) const;

 private:
  // A leaf points to itself (left = its own index, internal = 0), so a walk
  // takes exactly its tree's depth in steps without branching on leaves.
  struct Node {
    float value;            // threshold of a split, value of a leaf
    uint32_t feature;       // split feature (0 for a leaf)
    uint32_t left;          // absolute index of the left child (itself for a leaf)
    uint16_t default_left;  // 1 when a missing value goes left
    uint16_t internal;      // 1 for a split, 0 for a leaf
  };

  Status append_tree(const TreeArrays& tree);
  static uint32_t next_node(const Node& node, float x);
  void tree_shap(std::span<const float> row, std::span<float> phi, uint32_t node,
                 internal::PathElement* parent_path, unsigned depth, float zero_fraction,
                 float one_fraction, int feature) const;

  std::vector<Node> nodes_;
  std::vector<uint32_t> roots_;
  std::vector<uint32_t> depths_;       // per tree: the maximum depth
  std::vector<float> cover_;           // per node: sum of hessians
  std::vector<float> expected_value_;  // per node: cover-weighted mean of its leaves
  uint32_t feature_count_ = 0;
  float base_margin_ = 0;
};

// XGBoost's float sigmoid (src/common/math.h): 1 / (1 + exp(-x)) with the
// exponent clamped at 88.7.
float xgboost_sigmoid(float margin);

}  // namespace smecredit::model
