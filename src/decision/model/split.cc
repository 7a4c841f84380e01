#include "decision/model/split.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace smecredit::model {

RowSplit split_rows(const std::vector<int>& strata, double train_fraction, uint64_t seed) {
  std::map<int, std::vector<size_t>> by_stratum;
  for (size_t r = 0; r < strata.size(); ++r) by_stratum[strata[r]].push_back(r);
  SplitMix64 rng(seed);
  RowSplit split;
  for (auto& [stratum, rows] : by_stratum) {
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng.below(i)]);
    const auto train_count =
        static_cast<size_t>(std::llround(train_fraction * static_cast<double>(rows.size())));
    split.train.insert(split.train.end(), rows.begin(),
                       rows.begin() + static_cast<ptrdiff_t>(std::min(train_count, rows.size())));
    split.test.insert(split.test.end(),
                      rows.begin() + static_cast<ptrdiff_t>(std::min(train_count, rows.size())),
                      rows.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

}  // namespace smecredit::model
