// Runs the real `smecredit model` command lines, which other tools depend
// on: split, train (both algorithms), eval --json; usage errors exit 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

using smecredit::testing::CommandRun;

CommandRun run(const std::string& arguments) {
  return smecredit::testing::run_smecredit(arguments, smecredit::testing::Stderr::kDiscard);
}

const std::filesystem::path kData =
    std::filesystem::path(SMECREDIT_SHARED_DATA_DIR) / "german_credit.csv";

class ModelCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kData)) {
      GTEST_SKIP() << "German credit data not found at " << kData << "; skipping";
    }
    const CommandRun split =
        run("model split --data " + kData.string() + " --label creditability --seed 42 " +
            "--train-out " + dir_.file("train.csv") + " --test-out " + dir_.file("test.csv"));
    ASSERT_EQ(split.exit_code, 0) << split.out;
  }
  std::string eval(const std::string& model) {
    const CommandRun r = run("model eval --model " + model + " --data " + dir_.file("test.csv") +
                             " --label creditability --positive bad --json");
    EXPECT_EQ(r.exit_code, 0);
    return r.out;
  }
  smecredit::testing::TempDir dir_;
};

void expect_eval_json(const std::string& out, double min_auc) {
  ASSERT_EQ(out.rfind("{\"auc\":", 0), 0u) << out;
  EXPECT_NE(out.find(",\"ks\":"), std::string::npos);
  EXPECT_NE(out.find(",\"gini\":"), std::string::npos);
  EXPECT_NE(out.find(",\"n\":300}\n"), std::string::npos) << out;
  EXPECT_GT(std::stod(out.substr(7)), min_auc) << out;
}

TEST_F(ModelCliTest, ScorecardTrainsAndEvaluates) {
  const std::string model = dir_.file("scorecard.json");
  const CommandRun train = run("model train --algo scorecard --data " + dir_.file("train.csv") +
                               " --label creditability --positive bad --out " + model);
  ASSERT_EQ(train.exit_code, 0);
  EXPECT_NE(train.out.find("duration_in_month"), std::string::npos);  // the IV report
  expect_eval_json(eval(model), 0.74);
}

TEST_F(ModelCliTest, XgboostTrainsAndEvaluates) {
  const std::string model = dir_.file("xgb.json");
  const CommandRun train = run("model train --algo xgboost --data " + dir_.file("train.csv") +
                               " --label creditability --positive bad --out " + model);
  ASSERT_EQ(train.exit_code, 0);
  expect_eval_json(eval(model), 0.72);
}

TEST_F(ModelCliTest, SplitIsReproducible) {
  const CommandRun again =
      run("model split --data " + kData.string() + " --label creditability --seed 42 " +
          "--train-out " + dir_.file("train2.csv") + " --test-out " + dir_.file("test2.csv"));
  ASSERT_EQ(again.exit_code, 0);
  std::ifstream a(dir_.file("test.csv"));
  std::ifstream b(dir_.file("test2.csv"));
  const std::string text_a((std::istreambuf_iterator<char>(a)), {});
  const std::string text_b((std::istreambuf_iterator<char>(b)), {});
  EXPECT_EQ(text_a, text_b);
  EXPECT_EQ(std::count(text_a.begin(), text_a.end(), '\n'), 301);
}

TEST_F(ModelCliTest, StabilityReportsCsiPerColumnAndScorePsi) {
  const std::string model = dir_.file("scorecard.json");
  ASSERT_EQ(run("model train --algo scorecard --data " + dir_.file("train.csv") +
                " --label creditability --positive bad --out " + model)
                .exit_code,
            0);
  const CommandRun r =
      run("model stability --expected " + dir_.file("train.csv") + " --actual " +
          dir_.file("test.csv") + " --exclude creditability --model " + model + " --json");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("{\"psi\":", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("{\"name\":\"purpose\",\"csi\":"), std::string::npos) << r.out;
  EXPECT_LT(std::stod(r.out.substr(7)), 0.1) << "a stratified random split is stable";
}

TEST_F(ModelCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run("model train --algo forest --data " + dir_.file("train.csv") +
                " --label creditability --positive bad --out x.json")
                .exit_code,
            2);
  EXPECT_EQ(run("model train --algo scorecard --data " + dir_.file("train.csv") +
                " --label nosuch --positive bad --out " + dir_.file("x.json"))
                .exit_code,
            2);
  std::ofstream(dir_.file("broken.csv")) << "a,b\n1\n";
  EXPECT_EQ(run("model eval --model " + dir_.file("broken.csv") + " --data " +
                dir_.file("broken.csv") + " --label a --positive 1 --json")
                .exit_code,
            2);
}

}  // namespace
