// Trains a tree model file (model_file.h, format "smecredit.xgboost") from a
// CSV table through libxgboost: every column but the label is a feature,
// kinds detected (dataset.h), categorical columns one-hot encoded.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "decision/model/csv.h"
#include "decision/model/xgboost_booster.h"

namespace smecredit::model {

// The model file's text. Errors: no such label, one class only, a libxgboost failure.
Result<std::string> train_tree_model(const CsvTable& table, std::string_view label,
                                     std::string_view positive, const XgboostParams& params);

}  // namespace smecredit::model
