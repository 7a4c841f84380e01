// Loads a binary:logistic gbtree model in the JSON format XGBoost 1.7 writes
// (XGBoosterSaveModel to a ".json" path, or save_model("m.json") in Python)
// and compiles it into a TreeEnsemble.
//
// Read: learner.learner_model_param.{base_score,num_feature,num_class},
// learner.objective.name (must be binary:logistic), learner.gradient_booster
// (name gbtree; model.trees[*] with left_children, right_children,
// split_indices, split_conditions, default_left, sum_hessian, and numerical
// splits only; model.tree_info all 0). Everything else is ignored. Numbers are
// parsed from their decimal text straight to float, so thresholds are exact.
// Errors are kInvalidArgument values naming the offending member.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "core/result.h"
#include "decision/model/tree_ensemble.h"

namespace smecredit::model {

// Parses `text` (the whole XGBoost JSON document).
Result<TreeEnsemble> load_xgboost_json(std::string_view text);

// The same from a parsed value (e.g. embedded in a smecredit model file).
// Numbers may be JSON numbers or, when parsed with
// rapidjson::kParseNumbersAsStringsFlag, their text.
Result<TreeEnsemble> load_xgboost_value(const rapidjson::Value& model);

}  // namespace smecredit::model
