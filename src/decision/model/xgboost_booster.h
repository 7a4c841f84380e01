// A thin RAII wrapper over libxgboost's C API: train a binary:logistic
// gbtree model on a dense float matrix, save it as XGBoost JSON, and predict
// with libxgboost itself (the reference the tree walker is tested and
// benchmarked against).
//
// This is the only code that links libxgboost (library
// smecredit_model_xgboost); the CLI's trainer, the tests and the bench peer
// use it, the evaluation path (TreeEnsemble) never does. Failures of the C
// API are kInternal errors carrying XGBGetLastError(). Training is
// deterministic for a given seed (nthread is fixed at 1 by default).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "decision/model/dense_matrix.h"

namespace smecredit::model {

struct XgboostParams {
  int rounds = 200;
  int max_depth = 3;
  double eta = 0.05;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 1.0;
  double lambda = 1.0;
  uint64_t seed = 0;
  int nthread = 1;
  std::string tree_method = "exact";  // or "hist" (faster on large data)
};

class XgboostBooster {
 public:
  // Trains on `data` with labels 1 (positive, "bad") and 0.
  static Result<XgboostBooster> train(const DenseMatrix& data, const std::vector<int>& labels,
                                      const XgboostParams& params);
  // Loads a model from XGBoost JSON text.
  static Result<XgboostBooster> load_json(std::string_view text);

  XgboostBooster(XgboostBooster&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)) {}
  XgboostBooster& operator=(XgboostBooster&& other) noexcept;
  XgboostBooster(const XgboostBooster&) = delete;
  XgboostBooster& operator=(const XgboostBooster&) = delete;
  ~XgboostBooster();

  // The model as XGBoost JSON (XGBoosterSaveModelToBuffer, format json).
  Result<std::string> save_json() const;

  // XGBoosterPredictFromDMatrix over all rows: type 0 probability, 1 margin,
  // 2 SHAP contributions (cols + 1 per row, bias last).
  Result<std::vector<float>> predict_probability(const DenseMatrix& data) const;
  Result<std::vector<float>> predict_margin(const DenseMatrix& data) const;
  Result<std::vector<float>> predict_contributions(const DenseMatrix& data) const;

  // XGBoosterPredictFromDense for one row (in-place prediction, margin):
  // libxgboost's single-row path.
  Result<float> predict_row_margin(std::span<const float> row) const;

 private:
  explicit XgboostBooster(void* handle) : handle_(handle) {}
  Result<std::vector<float>> predict(const DenseMatrix& data, int type) const;

  void* handle_ = nullptr;  // BoosterHandle
};

}  // namespace smecredit::model
