#include "decision/model/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace smecredit::model {

// One unique-path element of TreeSHAP; names follow the paper.
struct internal::PathElement {
  int feature;
  float zero_fraction;
  float one_fraction;
  float weight;
};

namespace {

Error bad_tree(size_t tree, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, "tree " + std::to_string(tree) + ": " + what};
}

Status check_lengths(const TreeArrays& tree, size_t index) {
  const size_t n = tree.left_children.size();
  if (n == 0) return bad_tree(index, "has no nodes");
  if (tree.right_children.size() != n || tree.split_indices.size() != n ||
      tree.split_conditions.size() != n || tree.default_left.size() != n ||
      tree.sum_hessian.size() != n) {
    return bad_tree(index, "node arrays differ in length");
  }
  return ok_status();
}

using internal::PathElement;

void extend_path(PathElement* path, unsigned depth, float zero_fraction, float one_fraction,
                 int feature) {
  path[depth] = {feature, zero_fraction, one_fraction, depth == 0 ? 1.0f : 0.0f};
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    path[i + 1].weight +=
        one_fraction * path[i].weight * static_cast<float>(i + 1) / static_cast<float>(depth + 1);
    path[i].weight = zero_fraction * path[i].weight * static_cast<float>(depth - i) /
                     static_cast<float>(depth + 1);
  }
}

void unwind_path(PathElement* path, unsigned depth, unsigned index) {
  const float one_fraction = path[index].one_fraction;
  const float zero_fraction = path[index].zero_fraction;
  float next_one_portion = path[depth].weight;
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    if (one_fraction != 0) {
      const float tmp = path[i].weight;
      path[i].weight = next_one_portion * static_cast<float>(depth + 1) /
                       static_cast<float>(static_cast<float>(i + 1) * one_fraction);
      next_one_portion = tmp - path[i].weight * zero_fraction * static_cast<float>(depth - i) /
                                   static_cast<float>(depth + 1);
    } else {
      path[i].weight = (path[i].weight * static_cast<float>(depth + 1)) /
                       static_cast<float>(zero_fraction * static_cast<float>(depth - i));
    }
  }
  for (unsigned i = index; i < depth; ++i) {
    path[i].feature = path[i + 1].feature;
    path[i].zero_fraction = path[i + 1].zero_fraction;
    path[i].one_fraction = path[i + 1].one_fraction;
  }
}

float unwound_path_sum(const PathElement* path, unsigned depth, unsigned index) {
  const float one_fraction = path[index].one_fraction;
  const float zero_fraction = path[index].zero_fraction;
  float next_one_portion = path[depth].weight;
  float total = 0;
  for (int i = static_cast<int>(depth) - 1; i >= 0; --i) {
    if (one_fraction != 0) {
      const float tmp = next_one_portion * static_cast<float>(depth + 1) /
                        static_cast<float>(static_cast<float>(i + 1) * one_fraction);
      total += tmp;
      next_one_portion =
          path[i].weight -
          tmp * zero_fraction * (static_cast<float>(depth - i) / static_cast<float>(depth + 1));
    } else if (zero_fraction != 0) {
      total += (path[i].weight / zero_fraction) /
               (static_cast<float>(depth - i) / static_cast<float>(depth + 1));
    }
  }
  return total;
}

}  // namespace

float xgboost_sigmoid(float margin) {
  const float exponent = std::min(-margin, 88.7f);
  const float denominator = std::exp(exponent) + 1.0f + 1e-16f;
  return 1.0f / denominator;
}

Result<TreeEnsemble> TreeEnsemble::build(const std::vector<TreeArrays>& trees,
                                         uint32_t feature_count, float base_margin) {
  if (feature_count == 0) return Error{ErrorCode::kInvalidArgument, "a model needs a feature"};
  TreeEnsemble ensemble;
  ensemble.feature_count_ = feature_count;
  ensemble.base_margin_ = base_margin;
  for (size_t t = 0; t < trees.size(); ++t) {
    SC_RETURN_IF_ERROR(check_lengths(trees[t], t));
    Status appended = ensemble.append_tree(trees[t]);
    if (!appended.ok()) return bad_tree(t, appended.error().message);
  }
  return ensemble;
}

// Lays the tree out breadth-first from XGBoost node ids, children adjacent,
// then fills each node's expected value bottom-up (reverse BFS order).
Status TreeEnsemble::append_tree(const TreeArrays& tree) {
  const size_t n = tree.left_children.size();
  const uint32_t root = static_cast<uint32_t>(nodes_.size());
  std::vector<int32_t> source{0};  // XGBoost id of each new node, in BFS order
  std::vector<uint32_t> depth{0};
  std::vector<bool> seen(n, false);
  seen[0] = true;
  for (size_t k = 0; k < source.size(); ++k) {
    const int32_t id = source[k];
    const int32_t left = tree.left_children[id];
    const auto self = static_cast<uint32_t>(root + k);
    Node node{tree.split_conditions[id], 0, self, 1, 0};
    if (left != -1) {
      const int32_t right = tree.right_children[id];
      for (const int32_t child : {left, right}) {
        if (child <= 0 || static_cast<size_t>(child) >= n || seen[child]) {
          return Error{ErrorCode::kInvalidArgument,
                       "node " + std::to_string(id) + " has a bad child " + std::to_string(child)};
        }
        seen[child] = true;
      }
      if (tree.split_indices[id] >= feature_count_) {
        return Error{ErrorCode::kInvalidArgument, "node " + std::to_string(id) +
                                                      " splits on feature " +
                                                      std::to_string(tree.split_indices[id]) +
                                                      " of " + std::to_string(feature_count_)};
      }
      node.feature = tree.split_indices[id];
      node.left = root + static_cast<uint32_t>(source.size());
      node.default_left = tree.default_left[id] != 0 ? 1 : 0;
      node.internal = 1;
      source.push_back(left);
      source.push_back(right);
      if (depth[k] + 1 > kMaxTreeDepth) {
        return Error{ErrorCode::kInvalidArgument,
                     "deeper than " + std::to_string(kMaxTreeDepth) + " levels"};
      }
      depth.push_back(depth[k] + 1);
      depth.push_back(depth[k] + 1);
    }
    nodes_.push_back(node);
    cover_.push_back(tree.sum_hessian[id]);
  }
  expected_value_.resize(nodes_.size());
  for (size_t k = source.size(); k-- > 0;) {
    const uint32_t i = root + static_cast<uint32_t>(k);
    const Node& node = nodes_[i];
    if (node.internal == 0) {
      expected_value_[i] = node.value;
      continue;
    }
    float mean = expected_value_[node.left] * cover_[node.left];
    mean += expected_value_[node.left + 1] * cover_[node.left + 1];
    expected_value_[i] = mean / cover_[i];
  }
  roots_.push_back(root);
  depths_.push_back(*std::max_element(depth.begin(), depth.end()));
  return ok_status();
}

// Right when !(x < threshold), except that a missing x goes left when the
// default is left; a leaf stays where it is.
inline uint32_t TreeEnsemble::next_node(const Node& node, float x) {
  const uint32_t not_less = !(x < node.value) ? 1u : 0u;
  const uint32_t missing_left = (x != x ? 1u : 0u) & node.default_left;  // x != x: NaN
  return node.left + (not_less & ~missing_left & node.internal);
}

// Walks kLanes trees in lockstep (independent chains of loads the CPU
// overlaps), then adds their leaves in tree order, as XGBoost does.
float TreeEnsemble::predict_margin(std::span<const float> row) const {
  constexpr size_t kLanes = 8;
  const Node* nodes = nodes_.data();
  const float* x = row.data();
  float margin = base_margin_;
  size_t t = 0;
  for (; t + kLanes <= roots_.size(); t += kLanes) {
    uint32_t at[kLanes];
    uint32_t steps = 0;
    for (size_t k = 0; k < kLanes; ++k) {
      at[k] = roots_[t + k];
      steps = std::max(steps, depths_[t + k]);
    }
    for (; steps > 0; --steps) {
      for (size_t k = 0; k < kLanes; ++k) at[k] = next_node(nodes[at[k]], x[nodes[at[k]].feature]);
    }
    for (size_t k = 0; k < kLanes; ++k) margin += nodes[at[k]].value;
  }
  for (; t < roots_.size(); ++t) {
    uint32_t i = roots_[t];
    for (uint32_t step = depths_[t]; step > 0; --step) i = next_node(nodes[i], x[nodes[i].feature]);
    margin += nodes[i].value;
  }
  return margin;
}

float TreeEnsemble::predict_probability(std::span<const float> row) const {
  return xgboost_sigmoid(predict_margin(row));
}

void TreeEnsemble::shap_contributions(std::span<const float> row, std::span<float> out) const {
  std::fill(out.begin(), out.end(), 0.0f);
  std::vector<float> tree_phi(feature_count_ + 1);
  std::vector<PathElement> path;
  for (size_t t = 0; t < roots_.size(); ++t) {
    std::fill(tree_phi.begin(), tree_phi.end(), 0.0f);
    tree_phi[feature_count_] += expected_value_[roots_[t]];
    const size_t max_depth = depths_[t] + 2;
    path.assign(max_depth * (max_depth + 1) / 2, PathElement{});
    tree_shap(row, tree_phi, roots_[t], path.data(), 0, 1, 1, -1);
    for (size_t c = 0; c < tree_phi.size(); ++c) out[c] += tree_phi[c];
  }
  out[feature_count_] += base_margin_;
}

void TreeEnsemble::tree_shap(std::span<const float> row, std::span<float> phi, uint32_t node_index,
                             PathElement* parent, unsigned depth, float zero_fraction,
                             float one_fraction, int feature) const {
  // Each level works on its own copy of the path, stacked after the parent's.
  PathElement* path = parent + depth + 1;
  std::copy(parent, parent + depth + 1, path);
  extend_path(path, depth, zero_fraction, one_fraction, feature);
  const Node& node = nodes_[node_index];
  if (node.internal == 0) {
    for (unsigned i = 1; i <= depth; ++i) {
      const float w = unwound_path_sum(path, depth, i);
      const PathElement& el = path[i];
      phi[el.feature] += w * (el.one_fraction - el.zero_fraction) * node.value;
    }
    return;
  }
  const uint32_t hot = next_node(node, row[node.feature]);
  const uint32_t cold = hot == node.left ? node.left + 1 : node.left;
  const float w = cover_[node_index];
  const float hot_zero_fraction = cover_[hot] / w;
  const float cold_zero_fraction = cover_[cold] / w;
  float incoming_zero_fraction = 1;
  float incoming_one_fraction = 1;
  unsigned path_index = 0;
  for (; path_index <= depth; ++path_index) {
    if (path[path_index].feature == static_cast<int>(node.feature)) break;
  }
  if (path_index != depth + 1) {
    incoming_zero_fraction = path[path_index].zero_fraction;
    incoming_one_fraction = path[path_index].one_fraction;
    unwind_path(path, depth, path_index);
    depth -= 1;
  }
  const int split = static_cast<int>(node.feature);
  tree_shap(row, phi, hot, path, depth + 1, hot_zero_fraction * incoming_zero_fraction,
            incoming_one_fraction, split);
  tree_shap(row, phi, cold, path, depth + 1, cold_zero_fraction * incoming_zero_fraction, 0, split);
}

}  // namespace smecredit::model
