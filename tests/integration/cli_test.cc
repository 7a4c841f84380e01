// The smecredit command line: exit codes, --help, configuration precedence.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace smecredit {
namespace {

using namespace std::chrono_literals;

struct CommandRun {
  int exit_code;
  std::string out;
  std::string err;
};

CommandRun run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  testing::TempDir dir;
  std::vector<std::string> argv = {SMECREDIT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  testing::ChildProcess p(argv, dir.file("out"), dir.file("err"), env);
  const int code = p.wait(60s);
  return {code, p.stdout_text(), p.stderr_text()};
}

TEST(CliTest, VersionAndHelpExitZero) {
  const CommandRun version = run({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("smecredit 0.", 0), 0u) << version.out;
  EXPECT_EQ(run({"--help"}).exit_code, 0);
  const CommandRun help = run({"serve", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--port"), std::string::npos);
  EXPECT_NE(help.out.find("--db"), std::string::npos);
  EXPECT_NE(help.out.find("--config"), std::string::npos);
}

TEST(CliTest, UsageErrorsExitTwoAndSayWhatWasWrong) {
  const CommandRun no_command = run({});
  EXPECT_EQ(no_command.exit_code, 2);
  const CommandRun unknown = run({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos) << unknown.err;
  const CommandRun bad_port = run({"serve", "--port", "abc"});
  EXPECT_EQ(bad_port.exit_code, 2);
  EXPECT_NE(bad_port.err.find("--port"), std::string::npos) << bad_port.err;
  const CommandRun bad_level = run({"serve", "--log-level", "loud", "--print-config"});
  EXPECT_EQ(bad_level.exit_code, 2);
  EXPECT_NE(bad_level.err.find("log.level"), std::string::npos) << bad_level.err;
  EXPECT_EQ(run({"bench", "no-such-benchmark"}).exit_code, 2);
}

TEST(CliTest, RuntimeFailureExitsOne) {
  const CommandRun r = run({"serve", "--db", "/proc/no/such/dir/x.db", "--port", "0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("smecredit serve:"), std::string::npos) << r.err;
}

TEST(CliTest, ConfigurationPrecedenceIsFileThenEnvironmentThenFlags) {
  testing::TempDir dir;
  const std::string config = dir.file("smecredit.toml");
  std::ofstream(config) << "[server]\nport = 1111\nthreads = 3\n[security]\ndata_key = \""
                        << std::string(64, 'a') << "\"\n";
  const CommandRun from_file = run({"serve", "--config", config, "--print-config"});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_NE(from_file.out.find("port = 1111"), std::string::npos) << from_file.out;
  EXPECT_NE(from_file.out.find("threads = 3"), std::string::npos);
  EXPECT_NE(from_file.out.find("data_key = \"********\""), std::string::npos);
  EXPECT_EQ(from_file.out.find(std::string(64, 'a')), std::string::npos) << "secret leaked";

  const CommandRun from_env =
      run({"serve", "--config", config, "--print-config"}, {"SMECREDIT_SERVER_PORT=2222"});
  EXPECT_NE(from_env.out.find("port = 2222"), std::string::npos) << from_env.out;
  EXPECT_NE(from_env.out.find("threads = 3"), std::string::npos);

  const CommandRun from_flag =
      run({"serve", "--config", config, "--port", "3333", "--print-config"},
          {"SMECREDIT_SERVER_PORT=2222"});
  EXPECT_NE(from_flag.out.find("port = 3333"), std::string::npos) << from_flag.out;
}

TEST(CliTest, BadConfigurationIsReportedWithItsLocation) {
  testing::TempDir dir;
  const std::string typo = dir.file("typo.toml");
  std::ofstream(typo) << "[server]\nprot = 1\n";
  const CommandRun unknown_key = run({"serve", "--config", typo, "--print-config"});
  EXPECT_EQ(unknown_key.exit_code, 1);
  EXPECT_NE(unknown_key.err.find("server.prot"), std::string::npos) << unknown_key.err;

  const std::string broken = dir.file("broken.toml");
  std::ofstream(broken) << "[server\nport = 1\n";
  const CommandRun syntax = run({"serve", "--config", broken, "--print-config"});
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("broken.toml:1"), std::string::npos) << syntax.err;

  const CommandRun bad_env = run({"serve", "--print-config"}, {"SMECREDIT_SERVER_PORT=99999"});
  EXPECT_EQ(bad_env.exit_code, 1);
  EXPECT_NE(bad_env.err.find("SMECREDIT_SERVER_PORT"), std::string::npos) << bad_env.err;
}

TEST(CliTest, BenchPrintsOneJsonObject) {
  const CommandRun r = run({"bench", "json", "--json", "--iterations", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "exactly one line";
  EXPECT_NE(r.out.find("\"parse_ns\":"), std::string::npos);
}

}  // namespace
}  // namespace smecredit
