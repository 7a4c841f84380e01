#include "decision/model/xgboost_booster.h"

#include <xgboost/c_api.h>

#include <cstdio>
#include <limits>

namespace smecredit::model {

namespace {

Error xgboost_error(const char* call) {
  return Error{ErrorCode::kInternal, std::string("libxgboost ") + call + ": " + XGBGetLastError()};
}

#define SC_XGB(call)                              \
  do {                                            \
    if ((call) != 0) return xgboost_error(#call); \
  } while (false)

// Owns a DMatrixHandle.
class Matrix {
 public:
  ~Matrix() {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
  }
  DMatrixHandle* out() { return &handle_; }
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

Status make_matrix(const DenseMatrix& data, Matrix* matrix) {
  SC_XGB(XGDMatrixCreateFromMat(data.values.data(), data.rows, data.cols,
                                std::numeric_limits<float>::quiet_NaN(), matrix->out()));
  return ok_status();
}

Status set_params(BoosterHandle booster, const XgboostParams& p) {
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"},
      {"booster", "gbtree"},
      {"tree_method", p.tree_method},
      {"max_depth", std::to_string(p.max_depth)},
      {"eta", std::to_string(p.eta)},
      {"subsample", std::to_string(p.subsample)},
      {"colsample_bytree", std::to_string(p.colsample_bytree)},
      {"min_child_weight", std::to_string(p.min_child_weight)},
      {"lambda", std::to_string(p.lambda)},
      {"seed", std::to_string(p.seed)},
      {"nthread", std::to_string(p.nthread)},
      {"verbosity", "0"},
  };
  for (const auto& [key, value] : params) SC_XGB(XGBoosterSetParam(booster, key, value.c_str()));
  return ok_status();
}

}  // namespace

XgboostBooster& XgboostBooster::operator=(XgboostBooster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

XgboostBooster::~XgboostBooster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

Result<XgboostBooster> XgboostBooster::train(const DenseMatrix& data,
                                             const std::vector<int>& labels,
                                             const XgboostParams& params) {
  if (labels.size() != data.rows || data.rows == 0 || data.cols == 0) {
    return Error{ErrorCode::kInvalidArgument,
                 "training data and labels differ in size or are empty"};
  }
  Matrix matrix;
  SC_RETURN_IF_ERROR(make_matrix(data, &matrix));
  const std::vector<float> label_values(labels.begin(), labels.end());
  SC_XGB(XGDMatrixSetFloatInfo(matrix.get(), "label", label_values.data(), label_values.size()));
  BoosterHandle handle = nullptr;
  DMatrixHandle train_set[] = {matrix.get()};
  SC_XGB(XGBoosterCreate(train_set, 1, &handle));
  XgboostBooster booster(handle);
  SC_RETURN_IF_ERROR(set_params(handle, params));
  for (int round = 0; round < params.rounds; ++round) {
    SC_XGB(XGBoosterUpdateOneIter(handle, round, matrix.get()));
  }
  return booster;
}

Result<XgboostBooster> XgboostBooster::load_json(std::string_view text) {
  BoosterHandle handle = nullptr;
  SC_XGB(XGBoosterCreate(nullptr, 0, &handle));
  XgboostBooster booster(handle);
  SC_XGB(XGBoosterLoadModelFromBuffer(handle, text.data(), text.size()));
  SC_XGB(XGBoosterSetParam(handle, "nthread", "1"));
  return booster;
}

Result<std::string> XgboostBooster::save_json() const {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  SC_XGB(XGBoosterSaveModelToBuffer(handle_, R"({"format":"json"})", &length, &bytes));
  return std::string(bytes, length);
}

Result<std::vector<float>> XgboostBooster::predict(const DenseMatrix& data, int type) const {
  Matrix matrix;
  SC_RETURN_IF_ERROR(make_matrix(data, &matrix));
  const std::string config =
      R"({"type":)" + std::to_string(type) +
      R"(,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})";
  const bst_ulong* shape = nullptr;
  bst_ulong dimension = 0;
  const float* result = nullptr;
  SC_XGB(XGBoosterPredictFromDMatrix(handle_, matrix.get(), config.c_str(), &shape, &dimension,
                                     &result));
  bst_ulong size = 1;
  for (bst_ulong d = 0; d < dimension; ++d) size *= shape[d];
  return std::vector<float>(result, result + size);
}

Result<std::vector<float>> XgboostBooster::predict_probability(const DenseMatrix& data) const {
  return predict(data, 0);
}

Result<std::vector<float>> XgboostBooster::predict_margin(const DenseMatrix& data) const {
  return predict(data, 1);
}

Result<std::vector<float>> XgboostBooster::predict_contributions(const DenseMatrix& data) const {
  return predict(data, 2);
}

Result<float> XgboostBooster::predict_row_margin(std::span<const float> row) const {
  char array[160];
  std::snprintf(
      array, sizeof array,
      R"({"data":[%llu,true],"shape":[1,%zu],"strides":null,"typestr":"<f4","version":3})",
      static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(row.data())), row.size());
  const char* config =
      R"({"type":1,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,"missing":NaN,"cache_id":0})";
  const bst_ulong* shape = nullptr;
  bst_ulong dimension = 0;
  const float* result = nullptr;
  SC_XGB(XGBoosterPredictFromDense(handle_, array, config, nullptr, &shape, &dimension, &result));
  return result[0];
}

}  // namespace smecredit::model
