// Runs the real `smecredit policy` command lines: validate and simulate.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/support/run_command.h"

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

}  // namespace
