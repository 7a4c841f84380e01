// Every loader over damaged input: truncations and byte flips of valid model
// files and CSV text must give an Error or a model, never a crash (ASan and
// UBSan watch). A cheap stand-in for a fuzzer over these parsers.
#include <gtest/gtest.h>

#include <string>

#include "decision/model/csv.h"
#include "decision/model/model_file.h"
#include "decision/model/split.h"
#include "decision/model/synthetic.h"
#include "decision/model/xgboost_booster.h"
#include "decision/model/xgboost_json.h"

namespace smecredit::model {
namespace {

template <class Load>
void damage_and_load(const std::string& valid, uint64_t seed, Load load) {
  for (size_t cut = 0; cut < valid.size(); cut += 1 + valid.size() / 300) {
    (void)load(valid.substr(0, cut));
  }
  SplitMix64 rng(seed);
  const char replacements[] = {'{', '}', '[', ']', '"', ',', ':', '-', '9', '0', 'e', ' ', '\n'};
  for (int round = 0; round < 400; ++round) {
    std::string damaged = valid;
    for (int flips = 0; flips < 3; ++flips) {
      damaged[rng.below(damaged.size())] = replacements[rng.below(sizeof replacements)];
    }
    (void)load(damaged);
  }
}

TEST(RobustnessTest, XgboostJsonLoaderSurvivesDamage) {
  const SyntheticData data = synthetic_classification(300, 4, 1);
  XgboostParams params;
  params.rounds = 3;
  const std::string json =
      XgboostBooster::train(data.features, data.labels, params).value().save_json().value();
  damage_and_load(json, 1, [](const std::string& text) { return load_xgboost_json(text).ok(); });
}

TEST(RobustnessTest, ModelFileLoaderSurvivesDamage) {
  const std::string scorecard =
      R"({"format":"smecredit.scorecard","version":1,"scaling":{"base_score":600,"base_odds":50,)"
      R"("pdo":20},"intercept":-0.8,"base_points":480,"features":[{"name":"x","kind":"numeric",)"
      R"("coefficient":-1,"iv":0.2,"fallback_bin":1,"bins":[{"upper":3,"count":5,"bads":1,)"
      R"("woe":0.5,"points":14},{"upper":null,"count":5,"bads":3,"woe":-0.4,"points":-11},)"
      R"({"missing":true,"count":1,"bads":1,"woe":-1,"points":-29}]}]})";
  ASSERT_TRUE(load_model(scorecard).ok());
  damage_and_load(scorecard, 2, [](const std::string& text) { return load_model(text).ok(); });
}

TEST(RobustnessTest, CsvParserSurvivesDamage) {
  const std::string csv = "a,b,c\n1,\"x, \"\"y\"\"\",3\n4,5,\"multi\nline\"\n7,,9\n";
  damage_and_load(csv, 3, [](const std::string& text) { return parse_csv(text).ok(); });
}

}  // namespace
}  // namespace smecredit::model
