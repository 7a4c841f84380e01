// Reproducible train/test splits, stratified by a label, and the SplitMix64
// generator they use (its output is fixed on every platform, unlike the
// <random> distributions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace smecredit::model {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, bound) (bias below 2^-40 for the sizes used here).
  uint64_t below(uint64_t bound) { return next() % bound; }

 private:
  uint64_t state_;
};

struct RowSplit {
  std::vector<size_t> train;  // row indices, ascending
  std::vector<size_t> test;
};

// Within each stratum (e.g. label value), shuffles the rows with SplitMix64
// (Fisher-Yates) and puts round(train_fraction * size) of them in train.
// The same strata, fraction and seed give the same split everywhere.
RowSplit split_rows(const std::vector<int>& strata, double train_fraction, uint64_t seed);

}  // namespace smecredit::model
