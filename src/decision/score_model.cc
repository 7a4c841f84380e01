#include "decision/score_model.h"

#include <algorithm>
#include <cmath>

namespace smecredit::decision {

LinearScoreModel::LinearScoreModel(std::string name, std::string version, double intercept,
                                   std::vector<std::pair<std::string, double>> weights,
                                   bool logistic)
    : name_(std::move(name)),
      version_(std::move(version)),
      intercept_(intercept),
      weights_(std::move(weights)),
      logistic_(logistic) {}

std::vector<std::string> LinearScoreModel::feature_names() const {
  std::vector<std::string> names;
  for (const auto& [name, weight] : weights_) names.push_back(name);
  return names;
}

Result<Score> LinearScoreModel::score(const FeatureVector& features) const {
  if (features.values.size() != weights_.size()) {
    return Error{ErrorCode::kInvalidArgument, "feature count differs from the model's"};
  }
  Score score;
  double sum = intercept_;
  for (size_t i = 0; i < weights_.size(); ++i) {
    const Value& v = features.values[i];
    if (v.kind() != ValueKind::kNumber) continue;
    const double contribution = weights_[i].second * v.as_number().to_double();
    sum += contribution;
    if (features.explain) score.factors.push_back({weights_[i].first, contribution});
  }
  std::sort(score.factors.begin(), score.factors.end(), [](const auto& a, const auto& b) {
    return std::fabs(a.contribution) > std::fabs(b.contribution);
  });
  if (score.factors.size() > 5) score.factors.resize(5);
  score.value = logistic_ ? 1.0 / (1.0 + std::exp(-sum)) : sum;
  return score;
}

}  // namespace smecredit::decision
