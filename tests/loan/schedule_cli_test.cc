// Runs the real `smecredit` binary: the schedule and apr command lines are
// interfaces other tools depend on.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/run_command.h"

namespace {

using smecredit::testing::CommandRun;

CommandRun run(const std::string& arguments) {
  return smecredit::testing::run_smecredit(arguments, smecredit::testing::Stderr::kDiscard);
}

const std::string kReference =
    "schedule --principal 5000.00 --annual-rate 12 --periods 18 --frequency monthly "
    "--start 2022-11-01 --first-due 2022-12-01 --method equal-installment --interest per-period "
    "--days-in-year 365 --rounding half-even --installment-multiple 1 --grace-principal 0 "
    "--grace-interest 0";

TEST(ScheduleCli, ReferenceJson) {
  const CommandRun r = run(kReference + " --json");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("{\"installments\":[{\"number\":1,\"due_date\":\"2022-12-01\",\"days\":30,"
                        "\"principal\":\"255.00\",\"interest\":\"50.00\",\"fees\":\"0.00\","
                        "\"total\":\"305.00\",\"balance\":\"4745.00\"},",
                        0),
            0u)
      << r.out;
  const std::string tail = "],\"total_principal\":\"5000.00\",\"total_interest\":\"488.22\"}\n";
  ASSERT_GE(r.out.size(), tail.size());
  EXPECT_EQ(r.out.substr(r.out.size() - tail.size()), tail);
}

TEST(ScheduleCli, TableHasAHeaderAndOneLinePerInstallment) {
  const CommandRun r = run(kReference);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("due_date"), std::string::npos);
  EXPECT_NE(r.out.find("2024-05-01"), std::string::npos);
  EXPECT_NE(r.out.find("488.22"), std::string::npos);
}

TEST(ScheduleCli, BadInputIsAUsageError) {
  const std::string base = " --periods 18 --start 2022-11-01 --first-due 2022-12-01";
  EXPECT_EQ(run("schedule --principal -5 --annual-rate 12" + base).exit_code, 2);
  EXPECT_EQ(run("schedule --principal 0 --annual-rate 12" + base).exit_code, 2);
  EXPECT_EQ(run("schedule --principal 10000000000000000.00 --annual-rate 12" + base).exit_code, 2);
  EXPECT_EQ(run("schedule --principal 100000000000000000000 --annual-rate 12" + base).exit_code, 2);
  EXPECT_EQ(run("schedule --principal 5000 --annual-rate 250" + base).exit_code, 2);
  EXPECT_EQ(run("schedule --principal 5000 --annual-rate 12 --method balloon" + base).exit_code, 2);
  EXPECT_EQ(run("schedule --principal 5000 --annual-rate 12 --periods 0 --start 2022-11-01 "
                "--first-due 2022-12-01")
                .exit_code,
            2);
  EXPECT_EQ(run("schedule --principal 5000 --annual-rate 12 --periods 18 --start 2022-11-01 "
                "--first-due 2022-10-01")
                .exit_code,
            2);
  EXPECT_EQ(run("schedule --principal 5000 --annual-rate 12 --periods 18 --start 2022-02-30 "
                "--first-due 2022-12-01")
                .exit_code,
            2);
}

TEST(ScheduleCli, DayCountOverridesDaysInYear) {
  const std::string base =
      "schedule --principal 10000.00 --annual-rate 12 --periods 1 --method bullet "
      "--interest daily --start 2023-12-01 --first-due 2024-01-31 --days-in-year 365 --json";
  EXPECT_NE(run(base).out.find("\"interest\":\"200.55\""), std::string::npos);
  const CommandRun act_act = run(base + " --day-count ACT/ACT");
  ASSERT_EQ(act_act.exit_code, 0);
  EXPECT_NE(act_act.out.find("\"interest\":\"200.28\""), std::string::npos) << act_act.out;
  EXPECT_EQ(run(base + " --day-count 30/360").exit_code, 2);
  EXPECT_EQ(run(base + " --days-in-year 366").exit_code, 2);
}

TEST(ScheduleCli, CalendarFileMovesDueDates) {
  const CommandRun r =
      run("schedule --principal 1200 --annual-rate 12 --periods 2 --start 2024-09-01 "
          "--first-due 2024-10-01 --json --calendar " SMECREDIT_LOAN_TEST_DATA "/cn-2024.txt");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"due_date\":\"2024-10-08\",\"days\":37"), std::string::npos) << r.out;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("smecredit_loan_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(AprCli, PbocExample) {
  std::string flows =
      R"({"unit_period":"monthly","flows":[{"date":"2021-01-01","amount":"-99000.00"})";
  for (int month = 2; month <= 13; ++month) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-01", month <= 12 ? 2021 : 2022,
                  month <= 12 ? month : 1);
    flows += std::string(R"(,{"date":")") + date + R"(","amount":"8833.30"})";
  }
  flows += "]}";
  const CommandRun r = run("apr --json --flows " + write_temp("pboc.json", flows));
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("{\"periodic_rate\":0.0106", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\"nominal_annual_rate\":0.1280"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"effective_annual_rate\":0.1358"), std::string::npos) << r.out;
}

TEST(AprCli, BadFlowFilesAreUsageErrors) {
  EXPECT_EQ(run("apr --flows " + write_temp("broken.json", "{\"unit_period\":")).exit_code, 2);
  EXPECT_EQ(run("apr --flows " + write_temp("nounit.json", R"({"flows":[]})")).exit_code, 2);
  EXPECT_EQ(run("apr --flows " + write_temp("onesign.json",
                                            R"({"unit_period":"monthly","flows":[)"
                                            R"({"date":"2021-01-01","amount":"10.00"}]})"))
                .exit_code,
            2);
  EXPECT_EQ(
      run("apr --flows " + write_temp("badamount.json", R"({"unit_period":"monthly","flows":[)"
                                                        R"({"date":"2021-01-01","amount":-10}]})"))
          .exit_code,
      2);
  EXPECT_EQ(run("apr --flows /nonexistent/flows.json").exit_code, 2);
}

}  // namespace
