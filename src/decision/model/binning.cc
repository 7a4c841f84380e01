#include "decision/model/binning.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace smecredit::model {

namespace {

double bad_rate(const Bin& bin) {
  return bin.count == 0 ? 0.0 : static_cast<double>(bin.bads) / static_cast<double>(bin.count);
}

void absorb(Bin* into, const Bin& from) {
  into->count += from.count;
  into->bads += from.bads;
  into->upper = std::max(into->upper, from.upper);
  into->categories.insert(into->categories.end(), from.categories.begin(), from.categories.end());
}

// Merges bins[i + 1] into bins[i].
void merge_at(std::vector<Bin>* bins, size_t i) {
  absorb(&(*bins)[i], (*bins)[i + 1]);
  bins->erase(bins->begin() + static_cast<ptrdiff_t>(i) + 1);
}

double bin_iv(const Bin& bin, int64_t goods, int64_t bads) {
  const double g = std::max<double>(static_cast<double>(bin.count - bin.bads), 0.5) / goods;
  const double b = std::max<double>(static_cast<double>(bin.bads), 0.5) / bads;
  return (g - b) * std::log(g / b);
}

// Merges adjacent bins until the bad rate strictly increases (increasing) or
// strictly decreases along the bins.
void make_monotonic(std::vector<Bin>* bins, bool increasing) {
  for (size_t i = 0; i + 1 < bins->size();) {
    const double here = bad_rate((*bins)[i]);
    const double next = bad_rate((*bins)[i + 1]);
    if (increasing ? here < next : here > next) {
      ++i;
      continue;
    }
    merge_at(bins, i);
    if (i > 0) --i;  // the merged bin may now violate against its left neighbour
  }
}

// Merges the adjacent pair that loses the least IV until at most max_bins.
void limit_bins(std::vector<Bin>* bins, size_t max_bins, int64_t goods, int64_t bads) {
  while (bins->size() > max_bins) {
    size_t best = 0;
    double best_loss = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i + 1 < bins->size(); ++i) {
      Bin merged = (*bins)[i];
      absorb(&merged, (*bins)[i + 1]);
      const double loss = bin_iv((*bins)[i], goods, bads) + bin_iv((*bins)[i + 1], goods, bads) -
                          bin_iv(merged, goods, bads);
      if (loss < best_loss) {
        best_loss = loss;
        best = i;
      }
    }
    merge_at(bins, best);
  }
}

double total_iv(const std::vector<Bin>& bins, int64_t goods, int64_t bads) {
  double iv = 0;
  for (const Bin& bin : bins) iv += bin_iv(bin, goods, bads);
  return iv;
}

// Applies both trends and keeps the one with the larger IV.
std::vector<Bin> monotonic_bins(const std::vector<Bin>& fine, size_t max_bins, int64_t goods,
                                int64_t bads, bool try_decreasing) {
  std::vector<Bin> up = fine;
  make_monotonic(&up, true);
  limit_bins(&up, max_bins, goods, bads);
  if (!try_decreasing) return up;
  std::vector<Bin> down = fine;
  make_monotonic(&down, false);
  limit_bins(&down, max_bins, goods, bads);
  return total_iv(down, goods, bads) > total_iv(up, goods, bads) ? down : up;
}

// Quantile fine bins over sorted (value, label) pairs; each holds at least
// min_count rows and cuts fall only between distinct values.
std::vector<Bin> numeric_fine_bins(const std::vector<std::pair<double, int>>& sorted,
                                   int64_t min_count, int fine_bins) {
  const int64_t target =
      std::max<int64_t>(min_count, static_cast<int64_t>(sorted.size()) / std::max(fine_bins, 1));
  std::vector<Bin> bins(1);
  for (size_t i = 0; i < sorted.size(); ++i) {
    Bin& bin = bins.back();
    ++bin.count;
    bin.bads += sorted[i].second;
    const bool boundary = i + 1 < sorted.size() && sorted[i + 1].first > sorted[i].first;
    if (boundary && bin.count >= target) {
      bin.upper = sorted[i + 1].first;
      bins.emplace_back();
    }
  }
  if (bins.size() > 1 && bins.back().count < min_count) {
    bins[bins.size() - 2].upper = std::numeric_limits<double>::infinity();
    merge_at(&bins, bins.size() - 2);
  }
  bins.back().upper = std::numeric_limits<double>::infinity();
  return bins;
}

// Merges every bin below min_count into the neighbour with the closer bad
// rate, smallest bins first.
void merge_small(std::vector<Bin>* bins, int64_t min_count) {
  while (bins->size() > 1) {
    size_t smallest = 0;
    for (size_t i = 1; i < bins->size(); ++i) {
      if ((*bins)[i].count < (*bins)[smallest].count) smallest = i;
    }
    if ((*bins)[smallest].count >= min_count) return;
    const double rate = bad_rate((*bins)[smallest]);
    const bool left = smallest + 1 == bins->size() ||
                      (smallest > 0 && std::abs(bad_rate((*bins)[smallest - 1]) - rate) <=
                                           std::abs(bad_rate((*bins)[smallest + 1]) - rate));
    merge_at(bins, left ? smallest - 1 : smallest);
  }
}

std::vector<Bin> categorical_fine_bins(const Column& column, const std::vector<int>& labels) {
  std::map<std::string, Bin> by_category;
  for (size_t r = 0; r < column.categories.size(); ++r) {
    if (column.is_missing(r)) continue;
    Bin& bin = by_category[column.categories[r]];
    if (bin.categories.empty()) bin.categories.push_back(column.categories[r]);
    ++bin.count;
    bin.bads += labels[r];
  }
  std::vector<Bin> bins;
  bins.reserve(by_category.size());
  for (auto& [name, bin] : by_category) bins.push_back(std::move(bin));
  std::stable_sort(bins.begin(), bins.end(),
                   [](const Bin& a, const Bin& b) { return bad_rate(a) < bad_rate(b); });
  return bins;
}

Bin missing_bin(const Column& column, const std::vector<int>& labels) {
  Bin bin;
  bin.missing = true;
  for (size_t r = 0; r < labels.size(); ++r) {
    if (!column.is_missing(r)) continue;
    ++bin.count;
    bin.bads += labels[r];
  }
  return bin;
}

size_t riskiest_value_bin(const std::vector<Bin>& bins) {
  size_t riskiest = 0;
  for (size_t i = 0; i < bins.size(); ++i) {
    if (!bins[i].missing && bad_rate(bins[i]) > bad_rate(bins[riskiest])) riskiest = i;
  }
  return riskiest;
}

}  // namespace

size_t FeatureBinning::bin_of_number(double value) const {
  if (std::isnan(value)) {
    return !bins.empty() && bins.back().missing ? bins.size() - 1 : fallback_bin;
  }
  for (size_t i = 0; i < bins.size(); ++i) {
    if (!bins[i].missing && value < bins[i].upper) return i;
  }
  return fallback_bin;
}

size_t FeatureBinning::bin_of_category(std::string_view category) const {
  if (category.empty()) {
    return !bins.empty() && bins.back().missing ? bins.size() - 1 : fallback_bin;
  }
  for (size_t i = 0; i < bins.size(); ++i) {
    for (const std::string& c : bins[i].categories) {
      if (c == category) return i;
    }
  }
  return fallback_bin;
}

size_t FeatureBinning::bin_of(const Column& column, size_t row) const {
  return kind == ColumnKind::kNumeric ? bin_of_number(column.numbers[row])
                                      : bin_of_category(column.categories[row]);
}

void compute_woe(FeatureBinning* binning, int64_t goods, int64_t bads) {
  binning->iv = 0;
  for (Bin& bin : binning->bins) {
    const double g = std::max<double>(static_cast<double>(bin.count - bin.bads), 0.5) / goods;
    const double b = std::max<double>(static_cast<double>(bin.bads), 0.5) / bads;
    bin.woe = std::log(g / b);
    binning->iv += (g - b) * bin.woe;
  }
}

Result<FeatureBinning> bin_feature(const Column& column, const std::vector<int>& labels,
                                   const BinningOptions& options) {
  const size_t rows = labels.size();
  if (column.size() != rows || rows == 0) {
    return Error{ErrorCode::kInvalidArgument, "column '" + column.name + "' and labels differ"};
  }
  const int64_t bads = std::accumulate(labels.begin(), labels.end(), int64_t{0});
  const int64_t goods = static_cast<int64_t>(rows) - bads;
  if (goods == 0 || bads == 0) {
    return Error{ErrorCode::kInvalidArgument, "binning needs both goods and bads"};
  }
  const auto min_count =
      static_cast<int64_t>(std::ceil(options.min_bin_fraction * static_cast<double>(rows)));
  const auto max_bins = static_cast<size_t>(std::max(options.max_bins, 1));
  FeatureBinning binning;
  binning.name = column.name;
  binning.kind = column.kind;
  std::vector<Bin> fine;
  if (column.kind == ColumnKind::kNumeric) {
    std::vector<std::pair<double, int>> sorted;
    for (size_t r = 0; r < rows; ++r) {
      if (!column.is_missing(r)) sorted.emplace_back(column.numbers[r], labels[r]);
    }
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.empty()) fine = numeric_fine_bins(sorted, min_count, options.fine_bins);
  } else {
    fine = categorical_fine_bins(column, labels);
    merge_small(&fine, min_count);
  }
  const bool numeric = column.kind == ColumnKind::kNumeric;
  binning.bins = fine.empty() ? fine : monotonic_bins(fine, max_bins, goods, bads, numeric);
  const Bin missing = missing_bin(column, labels);
  if (missing.count > 0) binning.bins.push_back(missing);
  binning.fallback_bin = riskiest_value_bin(binning.bins);
  compute_woe(&binning, goods, bads);
  return binning;
}

}  // namespace smecredit::model
