// Runs the real `smecredit policy` command lines: validate and simulate.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

CommandRun run(const std::string& arguments) {
  const std::string command = std::string(SMECREDIT_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  CommandRun result;
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
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
