// `smecredit world features` writes training data that `smecredit model
// train --drop enterprise_id` reads: the command lines the models in models/
// are made with (models/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

using smecredit::testing::CommandRun;

CommandRun run(const std::string& arguments) {
  return smecredit::testing::run_smecredit(arguments, smecredit::testing::Stderr::kCapture);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t fields(const std::string& line) {
  return static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1;
}

TEST(TrainingDataCli, WorldFeaturesTrainAndEvaluate) {
  smecredit::testing::TempDir dir;
  const std::string world = dir.file("world");
  ASSERT_EQ(run("world generate --enterprises 600 --months 24 --seed 3 --threads 1 --out " + world)
                .exit_code,
            0);
  const std::string data = dir.file("features.csv");
  const CommandRun features =
      run("world features --world " + world + " --as-of 2023-12 --label-window 2 --out " + data);
  ASSERT_EQ(features.exit_code, 0) << features.out;
  EXPECT_NE(features.out.find("window from 2024-01"), std::string::npos) << features.out;

  const std::vector<std::string> lines = lines_of(data);
  ASSERT_GT(lines.size(), 100u);
  EXPECT_EQ(lines[0].rfind("enterprise_id,", 0), 0u);
  EXPECT_EQ(lines[0].substr(lines[0].size() - 10), ",defaulted");
  EXPECT_EQ(fields(lines[0]), 186u);  // the id, 184 features, the label
  for (const std::string& line : lines) ASSERT_EQ(fields(line), 186u) << line;
  // Enterprises founded in 2024 have a row in the window but no data by the as-of month.
  std::ifstream defaults(world + "/defaults.csv");
  size_t window_rows = 0;
  for (std::string line; std::getline(defaults, line);) {
    window_rows += line.find(",2024-01,") != std::string::npos ? 1 : 0;
  }
  EXPECT_LT(lines.size() - 1, window_rows);

  const std::string model = dir.file("gbdt.json");
  const CommandRun train =
      run("model train --algo xgboost --rounds 10 --data " + data +
          " --label defaulted --positive 1 --drop enterprise_id --out " + model);
  ASSERT_EQ(train.exit_code, 0) << train.out;
  std::stringstream text;
  text << std::ifstream(model).rdbuf();
  EXPECT_EQ(text.str().find("enterprise_id"), std::string::npos);
  EXPECT_NE(text.str().find("\"name\":\"age_months\""), std::string::npos);
  const CommandRun eval = run("model eval --model " + model + " --data " + data +
                              " --label defaulted --positive 1 --json");
  ASSERT_EQ(eval.exit_code, 0) << eval.out;
  EXPECT_EQ(eval.out.rfind("{\"auc\":", 0), 0u) << eval.out;
}

TEST(TrainingDataCli, UsageErrors) {
  smecredit::testing::TempDir dir;
  const std::string world = dir.file("world");
  ASSERT_EQ(run("world generate --enterprises 50 --months 24 --seed 3 --threads 1 --out " + world)
                .exit_code,
            0);
  // A label window that does not start after the as-of month would leak the outcome.
  CommandRun r = run("world features --world " + world +
                     " --as-of 2023-12 --label-window 1 --out " + dir.file("f.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("not after --as-of"), std::string::npos) << r.out;
  r = run("world features --world " + world + " --as-of 2023-12 --label-window 3 --out " +
          dir.file("f.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("2 label windows"), std::string::npos) << r.out;
  r = run("world features --world " + world + " --as-of 2023-13 --label-window 2 --out " +
          dir.file("f.csv"));
  EXPECT_EQ(r.exit_code, 2);

  ASSERT_EQ(run("world features --world " + world + " --as-of 2023-12 --label-window 2 --out " +
                dir.file("f.csv"))
                .exit_code,
            0);
  r = run("model train --algo xgboost --data " + dir.file("f.csv") +
          " --label defaulted --positive 1 --drop no_such_column --out " + dir.file("m.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--drop"), std::string::npos) << r.out;
}

}  // namespace
