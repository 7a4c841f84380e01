#include "decision/model/xgboost_json.h"

#include <cmath>
#include <limits>

#include "decision/model/json_read.h"

namespace smecredit::model {

namespace {

constexpr int64_t kMaxFeatures = 1 << 20;

Error bad(const std::string& where, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, where + " " + what};
}

Result<int32_t> to_child(const rapidjson::Value& value, const std::string& where) {
  SC_ASSIGN_OR_RETURN(const int64_t child, json::to_int(value, where));
  if (child < -1 || child > std::numeric_limits<int32_t>::max()) return bad(where, "out of range");
  return static_cast<int32_t>(child);
}

Result<uint32_t> to_feature(const rapidjson::Value& value, const std::string& where) {
  SC_ASSIGN_OR_RETURN(const int64_t feature, json::to_int(value, where));
  if (feature < 0 || feature >= kMaxFeatures) return bad(where, "out of range");
  return static_cast<uint32_t>(feature);
}

Result<uint8_t> to_flag(const rapidjson::Value& value, const std::string& where) {
  SC_ASSIGN_OR_RETURN(const int64_t flag, json::to_int(value, where));
  return static_cast<uint8_t>(flag != 0 ? 1 : 0);
}

Status check_numerical_splits(const rapidjson::Value& tree, const std::string& where) {
  const auto split_type = tree.FindMember("split_type");
  if (split_type == tree.MemberEnd()) return ok_status();
  SC_ASSIGN_OR_RETURN(const std::vector<int64_t> types,
                      json::array_member<int64_t>(tree, "split_type", where, json::to_int));
  for (const int64_t type : types) {
    if (type != 0)
      return bad(where, "has a categorical split; only numerical splits are supported");
  }
  return ok_status();
}

Result<TreeArrays> read_tree(const rapidjson::Value& tree, const std::string& where) {
  SC_RETURN_IF_ERROR(check_numerical_splits(tree, where));
  TreeArrays arrays;
  SC_ASSIGN_OR_RETURN(arrays.left_children,
                      json::array_member<int32_t>(tree, "left_children", where, to_child));
  SC_ASSIGN_OR_RETURN(arrays.right_children,
                      json::array_member<int32_t>(tree, "right_children", where, to_child));
  SC_ASSIGN_OR_RETURN(arrays.split_indices,
                      json::array_member<uint32_t>(tree, "split_indices", where, to_feature));
  SC_ASSIGN_OR_RETURN(arrays.split_conditions,
                      json::array_member<float>(tree, "split_conditions", where, json::to_float));
  SC_ASSIGN_OR_RETURN(arrays.default_left,
                      json::array_member<uint8_t>(tree, "default_left", where, to_flag));
  SC_ASSIGN_OR_RETURN(arrays.sum_hessian,
                      json::array_member<float>(tree, "sum_hessian", where, json::to_float));
  return arrays;
}

Status check_objective(const rapidjson::Value& learner) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* objective,
                      json::member(learner, "objective", "learner"));
  SC_ASSIGN_OR_RETURN(const std::string name,
                      json::string_member(*objective, "name", "learner.objective"));
  if (name != "binary:logistic") {
    return bad("learner.objective.name", "is '" + name + "'; only binary:logistic is supported");
  }
  return ok_status();
}

Result<const rapidjson::Value*> gbtree_model(const rapidjson::Value& learner) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* booster,
                      json::member(learner, "gradient_booster", "learner"));
  SC_ASSIGN_OR_RETURN(const std::string name,
                      json::string_member(*booster, "name", "learner.gradient_booster"));
  if (name != "gbtree") {
    return bad("learner.gradient_booster.name", "is '" + name + "'; only gbtree is supported");
  }
  return json::member(*booster, "model", "learner.gradient_booster");
}

Status check_single_group(const rapidjson::Value& model) {
  const std::string where = "learner.gradient_booster.model";
  SC_ASSIGN_OR_RETURN(const std::vector<int64_t> groups,
                      json::array_member<int64_t>(model, "tree_info", where, json::to_int));
  for (const int64_t group : groups) {
    if (group != 0) return bad(where + ".tree_info", "has a group other than 0");
  }
  return ok_status();
}

// XGBoost's ProbToMargin for the logistic objective, in float.
Result<float> base_margin(const rapidjson::Value& params) {
  const std::string where = "learner.learner_model_param";
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* value, json::member(params, "base_score", where));
  SC_ASSIGN_OR_RETURN(const float base_score, json::to_float(*value, where + ".base_score"));
  if (!(base_score > 0.0f && base_score < 1.0f)) {
    return bad(where + ".base_score", "must be in (0, 1) for binary:logistic");
  }
  return -std::log(1.0f / base_score - 1.0f);
}

Result<uint32_t> feature_count(const rapidjson::Value& params) {
  const std::string where = "learner.learner_model_param";
  SC_ASSIGN_OR_RETURN(const int64_t count, json::int_member(params, "num_feature", where));
  if (count < 1 || count > kMaxFeatures) return bad(where + ".num_feature", "out of range");
  const auto num_class = params.FindMember("num_class");
  if (num_class != params.MemberEnd()) {
    SC_ASSIGN_OR_RETURN(const int64_t classes, json::to_int(num_class->value, where));
    if (classes > 1) return bad(where + ".num_class", "must be 0 or 1 (binary)");
  }
  return static_cast<uint32_t>(count);
}

}  // namespace

Result<TreeEnsemble> load_xgboost_json(std::string_view text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document document, json::parse(text));
  return load_xgboost_value(document);
}

Result<TreeEnsemble> load_xgboost_value(const rapidjson::Value& root) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* learner, json::member(root, "learner", "model"));
  SC_RETURN_IF_ERROR(check_objective(*learner));
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* params,
                      json::member(*learner, "learner_model_param", "learner"));
  SC_ASSIGN_OR_RETURN(const uint32_t features, feature_count(*params));
  SC_ASSIGN_OR_RETURN(const float margin, base_margin(*params));
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* model, gbtree_model(*learner));
  SC_RETURN_IF_ERROR(check_single_group(*model));
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* trees,
                      json::member(*model, "trees", "learner.gradient_booster.model"));
  if (!trees->IsArray()) return bad("learner.gradient_booster.model.trees", "is not an array");
  std::vector<TreeArrays> arrays;
  for (rapidjson::SizeType t = 0; t < trees->Size(); ++t) {
    const std::string where = "trees[" + std::to_string(t) + "]";
    SC_ASSIGN_OR_RETURN(TreeArrays tree, read_tree((*trees)[t], where));
    arrays.push_back(std::move(tree));
  }
  return TreeEnsemble::build(arrays, features, margin);
}

}  // namespace smecredit::model
