#include "decision/model/logistic.h"

#include <algorithm>
#include <cmath>

namespace smecredit::model {

namespace {

// Solves a * out = b in place for symmetric positive definite `a` (n x n,
// row-major); false when `a` is not positive definite.
bool cholesky_solve(std::vector<double> a, size_t n, std::vector<double>* b) {
  for (size_t j = 0; j < n; ++j) {
    double diagonal = a[j * n + j];
    for (size_t k = 0; k < j; ++k) diagonal -= a[j * n + k] * a[j * n + k];
    if (!(diagonal > 0)) return false;
    a[j * n + j] = std::sqrt(diagonal);
    for (size_t i = j + 1; i < n; ++i) {
      double sum = a[i * n + j];
      for (size_t k = 0; k < j; ++k) sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / a[j * n + j];
    }
  }
  std::vector<double>& v = *b;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) v[i] -= a[i * n + k] * v[k];
    v[i] /= a[i * n + i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t k = i + 1; k < n; ++k) v[i] -= a[k * n + i] * v[k];
    v[i] /= a[i * n + i];
  }
  return true;
}

// One Newton step: fills the gradient and Hessian of the penalised
// log-likelihood at `beta` (intercept first).
void gradient_and_hessian(const std::vector<double>& x, size_t cols, const std::vector<int>& y,
                          const std::vector<double>& beta, double ridge,
                          std::vector<double>* gradient, std::vector<double>* hessian) {
  const size_t n = cols + 1;
  gradient->assign(n, 0.0);
  hessian->assign(n * n, 0.0);
  std::vector<double> row(n, 1.0);
  for (size_t r = 0; r < y.size(); ++r) {
    std::copy(x.begin() + static_cast<ptrdiff_t>(r * cols),
              x.begin() + static_cast<ptrdiff_t>((r + 1) * cols), row.begin() + 1);
    double eta = 0;
    for (size_t j = 0; j < n; ++j) eta += beta[j] * row[j];
    const double p = 1.0 / (1.0 + std::exp(-eta));
    const double w = std::max(p * (1.0 - p), 1e-12);
    for (size_t j = 0; j < n; ++j) {
      (*gradient)[j] += (y[r] - p) * row[j];
      for (size_t k = 0; k <= j; ++k) (*hessian)[j * n + k] += w * row[j] * row[k];
    }
  }
  for (size_t j = 0; j < n; ++j) {
    for (size_t k = 0; k < j; ++k) (*hessian)[k * n + j] = (*hessian)[j * n + k];
  }
  for (size_t j = 1; j < n; ++j) {
    (*gradient)[j] -= ridge * beta[j];
    (*hessian)[j * n + j] += ridge;
  }
}

}  // namespace

Result<LogisticFit> fit_logistic(const std::vector<double>& x, size_t cols,
                                 const std::vector<int>& y, const LogisticOptions& options) {
  if (y.empty() || x.size() != y.size() * cols) {
    return Error{ErrorCode::kInvalidArgument, "logistic regression: sizes differ or no rows"};
  }
  std::vector<double> beta(cols + 1, 0.0);
  std::vector<double> gradient;
  std::vector<double> hessian;
  LogisticFit fit;
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    gradient_and_hessian(x, cols, y, beta, options.ridge, &gradient, &hessian);
    if (!cholesky_solve(hessian, cols + 1, &gradient)) {
      return Error{ErrorCode::kFailedPrecondition, "logistic regression: singular Hessian"};
    }
    double largest_step = 0;
    for (size_t j = 0; j <= cols; ++j) {
      beta[j] += gradient[j];
      largest_step = std::max(largest_step, std::abs(gradient[j]));
    }
    if (largest_step < 1e-10) break;
  }
  fit.intercept = beta[0];
  fit.slopes.assign(beta.begin() + 1, beta.end());
  return fit;
}

}  // namespace smecredit::model
