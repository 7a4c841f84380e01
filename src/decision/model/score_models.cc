#include "decision/model/score_models.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "decision/record/record.h"

namespace smecredit::model {

namespace {

using decision::FeatureVector;
using decision::Score;
using decision::ScoreFactor;
using decision::Value;

// The value of `name` in `features`, or null when absent.
const Value* find_value(const FeatureVector& features, const std::string& name) {
  for (size_t i = 0; i < features.names.size(); ++i) {
    if (features.names[i] == name) return &features.values[i];
  }
  return nullptr;
}

void keep_largest(std::vector<ScoreFactor>& factors) {
  std::stable_sort(factors.begin(), factors.end(), [](const ScoreFactor& a, const ScoreFactor& b) {
    return std::fabs(a.contribution) > std::fabs(b.contribution);
  });
  if (factors.size() > kMaxFactors) factors.resize(kMaxFactors);
}

class ScorecardModel final : public decision::ScoreModel {
 public:
  ScorecardModel(std::string name, std::string version, Scorecard scorecard)
      : name_(std::move(name)), version_(std::move(version)), scorecard_(std::move(scorecard)) {}
  std::string_view name() const override { return name_; }
  std::string_view version() const override { return version_; }
  std::vector<std::string> feature_names() const override {
    std::vector<std::string> names;
    for (const ScorecardFeature& f : scorecard_.features) names.push_back(f.binning.name);
    return names;
  }

  Result<Score> score(const FeatureVector& features) const override {
    std::vector<std::string> texts(scorecard_.features.size());
    std::vector<FeatureValue> values(scorecard_.features.size());
    for (size_t i = 0; i < scorecard_.features.size(); ++i) {
      const Value* v = find_value(features, scorecard_.features[i].binning.name);
      if (v == nullptr || v->is_null()) continue;
      if (v->kind() == decision::ValueKind::kNumber) {
        values[i] = FeatureValue::of(v->as_number().to_double());
      } else if (v->kind() == decision::ValueKind::kString) {
        texts[i] = v->as_string();
        values[i] = FeatureValue::of(std::string_view(texts[i]));
      }
    }
    const ScoreResult result = scorecard_.score(values);
    Score out{result.score, {}};
    if (!features.explain) return out;
    for (const ReasonCode& reason : result.reasons) {
      if (out.factors.size() == kMaxFactors) break;
      out.factors.push_back({scorecard_.features[reason.feature].binning.name,
                             result.feature_points[reason.feature]});
    }
    return out;
  }

 private:
  std::string name_;
  std::string version_;
  Scorecard scorecard_;
};

class TreeScoreModel final : public decision::ScoreModel {
 public:
  TreeScoreModel(std::string name, std::string version, TreeModel model)
      : name_(std::move(name)), version_(std::move(version)), model_(std::move(model)) {}
  std::string_view name() const override { return name_; }
  std::string_view version() const override { return version_; }
  std::vector<std::string> feature_names() const override {
    std::vector<std::string> names;
    for (const EncodedFeature& f : model_.encoding.features) names.push_back(f.name);
    return names;
  }

  Result<Score> score(const FeatureVector& features) const override {
    const size_t width = model_.encoding.width();
    if (width > model_.ensemble.feature_count()) {
      return Error{ErrorCode::kInvalidArgument, name_ + ": encoding wider than the model"};
    }
    std::vector<float> row(model_.ensemble.feature_count(), std::nanf(""));
    std::vector<size_t> first_column;
    size_t column = 0;
    for (const EncodedFeature& feature : model_.encoding.features) {
      first_column.push_back(column);
      const Value* v = find_value(features, feature.name);
      const bool missing = v == nullptr || v->is_null();
      if (feature.kind == ColumnKind::kNumeric) {
        if (!missing && (v->kind() == decision::ValueKind::kNumber))
          row[column] = static_cast<float>(v->as_number().to_double());
        ++column;
        continue;
      }
      for (const std::string& category : feature.categories) {
        if (!missing)
          row[column] = (v->kind() == decision::ValueKind::kString) && v->as_string() == category
                            ? 1.0F
                            : 0.0F;
        ++column;
      }
    }
    first_column.push_back(column);
    Score out{model_.ensemble.predict_probability(row), {}};
    if (!features.explain) return out;
    std::vector<float> shap(model_.ensemble.feature_count() + 1);
    model_.ensemble.shap_contributions(row, shap);
    for (size_t f = 0; f < model_.encoding.features.size(); ++f) {
      double sum = 0;
      for (size_t c = first_column[f]; c < first_column[f + 1]; ++c) sum += shap[c];
      if (sum != 0) out.factors.push_back({model_.encoding.features[f].name, sum});
    }
    keep_largest(out.factors);
    return out;
  }

 private:
  std::string name_;
  std::string version_;
  TreeModel model_;
};

}  // namespace

std::shared_ptr<const decision::ScoreModel> make_score_model(std::string name, std::string version,
                                                             Model model) {
  if (model.kind == ModelKind::kScorecard) {
    return std::make_shared<ScorecardModel>(std::move(name), std::move(version),
                                            std::move(model.scorecard));
  }
  return std::make_shared<TreeScoreModel>(std::move(name), std::move(version),
                                          std::move(model.tree));
}

Result<decision::ModelCatalog> load_model_catalog(const std::string& dir) {
  decision::ModelCatalog catalog;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return catalog;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return Error{ErrorCode::kFailedPrecondition, "cannot read models from " + dir};
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<Model> model = load_model(text.str());
    if (!model.ok()) {
      return Error{model.error().code, file.filename().string() + ": " + model.error().message};
    }
    catalog.add(make_score_model(file.stem().string(),
                                 decision::sha256_hex(text.str()).substr(0, 12),
                                 std::move(model).value()));
  }
  return catalog;
}

}  // namespace smecredit::model
