// A row-major matrix of float features, the input of tree models; NaN is a
// missing value.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace smecredit::model {

struct DenseMatrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<float> values;  // rows * cols

  std::span<const float> row(size_t r) const { return {values.data() + r * cols, cols}; }
};

}  // namespace smecredit::model
