// The public German credit data (../shared/data/german_credit.csv): a 70/30
// split stratified by the label with seed 42, the scorecard's test AUC, and
// the tree model file's walker against libxgboost on all 1,000 rows of real,
// one-hot encoded data. Skips with a message when the data is absent.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "decision/model/metrics.h"
#include "decision/model/model_file.h"
#include "decision/model/scorecard.h"
#include "decision/model/split.h"
#include "decision/model/xgboost_trainer.h"

namespace smecredit::model {
namespace {

const std::filesystem::path kData =
    std::filesystem::path(SMECREDIT_SHARED_DATA_DIR) / "german_credit.csv";

CsvTable rows_of(const CsvTable& table, const std::vector<size_t>& rows) {
  CsvTable out{table.header, {}};
  for (const size_t r : rows) out.rows.push_back(table.rows[r]);
  return out;
}

class GermanCreditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kData)) {
      GTEST_SKIP() << "German credit data not found at " << kData
                   << " (the shared data folder beside the checkout); skipping";
    }
    std::ifstream in(kData);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_csv(text.str());
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    table_ = std::move(parsed).value();
    labels_ = binary_labels(table_, "creditability", "bad").value();
    const RowSplit split = split_rows(labels_, 0.7, 42);
    train_ = rows_of(table_, split.train);
    test_ = rows_of(table_, split.test);
  }

  CsvTable table_;
  std::vector<int> labels_;
  CsvTable train_;
  CsvTable test_;
};

TEST_F(GermanCreditTest, DataAndSplitHaveTheExpectedShape) {
  EXPECT_EQ(table_.rows.size(), 1000u);
  EXPECT_EQ(std::count(labels_.begin(), labels_.end(), 1), 300);
  EXPECT_EQ(train_.rows.size(), 700u);
  EXPECT_EQ(test_.rows.size(), 300u);
  const Dataset data = dataset_from_csv(table_, "creditability");
  EXPECT_EQ(data.find("duration_in_month")->kind, ColumnKind::kNumeric);
  EXPECT_EQ(data.find("purpose")->kind, ColumnKind::kCategorical);
}

TEST_F(GermanCreditTest, ScorecardReachesTheReferenceTestAuc) {
  const std::vector<int> train_labels = binary_labels(train_, "creditability", "bad").value();
  const Dataset train = dataset_from_csv(train_, "creditability");
  const TrainedScorecard trained = train_scorecard(train, train_labels, ScorecardOptions{}).value();
  const std::string json = scorecard_to_json(trained.scorecard);
  const Model model = load_model(json).value();
  const std::vector<double> scores = bad_probabilities(model, test_).value();
  const auto test = discrimination(scores, binary_labels(test_, "creditability", "bad").value());
  ASSERT_TRUE(test.ok());
  EXPECT_GT(test.value().auc, 0.74) << "the R scorecard package reports about 0.78";
  for (const IvReportLine& line : trained.iv_report) {
    EXPECT_LE(line.binning.bins.size(), 9u) << line.binning.name;
  }
}

TEST_F(GermanCreditTest, TreeModelFileMatchesLibxgboostOnEveryRow) {
  XgboostParams params;
  params.rounds = 100;
  const std::string file = train_tree_model(train_, "creditability", "bad", params).value();
  const Model model = load_model(file).value();
  const TreeModel& tree = model.tree;
  const DenseMatrix matrix = tree.encoding.encode(table_).value();
  rapidjson::Document document;
  document.Parse(file.c_str());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  document["xgboost"].Accept(writer);
  const XgboostBooster booster = XgboostBooster::load_json(buffer.GetString()).value();
  const std::vector<float> expected = booster.predict_probability(matrix).value();
  for (size_t r = 0; r < matrix.rows; ++r) {
    EXPECT_EQ(tree.ensemble.predict_probability(matrix.row(r)), expected[r]) << "row " << r;
  }
  const std::vector<double> scores = bad_probabilities(model, test_).value();
  const auto test = discrimination(scores, binary_labels(test_, "creditability", "bad").value());
  EXPECT_GT(test.value().auc, 0.72);
}

}  // namespace
}  // namespace smecredit::model
