// ScoreModel: the interface through which a policy's scorecard and gbdt
// steps call a model. The models themselves (scorecards, the XGBoost tree
// walker) live in src/decision/model/ (library smecredit_model), which
// implements this interface; this library never depends on it.
//
// A model reads named features; the policy passes them in the order of
// feature_names(), null where a feature is missing. Scores are doubles (the
// one place floating point is allowed in a decision); the policy turns them
// into exact decimals with an explicit rounding where rules read them.
//
// Thread-safety: implementations must allow concurrent score() calls.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "decision/expr/value.h"

namespace smecredit::decision {

struct FeatureVector {
  std::span<const std::string> names;
  std::span<const Value> values;  // values[i] is names[i]; null when missing
  // Whether to compute the factors behind the score. They can cost far more
  // than the score (TreeSHAP over 300 deep trees is about a millisecond), so
  // a caller that shows no explanation leaves them out.
  bool explain = true;
};

struct ScoreFactor {
  std::string feature;
  double contribution = 0;  // points (scorecard) or SHAP value (trees)
};

struct Score {
  double value = 0;                  // points, or a probability for gbdt models
  std::vector<ScoreFactor> factors;  // the largest contributions first (empty unless explained)
};

class ScoreModel {
 public:
  virtual ~ScoreModel() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view version() const = 0;
  virtual std::vector<std::string> feature_names() const = 0;
  virtual Result<Score> score(const FeatureVector& features) const = 0;
};

// Models by name, handed to compile_policy(); a policy step names its model.
class ModelCatalog {
 public:
  void add(std::shared_ptr<const ScoreModel> model) {
    const std::string key(model->name());
    models_[key] = std::move(model);
  }
  std::shared_ptr<const ScoreModel> find(std::string_view name) const {
    auto it = models_.find(std::string(name));
    return it == models_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<std::string, std::shared_ptr<const ScoreModel>> models_;
};

// A stand-in until smecredit_model is merged: value = intercept + sum of
// weight x feature (numbers only; a missing feature contributes nothing),
// squashed by the logistic function when `logistic` (a probability, as a
// gbdt model gives). Deterministic; used by tests and the reference policy.
class LinearScoreModel final : public ScoreModel {
 public:
  LinearScoreModel(std::string name, std::string version, double intercept,
                   std::vector<std::pair<std::string, double>> weights, bool logistic);
  std::string_view name() const override { return name_; }
  std::string_view version() const override { return version_; }
  std::vector<std::string> feature_names() const override;
  Result<Score> score(const FeatureVector& features) const override;

 private:
  std::string name_;
  std::string version_;
  double intercept_;
  std::vector<std::pair<std::string, double>> weights_;
  bool logistic_;
};

}  // namespace smecredit::decision
