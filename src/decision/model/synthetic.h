// Synthetic binary-classification data for tests and benchmarks: a
// reproducible dense matrix whose label depends non-linearly on a few
// features, with some values missing (NaN) and some on a coarse grid (so
// values equal to split thresholds occur). Same seed, same data, everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "decision/model/dense_matrix.h"

namespace smecredit::model {

struct SyntheticData {
  DenseMatrix features;
  std::vector<int> labels;  // 1 = positive ("bad")
};

SyntheticData synthetic_classification(size_t rows, size_t cols, uint64_t seed);

}  // namespace smecredit::model
