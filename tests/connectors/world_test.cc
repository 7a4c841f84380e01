#include "connectors/world/world.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/registry_codes.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace smecredit::world {
namespace {

using testing::TempDir;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Rows of a CSV file without its header, split on commas (the world never
// quotes: no field contains a comma).
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t begin = 0;
    for (size_t comma = line.find(','); comma != std::string::npos; comma = line.find(',', begin)) {
      fields.push_back(line.substr(begin, comma - begin));
      begin = comma + 1;
    }
    fields.push_back(line.substr(begin));
    rows.push_back(std::move(fields));
  }
  return rows;
}

WorldOptions small_world(const std::filesystem::path& dir, uint64_t seed, int threads) {
  WorldOptions options;
  options.enterprises = 700;
  options.months = 15;
  options.seed = seed;
  options.threads = threads;
  options.out_dir = dir.string();
  return options;
}

const char* const kFiles[] = {"enterprises.csv",   "persons.csv",  "shareholdings.csv",
                              "relationships.csv", "invoices.csv", "monthly.csv",
                              "events.jsonl",      "defaults.csv", "latent.csv",
                              "quality.csv",       "README.md",    "manifest.json"};

TEST(WorldTest, SameSeedGivesByteIdenticalFilesWhateverTheThreads) {
  TempDir one;
  TempDir three;
  ASSERT_TRUE(generate_world(small_world(one.path(), 42, 1)).ok());
  ASSERT_TRUE(generate_world(small_world(three.path(), 42, 3)).ok());
  for (const char* name : kFiles) {
    const std::string a = read_file(one.path() / name);
    EXPECT_FALSE(a.empty()) << name;
    EXPECT_EQ(a, read_file(three.path() / name)) << name;
  }
}

TEST(WorldTest, AnotherSeedGivesAnotherWorld) {
  TempDir a;
  TempDir b;
  ASSERT_TRUE(generate_world(small_world(a.path(), 1, 2)).ok());
  ASSERT_TRUE(generate_world(small_world(b.path(), 2, 2)).ok());
  EXPECT_NE(read_file(a.path() / "monthly.csv"), read_file(b.path() / "monthly.csv"));
}

TEST(WorldTest, CodesCarryValidCheckCharactersExceptFabricatedIdentities) {
  TempDir dir;
  WorldOptions options = small_world(dir.path(), 7, 2);
  options.enterprises = 3000;
  options.quality.fabricated_identity_bp = 10000;
  ASSERT_TRUE(generate_world(options).ok());
  std::set<std::string> codes;
  for (const auto& row : read_csv(dir.path() / "enterprises.csv")) {
    EXPECT_TRUE(validate_uscc(row[1]).ok()) << row[0];
    codes.insert(row[1]);
  }
  EXPECT_EQ(codes.size(), 3000u);
  std::set<std::string> fabricated;
  for (const auto& row : read_csv(dir.path() / "quality.csv")) {
    if (row[2] == "fabricated_identity") fabricated.insert(row[3]);
  }
  EXPECT_FALSE(fabricated.empty());
  std::set<std::string> numbers;
  for (const auto& row : read_csv(dir.path() / "persons.csv")) {
    EXPECT_EQ(validate_resident_id(row[1]).ok(), fabricated.count(row[0]) == 0) << row[0];
    numbers.insert(row[1]);
  }
  EXPECT_EQ(numbers.size(), read_csv(dir.path() / "persons.csv").size());
}

TEST(WorldTest, InvoicesStayInsideTheWorldAndAreCountedByTheBuyer) {
  TempDir dir;
  WorldOptions options = small_world(dir.path(), 9, 2);
  options.quality.missing_month_bp = 0;
  ASSERT_TRUE(generate_world(options).ok());
  std::set<std::string> ids;
  for (const auto& row : read_csv(dir.path() / "enterprises.csv")) ids.insert(row[0]);
  std::map<std::pair<std::string, std::string>, int64_t> received_fen;
  const auto invoices = read_csv(dir.path() / "invoices.csv");
  ASSERT_FALSE(invoices.empty());
  for (const auto& row : invoices) {
    EXPECT_TRUE(ids.count(row[0]) && ids.count(row[1])) << row[0] << " " << row[1];
    EXPECT_GT(std::stoll(row[4]), 0);
    received_fen[{row[1], row[2]}] += std::stoll(row[4]);
  }
  std::map<std::pair<std::string, std::string>, int64_t> monthly_received;
  for (const auto& row : read_csv(dir.path() / "monthly.csv")) {
    ASSERT_EQ(row.size(), 16u);
    for (size_t i = 2; i < row.size(); ++i) EXPECT_GE(std::stoll(row[i]), 0) << row[0];
    monthly_received[{row[0], row[1]}] = std::stoll(row[9]);
  }
  for (const auto& [key, fen] : received_fen) {
    if (!monthly_received.count(key)) continue;  // buyer founded later than the seller invoiced
    EXPECT_GE(monthly_received[key], fen) << key.first << " " << key.second;
  }
}

TEST(WorldTest, ShareholdingsSumToTheWhole) {
  TempDir dir;
  ASSERT_TRUE(generate_world(small_world(dir.path(), 11, 2)).ok());
  std::map<std::string, int64_t> total_bp;
  for (const auto& row : read_csv(dir.path() / "shareholdings.csv"))
    total_bp[row[0]] += std::stoll(row[3]);
  EXPECT_EQ(total_bp.size(), 700u);
  for (const auto& [id, bp] : total_bp) EXPECT_NEAR(bp, 10000, 3) << id;
}

// The owner's declaration covers the horizon's last twelve months, so it is
// dated by the horizon's last month (features before it ignore it).
TEST(WorldTest, SelfDeclaredRevenueIsDatedByTheLastMonthItCovers) {
  TempDir dir;
  ASSERT_TRUE(generate_world(small_world(dir.path(), 13, 2)).ok());
  std::string last_month;
  for (const auto& row : read_csv(dir.path() / "monthly.csv"))
    last_month = std::max(last_month, row[1]);
  ASSERT_FALSE(last_month.empty());
  for (const auto& row : read_csv(dir.path() / "enterprises.csv")) {
    ASSERT_EQ(row.back(), last_month) << row[0];
  }
}

TEST(WorldTest, InjectedGapsFollowTheConfiguredRate) {
  TempDir all_missing;
  WorldOptions options = small_world(all_missing.path(), 5, 2);
  options.quality.missing_month_bp = 10000;
  ASSERT_TRUE(generate_world(options).ok());
  EXPECT_TRUE(read_csv(all_missing.path() / "monthly.csv").empty());
  int64_t gaps = 0;
  for (const auto& row : read_csv(all_missing.path() / "quality.csv"))
    gaps += row[2] == "missing_month";
  EXPECT_GT(gaps, 0);
}

TEST(WorldTest, DefaultsHappenAtAPlausibleRate) {
  TempDir dir;
  WorldOptions options = small_world(dir.path(), 3, 2);
  options.enterprises = 5000;
  options.months = 24;
  ASSERT_TRUE(generate_world(options).ok());
  int64_t windows = 0;
  int64_t defaulted = 0;
  for (const auto& row : read_csv(dir.path() / "defaults.csv")) {
    ++windows;
    defaulted += row[3] == "1";
  }
  ASSERT_GT(windows, 0);
  const double rate = static_cast<double>(defaulted) / static_cast<double>(windows);
  EXPECT_GT(rate, 0.01);
  EXPECT_LT(rate, 0.10);
}

TEST(WorldTest, RejectsBadOptionsSayingWhich) {
  WorldOptions options;
  options.out_dir = "/tmp/unused";
  options.enterprises = 0;
  const Status status = validate_options(options);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("enterprises"), std::string::npos);
  options.enterprises = 10;
  options.quality.missing_month_bp = 10001;
  EXPECT_FALSE(validate_options(options).ok());
  options.quality.missing_month_bp = 0;
  options.out_dir.clear();
  EXPECT_FALSE(validate_options(options).ok());
}

int run_binary(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), SMECREDIT_BINARY);
  testing::ChildProcess process(args, dir.file("out.log"), dir.file("err.log"));
  return process.wait(std::chrono::seconds(120));
}

TEST(WorldCommandTest, GeneratesThroughTheBinaryAndRejectsBadFlagsWithExitTwo) {
  TempDir dir;
  EXPECT_EQ(run_binary(dir, {"world", "generate", "--enterprises", "50", "--months", "6", "--seed",
                             "3", "--out", dir.file("w"), "--json"}),
            0);
  EXPECT_NE(read_file(dir.path() / "w" / "manifest.json").find("\"enterprises\":50"),
            std::string::npos);
  EXPECT_NE(read_file(dir.path() / "out.log").find("\"seconds\""), std::string::npos);
  EXPECT_EQ(run_binary(dir, {"world", "generate", "--enterprises", "0", "--out", dir.file("x")}),
            2);
  EXPECT_EQ(run_binary(dir, {"world", "generate", "--start", "2023-13", "--out", dir.file("x")}),
            2);
}

}  // namespace
}  // namespace smecredit::world
