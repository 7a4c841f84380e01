// Logistic regression by Newton's method (iteratively reweighted least
// squares) with a small ridge penalty on the slopes, for scorecards.
//
// Deterministic: starts from zero, solves each Newton step with a Cholesky
// factorisation, stops when no coefficient moves by more than 1e-10 or after
// max_iterations. Pure; sizes are small (tens of features).
#pragma once

#include <cstddef>
#include <vector>

#include "core/result.h"

namespace smecredit::model {

struct LogisticFit {
  double intercept = 0;
  std::vector<double> slopes;  // one per column of x
  int iterations = 0;
};

struct LogisticOptions {
  double ridge = 1e-6;  // lambda on the slopes, not the intercept
  int max_iterations = 100;
};

// Fits P(y = 1 | x) = 1 / (1 + exp(-(intercept + slopes . x))). `x` is
// row-major with `cols` columns; `y` holds 0 or 1. Errors: sizes differ, no
// rows, or a singular Hessian.
Result<LogisticFit> fit_logistic(const std::vector<double>& x, size_t cols,
                                 const std::vector<int>& y, const LogisticOptions& options);

}  // namespace smecredit::model
