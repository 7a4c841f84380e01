#include "decision/model/metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace smecredit::model {

namespace {

std::vector<size_t> order_by_score(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  return order;
}

// Cut points at the expected sample's quantiles (distinct values only).
std::vector<double> quantile_cuts(std::vector<double> values, int bins) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  std::sort(values.begin(), values.end());
  std::vector<double> cuts;
  for (int q = 1; q < bins && !values.empty(); ++q) {
    const double cut = values[values.size() * static_cast<size_t>(q) / static_cast<size_t>(bins)];
    if (cut > values.front() && (cuts.empty() || cut > cuts.back())) cuts.push_back(cut);
  }
  return cuts;
}

// Counts per bin: values below cuts[0], ..., at or above cuts.back(), missing.
std::vector<int64_t> numeric_counts(const std::vector<double>& values,
                                    const std::vector<double>& cuts) {
  std::vector<int64_t> counts(cuts.size() + 2, 0);
  for (const double v : values) {
    if (std::isnan(v)) {
      ++counts.back();
      continue;
    }
    ++counts[static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin())];
  }
  return counts;
}

Result<double> categorical_csi(const Column& expected, const Column& actual) {
  std::map<std::string, std::pair<int64_t, int64_t>> counts;
  for (const std::string& c : expected.categories) ++counts[c].first;
  for (const std::string& c : actual.categories) ++counts[c].second;
  std::vector<int64_t> e;
  std::vector<int64_t> a;
  for (const auto& [category, pair] : counts) {
    e.push_back(pair.first);
    a.push_back(pair.second);
  }
  return stability_index(e, a);
}

}  // namespace

Result<Discrimination> discrimination(const std::vector<double>& scores,
                                      const std::vector<int>& labels) {
  if (scores.size() != labels.size()) {
    return Error{ErrorCode::kInvalidArgument, "scores and labels differ in size"};
  }
  const auto positives = static_cast<double>(std::count(labels.begin(), labels.end(), 1));
  const double negatives = static_cast<double>(labels.size()) - positives;
  if (positives == 0 || negatives == 0) {
    return Error{ErrorCode::kInvalidArgument, "metrics need both classes"};
  }
  const std::vector<size_t> order = order_by_score(scores);
  double rank_sum = 0;  // ranks of the positives, ties averaged
  double cum_pos = 0;
  double cum_neg = 0;
  Discrimination out;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    double tie_pos = 0;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) tie_pos += labels[order[j++]];
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    rank_sum += tie_pos * average_rank;
    cum_pos += tie_pos;
    cum_neg += static_cast<double>(j - i) - tie_pos;
    out.ks = std::max(out.ks, std::abs(cum_neg / negatives - cum_pos / positives));
    i = j;
  }
  out.auc = (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives);
  out.gini = 2.0 * out.auc - 1.0;
  out.n = labels.size();
  return out;
}

Result<double> stability_index(const std::vector<int64_t>& expected_counts,
                               const std::vector<int64_t>& actual_counts) {
  if (expected_counts.size() != actual_counts.size()) {
    return Error{ErrorCode::kInvalidArgument, "stability index: bin counts differ"};
  }
  const auto e_total = static_cast<double>(
      std::accumulate(expected_counts.begin(), expected_counts.end(), int64_t{0}));
  const auto a_total =
      static_cast<double>(std::accumulate(actual_counts.begin(), actual_counts.end(), int64_t{0}));
  if (e_total == 0 || a_total == 0) {
    return Error{ErrorCode::kInvalidArgument, "stability index: an empty sample"};
  }
  double index = 0;
  for (size_t i = 0; i < expected_counts.size(); ++i) {
    const double e = std::max(static_cast<double>(expected_counts[i]) / e_total, 1e-4);
    const double a = std::max(static_cast<double>(actual_counts[i]) / a_total, 1e-4);
    index += (a - e) * std::log(a / e);
  }
  return index;
}

Result<double> psi(const std::vector<double>& expected, const std::vector<double>& actual,
                   int bins) {
  const std::vector<double> cuts = quantile_cuts(expected, std::max(bins, 1));
  return stability_index(numeric_counts(expected, cuts), numeric_counts(actual, cuts));
}

Result<std::vector<CharacteristicStability>> csi(const Dataset& expected, const Dataset& actual) {
  std::vector<CharacteristicStability> out;
  for (const Column& column : expected.columns) {
    const Column* other = actual.find(column.name);
    if (other == nullptr) continue;
    CharacteristicStability item{column.name, 0};
    if (column.kind == ColumnKind::kNumeric && other->kind == ColumnKind::kNumeric) {
      SC_ASSIGN_OR_RETURN(item.csi, psi(column.numbers, other->numbers));
    } else if (column.kind == ColumnKind::kCategorical && other->kind == column.kind) {
      SC_ASSIGN_OR_RETURN(item.csi, categorical_csi(column, *other));
    } else {
      return Error{ErrorCode::kInvalidArgument, "column '" + column.name + "' changed kind"};
    }
    out.push_back(item);
  }
  return out;
}

}  // namespace smecredit::model
