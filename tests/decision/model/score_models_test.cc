// The ScoreModel adapters over model files: the adapter's score is the
// model's own prediction, tree factors are the TreeSHAP values, and the
// catalogue loads a directory of model files by stem.
#include "decision/model/score_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "decision/model/csv.h"
#include "decision/model/dataset.h"
#include "decision/model/model_file.h"
#include "decision/model/scorecard.h"
#include "decision/model/xgboost_trainer.h"
#include "tests/support/temp_dir.h"

namespace smecredit::model {
namespace {

using decision::FeatureVector;
using decision::Value;

// A deterministic labelled table: three numeric features (one often
// missing), one categorical, the label drawn from a logistic of them.
CsvTable small_table(size_t rows) {
  CsvTable table;
  table.header = {"income", "debt_ratio", "late_payments", "region", "bad"};
  uint64_t state = 12345;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  const char* regions[] = {"north", "south", "east"};
  char text[32];
  for (size_t r = 0; r < rows; ++r) {
    const double income = std::round(uniform() * 1000) / 10;
    const double debt = std::round(uniform() * 1000) / 1000;
    const bool late_missing = uniform() < 0.2;
    const int late = static_cast<int>(uniform() * 5);
    const int region = static_cast<int>(uniform() * 3);
    const double logit =
        -1.0 - income / 40 + 3 * debt + (late_missing ? 0 : 0.5 * late) + (region == 1 ? 0.8 : 0);
    const bool bad = uniform() < 1 / (1 + std::exp(-logit));
    std::vector<std::string> row;
    std::snprintf(text, sizeof text, "%.1f", income);
    row.emplace_back(text);
    std::snprintf(text, sizeof text, "%.3f", debt);
    row.emplace_back(text);
    row.push_back(late_missing ? "" : std::to_string(late));
    row.emplace_back(regions[region]);
    row.push_back(bad ? "1" : "0");
    table.rows.push_back(std::move(row));
  }
  return table;
}

// Row `r` of `table` as a policy passes it: numbers as exact decimals,
// text as strings, missing as null.
struct Inputs {
  std::vector<std::string> names;
  std::vector<Value> values;
  FeatureVector vector() const { return {names, values}; }
};

Inputs inputs_of(const CsvTable& table, size_t r) {
  Inputs in;
  for (size_t c = 0; c + 1 < table.header.size(); ++c) {
    in.names.push_back(table.header[c]);
    const std::string& text = table.rows[r][c];
    if (text.empty()) {
      in.values.emplace_back();
    } else if (const Result<Decimal> number = Decimal::parse(text); number.ok()) {
      in.values.push_back(Value::number(number.value()));
    } else {
      in.values.push_back(Value::string(text));
    }
  }
  return in;
}

std::string tree_model_text(const CsvTable& table) {
  XgboostParams params;
  params.rounds = 30;
  params.max_depth = 3;
  Result<std::string> text = train_tree_model(table, "bad", "1", params);
  EXPECT_TRUE(text.ok()) << text.error().to_string();
  return text.ok() ? text.value() : std::string();
}

std::string scorecard_text(const CsvTable& table) {
  const std::vector<int> labels = binary_labels(table, "bad", "1").value();
  Result<TrainedScorecard> trained =
      train_scorecard(dataset_from_csv(table, "bad"), labels, ScorecardOptions{});
  EXPECT_TRUE(trained.ok()) << trained.error().to_string();
  return trained.ok() ? scorecard_to_json(trained.value().scorecard) : std::string();
}

TEST(ScoreModels, TreeScoreIsTheModelsProbabilityAndFactorsAreShap) {
  const CsvTable table = small_table(600);
  const Model model = load_model(tree_model_text(table)).value();
  const std::vector<double> expected = bad_probabilities(model, table).value();
  const DenseMatrix matrix = model.tree.encoding.encode(table).value();
  const auto adapter = make_score_model("gbdt", "v1", model);
  EXPECT_EQ(adapter->name(), "gbdt");
  EXPECT_EQ(adapter->feature_names(),
            (std::vector<std::string>{"income", "debt_ratio", "late_payments", "region"}));
  std::vector<float> shap(model.tree.ensemble.feature_count() + 1);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const Inputs in = inputs_of(table, r);
    const Result<decision::Score> score = adapter->score(in.vector());
    ASSERT_TRUE(score.ok()) << score.error().to_string();
    ASSERT_EQ(score.value().value, expected[r]) << "row " << r;
    // Four features: every non-zero SHAP value is a factor; with the bias
    // they sum to the margin (the log-odds of the score).
    model.tree.ensemble.shap_contributions(matrix.row(r), shap);
    double sum = shap.back();
    for (const decision::ScoreFactor& f : score.value().factors) sum += f.contribution;
    EXPECT_NEAR(sum, model.tree.ensemble.predict_margin(matrix.row(r)), 1e-4) << "row " << r;
    for (size_t i = 1; i < score.value().factors.size(); ++i) {
      EXPECT_GE(std::fabs(score.value().factors[i - 1].contribution),
                std::fabs(score.value().factors[i].contribution));
    }
  }
}

TEST(ScoreModels, ScorecardScoreIsTheScorecardsPoints) {
  const CsvTable table = small_table(2000);
  const Model model = load_model(scorecard_text(table)).value();
  ASSERT_EQ(model.kind, ModelKind::kScorecard);
  const Dataset data = dataset_from_csv(table, "bad");
  const auto adapter = make_score_model("scorecard", "v1", model);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const ScoreResult expected = model.scorecard.score_row(data, r);
    const Result<decision::Score> score = adapter->score(inputs_of(table, r).vector());
    ASSERT_TRUE(score.ok()) << score.error().to_string();
    ASSERT_EQ(score.value().value, expected.score) << "row " << r;
    EXPECT_LE(score.value().factors.size(), kMaxFactors);
    for (const decision::ScoreFactor& f : score.value().factors) {
      size_t i = 0;
      while (model.scorecard.features[i].binning.name != f.feature) ++i;
      EXPECT_EQ(f.contribution, expected.feature_points[i]) << f.feature;
    }
  }
}

TEST(ScoreModels, MissingInputsScoreAsMissing) {
  const CsvTable table = small_table(600);
  const Model model = load_model(tree_model_text(table)).value();
  CsvTable empty_row;
  empty_row.header = table.header;
  empty_row.rows = {{"", "", "", "", "0"}};
  const double expected = bad_probabilities(model, empty_row).value()[0];
  const auto adapter = make_score_model("gbdt", "v1", model);
  const std::vector<std::string> names = {"income"};
  const std::vector<Value> values = {Value()};
  const Result<decision::Score> score = adapter->score({names, values});
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score.value().value, expected);
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ScoreModels, CatalogueLoadsEveryModelFileByStem) {
  const CsvTable table = small_table(2000);
  testing::TempDir dir;
  write(dir.file("sme-scorecard.json"), scorecard_text(table));
  write(dir.file("sme-gbdt.json"), tree_model_text(table));
  write(dir.file("README.md"), "not a model");
  const Result<decision::ModelCatalog> catalog = load_model_catalog(dir.path().string());
  ASSERT_TRUE(catalog.ok()) << catalog.error().to_string();
  const auto scorecard = catalog.value().find("sme-scorecard");
  const auto gbdt = catalog.value().find("sme-gbdt");
  ASSERT_NE(scorecard, nullptr);
  ASSERT_NE(gbdt, nullptr);
  EXPECT_EQ(gbdt->version().size(), 12u);
  const Inputs in = inputs_of(table, 0);
  EXPECT_GT(scorecard->score(in.vector()).value().value, 100);  // points
  const double p = gbdt->score(in.vector()).value().value;
  EXPECT_GT(p, 0);
  EXPECT_LT(p, 1);
}

TEST(ScoreModels, CatalogueErrorsNameTheFile) {
  testing::TempDir dir;
  write(dir.file("broken.json"), "{\"format\":\"smecredit.scorecard\",");
  Result<decision::ModelCatalog> catalog = load_model_catalog(dir.path().string());
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.error().message.find("broken.json"), std::string::npos)
      << catalog.error().message;

  std::filesystem::remove(dir.file("broken.json"));
  write(dir.file("other.json"), R"({"format":"someone.else","version":1})");
  catalog = load_model_catalog(dir.path().string());
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.error().message.find("other.json"), std::string::npos)
      << catalog.error().message;
}

}  // namespace
}  // namespace smecredit::model
