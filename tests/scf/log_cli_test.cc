// The real `smecredit log` binary: outputs and exit codes 0 (valid / root
// printed), 1 (not valid), 2 (usage error: malformed hex, bad flags).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "merkle_test_support.h"
#include "scf/merkle/tree.h"

namespace smecredit::scf {
namespace {

using testing::make_hasher;

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quoted(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class LogCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("smecredit_log_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    for (int i = 0; i < 13; ++i) {
      entries_.push_back(std::vector<uint8_t>(static_cast<size_t>(i), static_cast<uint8_t>(i)));
      tree_.append_entry(entries_.back());
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CommandResult run(const std::vector<std::string>& args) {
    std::string command = quoted(SMECREDIT_BINARY);
    for (const std::string& arg : args) command += " " + quoted(arg);
    command += " >" + quoted((dir_ / "out").string()) + " 2>" + quoted((dir_ / "err").string());
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = slurp(dir_ / "out");
    result.err = slurp(dir_ / "err");
    return result;
  }

  std::string write_file(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::vector<std::string> inclusion_args(uint64_t index, uint64_t size) {
    return {"log",         "verify-inclusion",
            "--leaf-hash", to_hex(tree_.leaf_hash(index).value()),
            "--index",     std::to_string(index),
            "--size",      std::to_string(size),
            "--root",      to_hex(tree_.root(size).value()),
            "--proof",     proof_to_hex(tree_.inclusion_proof(index, size).value())};
  }

  std::vector<std::string> consistency_args(uint64_t size1, uint64_t size2) {
    return {"log",     "verify-consistency",
            "--size1", std::to_string(size1),
            "--size2", std::to_string(size2),
            "--root1", to_hex(tree_.root(size1).value()),
            "--root2", to_hex(tree_.root(size2).value()),
            "--proof", proof_to_hex(tree_.consistency_proof(size1, size2).value())};
  }

  static std::vector<std::string> with(std::vector<std::string> args, const std::string& flag,
                                       const std::string& value) {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == flag) {
        args[i + 1] = value;
        return args;
      }
    }
    args.push_back(flag);
    args.push_back(value);
    return args;
  }

  std::filesystem::path dir_;
  std::vector<std::vector<uint8_t>> entries_;
  MerkleTree tree_{make_hasher()};
};

TEST_F(LogCliTest, VerifyInclusionValidIsExitZero) {
  const CommandResult r = run(inclusion_args(5, 13));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "valid\n");
}

TEST_F(LogCliTest, VerifyInclusionWithEmptyProof) {
  const CommandResult r = run(inclusion_args(0, 1));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> args = inclusion_args(0, 1);
  EXPECT_EQ(args.back(), "");
}

TEST_F(LogCliTest, VerifyInclusionNotValidIsExitOne) {
  const std::string other_root = to_hex(tree_.root(12).value());
  CommandResult r = run(with(inclusion_args(5, 13), "--root", other_root));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "not valid: computed root differs from the given root\n");
  EXPECT_EQ(run(with(inclusion_args(5, 13), "--index", "6")).exit_code, 1);
  EXPECT_EQ(run(with(inclusion_args(5, 13), "--index", "13")).exit_code, 1);
  EXPECT_EQ(run(with(inclusion_args(5, 13), "--size", "0")).exit_code, 1);
  EXPECT_EQ(run(with(inclusion_args(5, 13), "--proof", "")).exit_code, 1);
}

TEST_F(LogCliTest, VerifyInclusionMalformedInputIsExitTwo) {
  const std::vector<std::string> good = inclusion_args(5, 13);
  const std::string root = to_hex(tree_.root(13).value());
  CommandResult r = run(with(good, "--root", root.substr(2)));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--root: a digest is 32 bytes (64 hex digits), got 31 bytes"),
            std::string::npos)
      << r.err;
  r = run(with(good, "--leaf-hash", "zz" + root.substr(2)));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a hex digit at position 1"), std::string::npos) << r.err;
  EXPECT_EQ(run(with(good, "--proof", root + ",")).exit_code, 2);
  EXPECT_EQ(run(with(good, "--proof", root + ",abc")).exit_code, 2);
  EXPECT_EQ(run(with(good, "--index", "-1")).exit_code, 2);
  EXPECT_EQ(run(with(good, "--size", "0x0d")).exit_code, 2);
  EXPECT_EQ(run(with(good, "--hash", "md5")).exit_code, 2);
  std::vector<std::string> no_proof(good.begin(), good.end() - 2);
  EXPECT_EQ(run(no_proof).exit_code, 2);
}

TEST_F(LogCliTest, VerifyConsistency) {
  CommandResult r = run(consistency_args(6, 13));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "valid\n");
  EXPECT_EQ(run(consistency_args(8, 13)).exit_code, 0);
  EXPECT_EQ(run(consistency_args(13, 13)).exit_code, 0);
  EXPECT_EQ(consistency_args(13, 13).back(), "");
  EXPECT_EQ(run(with(consistency_args(6, 13), "--size1", "7")).exit_code, 1);
  EXPECT_EQ(run(with(consistency_args(6, 13), "--proof", "")).exit_code, 1);
  EXPECT_EQ(run(with(consistency_args(6, 13), "--root2", to_hex(tree_.root(6).value()))).exit_code,
            1);
  r = run(with(consistency_args(6, 13), "--size1", "0"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "not valid: size1 is 0; consistency is defined for 0 < size1\n");
  EXPECT_EQ(run(with(consistency_args(6, 13), "--root1", "00")).exit_code, 2);
  EXPECT_EQ(run(with(consistency_args(6, 13), "--size2", "")).exit_code, 2);
}

TEST_F(LogCliTest, RootOfAFile) {
  std::string lines;
  for (const auto& entry : entries_) lines += to_hex(entry) + "\n";
  CommandResult r = run({"log", "root", "--leaves", write_file("leaves.txt", lines)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, to_hex(tree_.root()) + "\n");
  lines.pop_back();
  EXPECT_EQ(run({"log", "root", "--leaves", write_file("no_final_newline.txt", lines)}).out,
            to_hex(tree_.root()) + "\n");
}

TEST_F(LogCliTest, RootFileLineRules) {
  Hasher hasher = make_hasher();
  const std::vector<std::vector<uint8_t>> two = {{0x00}, {0x10}};
  EXPECT_EQ(run({"log", "root", "--leaves", write_file("two.txt", "00\n10\n")}).out,
            to_hex(merkle_root_of_entries(hasher, two)) + "\n");
  EXPECT_EQ(run({"log", "root", "--leaves", write_file("empty.txt", "")}).out,
            to_hex(hasher.empty_root()) + "\n");
  EXPECT_EQ(run({"log", "root", "--leaves", write_file("one_empty.txt", "\n")}).out,
            to_hex(hasher.leaf_hash({})) + "\n");
}

TEST_F(LogCliTest, RootWithSm3) {
  Hasher sm3 = make_hasher(HashAlgorithm::kSm3);
  const std::vector<std::vector<uint8_t>> two = {{0x00}, {0x10}};
  const CommandResult r =
      run({"log", "root", "--hash", "sm3", "--leaves", write_file("two.txt", "00\n10\n")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, to_hex(merkle_root_of_entries(sm3, two)) + "\n");
}

TEST_F(LogCliTest, VerifyWithSm3) {
  MerkleTree sm3_tree(make_hasher(HashAlgorithm::kSm3));
  for (const auto& entry : entries_) sm3_tree.append_entry(entry);
  const std::vector<std::string> args = {
      "log",         "verify-inclusion",
      "--hash",      "sm3",
      "--leaf-hash", to_hex(sm3_tree.leaf_hash(3).value()),
      "--index",     "3",
      "--size",      "13",
      "--root",      to_hex(sm3_tree.root()),
      "--proof",     proof_to_hex(sm3_tree.inclusion_proof(3, 13).value())};
  EXPECT_EQ(run(args).exit_code, 0);
  EXPECT_EQ(run(with(args, "--hash", "sha256")).exit_code, 1);
}

TEST_F(LogCliTest, RootMalformedInputIsExitTwo) {
  CommandResult r = run({"log", "root", "--leaves", write_file("bad.txt", "00\nxyz\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_EQ(run({"log", "root", "--leaves", write_file("crlf.txt", "00\r\n")}).exit_code, 2);
  EXPECT_EQ(run({"log", "root", "--leaves", (dir_ / "missing.txt").string()}).exit_code, 2);
}

}  // namespace
}  // namespace smecredit::scf
