// Runs the real `smecredit policy` command lines: validate and simulate.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/temp_dir.h"

namespace {

using smecredit::testing::CommandRun;

CommandRun run(const std::string& arguments) {
  return smecredit::testing::run_smecredit(arguments, smecredit::testing::Stderr::kCapture);
}

const std::string kPolicies = SMECREDIT_POLICIES_DIR;

TEST(PolicyCliTest, ValidateAcceptsTheReferencePolicy) {
  const CommandRun r = run("policy validate " + kPolicies + "/reference.json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "ok: sme-reference@1: 10 top-level steps, 201 inputs, 211 variables");
  EXPECT_NE(r.out.find("lint /steps/4: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 overlaps"), std::string::npos) << r.out;
}

TEST(PolicyCliTest, ValidateNamesTheErrorAndUsageErrorsExitTwo) {
  const CommandRun bad = run("policy validate " + kPolicies + "/reference-applications.json");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("/: a policy is a JSON object"), std::string::npos) << bad.out;
  EXPECT_EQ(run("policy validate /nonexistent/policy.json").exit_code, 2);
  EXPECT_EQ(run("policy simulate --policy " + kPolicies + "/reference.json").exit_code, 2);
}

TEST(PolicyCliTest, SimulateReportsRatesAndSegments) {
  const CommandRun r =
      run("policy simulate --policy " + kPolicies + "/reference.json --applications " + kPolicies +
          "/reference-applications.json --as-of 2026-11-22 --segment tax_grade");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\"all\":{\"decisions\":100,\"approval_rate\":0.6100"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"C\":{\"decisions\":16"), std::string::npos) << r.out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A challenger that knocks out any court case (not three), simulated against the
// reference policy on applications labelled with what became of them: the
// swap set names who the challenger would no longer approve, and every
// tally carries the expected (mean PD) and realised bad rates.
TEST(PolicyCliTest, SimulateReportsBadRatesAndTheSwapSetAgainstTheActivePolicy) {
  smecredit::testing::TempDir dir;
  std::string challenger = read_file(kPolicies + "/reference.json");
  const std::string three_cases = "\"court_cases >= 3\"";
  ASSERT_NE(challenger.find(three_cases), std::string::npos);
  challenger.replace(challenger.find(three_cases), three_cases.size(), "\"court_cases >= 1\"");
  write_file(dir.file("challenger.json"), challenger);
  // Every fourth application went bad.
  std::string apps = read_file(kPolicies + "/reference-applications.json");
  int n = 0;
  for (size_t at = apps.find("{\"age\""); at != std::string::npos;
       at = apps.find("{\"age\"", at + 1)) {
    apps.insert(at + 1, std::string("\"went_bad\":") + (n++ % 4 == 0 ? "1" : "0") + ",");
  }
  ASSERT_EQ(n, 100);
  write_file(dir.file("labelled.json"), apps);

  const CommandRun r =
      run("policy simulate --policy " + dir.file("challenger.json") + " --against " + kPolicies +
          "/reference.json --applications " + dir.file("labelled.json") +
          " --label went_bad --as-of 2026-11-22 --segment tax_grade");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\"expected_bad_rate\":0."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"realised_bad_rate\":0."), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("\"swap_set\":{\"against\":\"sme-reference@1\",\"swap_in\":{\"decisions\":0,"),
      std::string::npos)
      << r.out;
  const std::string swap_out = "\"swap_out\":{\"decisions\":";
  const size_t at = r.out.find(swap_out);
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_GT(std::stoi(r.out.substr(at + swap_out.size())), 0)
      << "the challenger turns away anyone with a case";
  // Without the label field the application would not bind: it was taken out.
  EXPECT_EQ(run("policy simulate --policy " + kPolicies + "/reference.json --applications " +
                dir.file("labelled.json") + " --as-of 2026-11-22")
                .exit_code,
            1);
}

TEST(PolicyCliTest, SimulateReadsCsvWithFieldsSetAndDropped) {
  smecredit::testing::TempDir dir;
  write_file(dir.file("apps.csv"),
             "id,age,sector,annual_revenue,monthly_cash_flow,founded,tax_grade,went_bad\n"
             "a1,40,retail,5000000,300000,2015-03-01,A,0\n"
             "a2,35,retail,8000000,500000,2012-06-01,B,1\n"
             "a3,17,retail,100000,10000,2024-01-01,A,\n");
  const CommandRun r = run("policy simulate --policy " + kPolicies + "/reference.json" +
                           " --applications " + dir.file("apps.csv") +
                           " --label went_bad --drop id --set requested=100000 --as-of 2026-11-22");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\"all\":{\"decisions\":3,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("KO_AGE"), std::string::npos) << r.out;  // the 17-year-old

  write_file(dir.file("ragged.csv"), "age,sector\n40\n");
  const CommandRun ragged = run("policy simulate --policy " + kPolicies +
                                "/reference.json --applications " + dir.file("ragged.csv"));
  EXPECT_EQ(ragged.exit_code, 2);
  EXPECT_NE(ragged.out.find("line 2: expected 2 fields, found 1"), std::string::npos) << ragged.out;
}

}  // namespace
