// `smecredit log ...`: check Merkle proofs and compute roots of the
// verifiable log (RFC 9162) from the command line. Other tools depend on the
// flags and exit codes exactly as documented in docs/verifiable-log.md:
//   0  valid (verify-*) or root printed (root)
//   1  not valid, or a runtime failure (unreadable file, hash unavailable)
//   2  usage error: a missing or unknown flag, malformed hex, a digest that is
//      not 32 bytes, a non-numeric size or index
#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "scf/merkle/hash.h"
#include "scf/merkle/hex.h"
#include "scf/merkle/tree.h"
#include "scf/merkle/verify.h"

namespace smecredit::cli {

namespace {

using scf::Digest;
using scf::Hasher;

constexpr const char* kExitCodesFooter =
    "Exit codes: 0 valid, 1 not valid, 2 usage error (malformed hex, a digest or proof\n"
    "element that is not 32 bytes, a size or index that is not a decimal count).\n";

struct InclusionFlags {
  std::string hash = "sha256";
  std::string leaf_hash;
  std::string index;
  std::string size;
  std::string root;
  std::string proof;
};

struct ConsistencyFlags {
  std::string hash = "sha256";
  std::string size1;
  std::string size2;
  std::string root1;
  std::string root2;
  std::string proof;
};

struct RootFlags {
  std::string hash = "sha256";
  std::string leaves_file;
};

void add_hash_option(CLI::App* command, std::string& hash) {
  command->add_option("--hash", hash, "Hash algorithm: sha256 (default) or sm3")
      ->check(CLI::IsMember({"sha256", "sm3"}));
}

// Malformed input is a usage error (exit 2) with the flag's name.
Digest digest_flag(const char* flag, const std::string& text) {
  Result<Digest> digest = scf::digest_from_hex(text);
  if (!digest.ok()) throw CLI::ValidationError(flag, digest.error().message);
  return digest.value();
}

std::vector<Digest> proof_flag(const std::string& text) {
  Result<std::vector<Digest>> proof = scf::proof_from_hex(text);
  if (!proof.ok()) throw CLI::ValidationError("--proof", proof.error().message);
  return std::move(proof).value();
}

// Sizes and indexes: decimal digits only (no sign, no "0x"), at most 2^64 - 1.
uint64_t count_flag(const char* flag, const std::string& text) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) {
    throw CLI::ValidationError(flag, "\"" + text + "\" is not a decimal count in [0, 2^64)");
  }
  return value;
}

Result<Hasher> make_hasher(const std::string& name) {
  SC_ASSIGN_OR_RETURN(scf::HashAlgorithm algorithm, scf::parse_hash_algorithm(name));
  return Hasher::create(algorithm);
}

int fail(const char* command, const Error& error) {
  std::fprintf(stderr, "smecredit log %s: %s\n", command, error.to_string().c_str());
  return kExitFailure;
}

int report(const Status& verdict) {
  if (verdict.ok()) {
    std::puts("valid");
    return kExitOk;
  }
  std::printf("not valid: %s\n", verdict.error().message.c_str());
  return kExitFailure;
}

int run_verify_inclusion(const InclusionFlags& flags) {
  const Digest leaf_hash = digest_flag("--leaf-hash", flags.leaf_hash);
  const Digest root = digest_flag("--root", flags.root);
  const std::vector<Digest> proof = proof_flag(flags.proof);
  const uint64_t index = count_flag("--index", flags.index);
  const uint64_t size = count_flag("--size", flags.size);
  Result<Hasher> hasher = make_hasher(flags.hash);
  if (!hasher.ok()) return fail("verify-inclusion", hasher.error());
  return report(scf::verify_inclusion(hasher.value(), leaf_hash, index, size, proof, root));
}

int run_verify_consistency(const ConsistencyFlags& flags) {
  const Digest root1 = digest_flag("--root1", flags.root1);
  const Digest root2 = digest_flag("--root2", flags.root2);
  const std::vector<Digest> proof = proof_flag(flags.proof);
  const uint64_t size1 = count_flag("--size1", flags.size1);
  const uint64_t size2 = count_flag("--size2", flags.size2);
  Result<Hasher> hasher = make_hasher(flags.hash);
  if (!hasher.ok()) return fail("verify-consistency", hasher.error());
  return report(scf::verify_consistency(hasher.value(), size1, size2, root1, root2, proof));
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return Error{ErrorCode::kUnavailable, "cannot read " + path};
  return text.str();
}

int run_root(const RootFlags& flags) {
  Result<std::string> text = read_file(flags.leaves_file);
  if (!text.ok()) return fail("root", text.error());
  auto entries = scf::entries_from_hex_lines(text.value());
  if (!entries.ok()) throw CLI::ValidationError("--leaves", entries.error().message);
  Result<Hasher> hasher = make_hasher(flags.hash);
  if (!hasher.ok()) return fail("root", hasher.error());
  std::puts(scf::to_hex(scf::merkle_root_of_entries(hasher.value(), entries.value())).c_str());
  return kExitOk;
}

void add_verify_inclusion(CLI::App& log, int* exit_code) {
  auto flags = std::make_shared<InclusionFlags>();
  CLI::App* command = log.add_subcommand(
      "verify-inclusion", "Check that a leaf hash is at --index in the tree of --size leaves");
  add_hash_option(command, flags->hash);
  command->add_option("--leaf-hash", flags->leaf_hash, "Leaf hash H(0x00 || entry), 64 hex digits")
      ->required();
  command->add_option("--index", flags->index, "0-based leaf index")->required()->type_name("UINT");
  command->add_option("--size", flags->size, "Tree size in leaves")->required()->type_name("UINT");
  command->add_option("--root", flags->root, "Root of the tree of --size leaves, hex")->required();
  command->add_option("--proof", flags->proof, "Audit path HEX[,HEX...]; empty proof: --proof \"\"")
      ->required();
  command->footer(kExitCodesFooter);
  command->callback([flags, exit_code] { *exit_code = run_verify_inclusion(*flags); });
}

void add_verify_consistency(CLI::App& log, int* exit_code) {
  auto flags = std::make_shared<ConsistencyFlags>();
  CLI::App* command = log.add_subcommand(
      "verify-consistency", "Check that the tree of --size1 leaves is a prefix of --size2's");
  add_hash_option(command, flags->hash);
  command->add_option("--size1", flags->size1, "Earlier tree size (0 < size1 <= size2)")
      ->required()
      ->type_name("UINT");
  command->add_option("--size2", flags->size2, "Later tree size")->required()->type_name("UINT");
  command->add_option("--root1", flags->root1, "Root at --size1, hex")->required();
  command->add_option("--root2", flags->root2, "Root at --size2, hex")->required();
  command
      ->add_option("--proof", flags->proof,
                   "Consistency proof HEX[,HEX...]; empty proof: --proof \"\"")
      ->required();
  command->footer(kExitCodesFooter);
  command->callback([flags, exit_code] { *exit_code = run_verify_consistency(*flags); });
}

void add_root(CLI::App& log, int* exit_code) {
  auto flags = std::make_shared<RootFlags>();
  CLI::App* command =
      log.add_subcommand("root", "Print the Merkle root (hex) of a list of entries");
  add_hash_option(command, flags->hash);
  command->add_option("--leaves", flags->leaves_file, "File of entries, one hex entry per line")
      ->required()
      ->check(CLI::ExistingFile);
  command->footer(
      "FILE format: one hex-encoded entry (the entry's bytes, not its leaf hash) per line,\n"
      "lines split at LF. An empty line is an empty entry. A final LF ends the last line\n"
      "and adds no entry: \"00\\n10\\n\" and \"00\\n10\" both hold 2 entries, an empty file\n"
      "holds 0 (root = H(\"\")) and \"\\n\" holds 1 (the empty entry). CR is not allowed.\n"
      "Exit codes: 0 root printed, 1 file unreadable, 2 usage error (missing file, a line\n"
      "that is not hex).\n");
  command->callback([flags, exit_code] { *exit_code = run_root(*flags); });
}

}  // namespace

void add_log_command(CLI::App& app, int* exit_code) {
  CLI::App* log = app.add_subcommand(
      "log", "Verifiable log (RFC 9162 Merkle tree): verify proofs, compute roots");
  log->require_subcommand(1);
  add_verify_inclusion(*log, exit_code);
  add_verify_consistency(*log, exit_code);
  add_root(*log, exit_code);
}

}  // namespace smecredit::cli
