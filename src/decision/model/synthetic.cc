#include "decision/model/synthetic.h"

#include <cmath>
#include <limits>

#include "decision/model/split.h"

namespace smecredit::model {

namespace {

float feature_value(SplitMix64& rng, size_t col) {
  if (rng.uniform() < 0.05) return std::numeric_limits<float>::quiet_NaN();
  const double u = rng.uniform();
  if (col % 3 == 0) return static_cast<float>(std::floor(u * 10.0));  // a coarse grid
  return static_cast<float>(u * 4.0 - 2.0);
}

}  // namespace

SyntheticData synthetic_classification(size_t rows, size_t cols, uint64_t seed) {
  SplitMix64 rng(seed);
  SyntheticData data;
  data.features.rows = rows;
  data.features.cols = cols;
  data.features.values.resize(rows * cols);
  for (size_t r = 0; r < rows; ++r) {
    float* row = data.features.values.data() + r * cols;
    double signal = 0;
    for (size_t c = 0; c < cols; ++c) {
      row[c] = feature_value(rng, c);
      if (std::isnan(row[c])) continue;
      const double x = row[c];
      signal += (c % 4 == 0)   ? 0.3 * x
                : (c % 4 == 1) ? std::sin(2.0 * x)
                : (c % 4 == 2) ? -0.5 * x * x + 0.6
                               : 0.0;
    }
    const double probability =
        1.0 / (1.0 + std::exp(-signal / std::sqrt(static_cast<double>(cols) / 4.0 + 1.0)));
    data.labels.push_back(rng.uniform() < probability ? 1 : 0);
  }
  return data;
}

}  // namespace smecredit::model
