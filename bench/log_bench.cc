// `smecredit bench log`: the verifiable log.
//
// appends_per_s: durable appends to the store-backed DurableLog (SQLite,
// synchronous=FULL, one transaction per batch of --batch entries), entries
// already verified, as the issue defines it. memory_appends_per_s: the same
// entries into an in-memory MerkleTree (leaf hash plus completed parents).
// Then it builds and verifies --proofs inclusion and consistency proofs at
// random indexes of the full in-memory tree. Beside them it measures the
// machine's physical reference, 64-byte SHA-256 hashes per second through
// the same OpenSSL EVP calls, in the same run, so the figures can be read as
// multiples of the hash cost.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>

#include "bench/benchmarks.h"
#include "scf/log/durable_log.h"
#include "scf/merkle/hash.h"
#include "scf/merkle/tree.h"
#include "scf/merkle/verify.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;
using scf::Digest;
using scf::Hasher;

constexpr size_t kEntryBytes = 64;

struct LogBenchOptions {
  bool json = false;
  int64_t leaves = 1'000'000;
  int64_t proofs = 100'000;
  int64_t durable_entries = 1'000'000;
  int64_t batch = 10'000;
  std::string hash = "sha256";
};

double micros_per(SteadyClock::time_point start, int64_t count) {
  return seconds_since(start) * 1e6 / static_cast<double>(count);
}

// Folds digests into a figure so the compiler cannot drop the work.
struct Checksum {
  uint64_t value = 0;
  void add(const Digest& d) { value = value * 31 + d[0] + (uint64_t{d[31]} << 8); }
};

std::array<uint8_t, kEntryBytes> entry_for(uint64_t index) {
  std::array<uint8_t, kEntryBytes> entry{};
  for (size_t i = 0; i < 8; ++i) entry[i] = static_cast<uint8_t>(index >> (8 * i));
  return entry;
}

double hashes_64b_per_s(scf::HashAlgorithm algorithm, int64_t iterations, Checksum& checksum) {
  Hasher hasher = Hasher::create(algorithm).value();
  std::array<uint8_t, 64> block{};
  const auto start = SteadyClock::now();
  for (int64_t i = 0; i < iterations; ++i) {
    block[0] = static_cast<uint8_t>(i);
    checksum.add(hasher.hash(block));
  }
  return static_cast<double>(iterations) / seconds_since(start);
}

double append_all(scf::MerkleTree& tree, uint64_t leaves) {
  tree.reserve(leaves);
  const auto start = SteadyClock::now();
  for (uint64_t i = 0; i < leaves; ++i) tree.append_entry(entry_for(i));
  return static_cast<double>(leaves) / seconds_since(start);
}

// Appends to a CompactRange and takes the root after every append.
double frontier_append_and_root(Hasher& hasher, uint64_t leaves, Checksum& checksum) {
  scf::CompactRange range;
  const auto start = SteadyClock::now();
  for (uint64_t i = 0; i < leaves; ++i) {
    range.append(hasher, hasher.leaf_hash(entry_for(i)));
    checksum.add(range.root(hasher));
  }
  return static_cast<double>(leaves) / seconds_since(start);
}

// Durable appends through DurableLog on a fresh SQLite file; entries/s.
Result<double> durable_appends(scf::HashAlgorithm algorithm, int64_t total, int64_t batch) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("smecredit-bench-log-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const Timestamp now{};
  double per_s = 0;
  {
    SC_ASSIGN_OR_RETURN(auto store, store::SqliteStore::open({.path = (dir / "log.db").string()}));
    SC_RETURN_IF_ERROR(store::migrate(*store, store::builtin_migrations(), now));
    SC_ASSIGN_OR_RETURN(auto log, scf::DurableLog::open(*store, algorithm));
    std::vector<scf::Entry> entries(static_cast<size_t>(batch));
    const auto start = SteadyClock::now();
    for (int64_t done = 0; done < total; done += batch) {
      const auto size = static_cast<size_t>(std::min(batch, total - done));
      entries.resize(size);
      for (size_t i = 0; i < size; ++i) {
        const auto e = entry_for(static_cast<uint64_t>(done) + i);
        entries[i].assign(e.begin(), e.end());
      }
      SC_RETURN_IF_ERROR(log->append(entries, now));
    }
    per_s = static_cast<double>(total) / seconds_since(start);
  }
  std::filesystem::remove_all(dir);
  return per_s;
}

struct ProofTimes {
  double prove_us = 0;
  double verify_us = 0;
};

ProofTimes time_inclusion(scf::MerkleTree& tree, Hasher& hasher, int64_t count,
                          Checksum& checksum) {
  std::mt19937_64 rng(7);
  const uint64_t size = tree.size();
  const Digest root = tree.root();
  std::vector<uint64_t> indexes(static_cast<size_t>(count));
  for (uint64_t& index : indexes) index = rng() % size;
  std::vector<std::vector<Digest>> proofs;
  proofs.reserve(indexes.size());
  const auto prove_start = SteadyClock::now();
  for (uint64_t index : indexes) proofs.push_back(tree.inclusion_proof(index, size).value());
  const double prove_us = micros_per(prove_start, count);
  int64_t valid = 0;
  const auto verify_start = SteadyClock::now();
  for (size_t i = 0; i < indexes.size(); ++i) {
    const Digest leaf = tree.leaf_hash(indexes[i]).value();
    valid += scf::verify_inclusion(hasher, leaf, indexes[i], size, proofs[i], root).ok() ? 1 : 0;
  }
  const double verify_us = micros_per(verify_start, count);
  checksum.value += static_cast<uint64_t>(valid == count ? 1 : 0);
  return {prove_us, verify_us};
}

ProofTimes time_consistency(scf::MerkleTree& tree, Hasher& hasher, int64_t count,
                            Checksum& checksum) {
  std::mt19937_64 rng(11);
  const uint64_t size = tree.size();
  const Digest root = tree.root();
  std::vector<uint64_t> sizes1(static_cast<size_t>(count));
  for (uint64_t& size1 : sizes1) size1 = 1 + rng() % size;
  std::vector<std::vector<Digest>> proofs;
  proofs.reserve(sizes1.size());
  const auto prove_start = SteadyClock::now();
  for (uint64_t size1 : sizes1) proofs.push_back(tree.consistency_proof(size1, size).value());
  const double prove_us = micros_per(prove_start, count);
  std::vector<Digest> roots1;
  roots1.reserve(sizes1.size());
  for (uint64_t size1 : sizes1) roots1.push_back(tree.root(size1).value());
  int64_t valid = 0;
  const auto verify_start = SteadyClock::now();
  for (size_t i = 0; i < sizes1.size(); ++i) {
    valid += scf::verify_consistency(hasher, sizes1[i], size, roots1[i], root, proofs[i]).ok();
  }
  const double verify_us = micros_per(verify_start, count);
  checksum.value += static_cast<uint64_t>(valid == count ? 1 : 0);
  return {prove_us, verify_us};
}

std::vector<Figure> run_log_benchmark(const LogBenchOptions& options) {
  const scf::HashAlgorithm algorithm = scf::parse_hash_algorithm(options.hash).value();
  const auto leaves = static_cast<uint64_t>(options.leaves);
  Hasher hasher = Hasher::create(algorithm).value();
  Checksum checksum;
  const double sha256_per_s = hashes_64b_per_s(scf::HashAlgorithm::kSha256, 2'000'000, checksum);

  const Result<double> durable = durable_appends(algorithm, options.durable_entries, options.batch);
  if (!durable.ok()) return {{"error", durable.error().to_string()}};
  scf::MerkleTree tree(Hasher::create(algorithm).value());
  const double memory_appends_per_s = append_all(tree, leaves);
  const auto root_start = SteadyClock::now();
  for (int i = 0; i < 1000; ++i) checksum.add(tree.root());
  const double root_us = micros_per(root_start, 1000);
  const ProofTimes inclusion = time_inclusion(tree, hasher, options.proofs, checksum);
  const ProofTimes consistency = time_consistency(tree, hasher, options.proofs, checksum);
  const double frontier_per_s = frontier_append_and_root(hasher, leaves, checksum);

  std::vector<Figure> figures = {{"hash", options.hash},
                                 {"leaves", options.leaves},
                                 {"entry_bytes", static_cast<int64_t>(kEntryBytes)},
                                 {"durable_entries", options.durable_entries},
                                 {"batch", options.batch},
                                 {"appends_per_s", durable.value()},
                                 {"memory_appends_per_s", memory_appends_per_s},
                                 {"frontier_append_and_root_per_s", frontier_per_s},
                                 {"root_us", root_us},
                                 {"proofs", options.proofs},
                                 {"prove_us", inclusion.prove_us},
                                 {"verify_us", inclusion.verify_us},
                                 {"consistency_prove_us", consistency.prove_us},
                                 {"consistency_verify_us", consistency.verify_us},
                                 {"sha256_64B_per_s", sha256_per_s}};
  if (algorithm == scf::HashAlgorithm::kSm3) {
    figures.push_back({"sm3_64B_per_s", hashes_64b_per_s(algorithm, 2'000'000, checksum)});
  }
  figures.push_back({"checksum", static_cast<int64_t>(checksum.value & 0x7fffffff)});
  return figures;
}

}  // namespace

void add_log_benchmark(CLI::App& bench, int* exit_code) {
  auto options = std::make_shared<LogBenchOptions>();
  CLI::App* command = bench.add_subcommand(
      "log", "Verifiable log: durable batched appends, roots, inclusion/consistency proofs");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--leaves", options->leaves, "Tree size to build")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  command->add_option("--proofs", options->proofs, "Proofs of each kind to build and verify")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  command
      ->add_option("--durable-entries", options->durable_entries,
                   "Entries appended durably (SQLite, synchronous=FULL)")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  command->add_option("--batch", options->batch, "Entries per durable append transaction")
      ->check(CLI::Range(int64_t{1}, static_cast<int64_t>(scf::kMaxBatchEntries)));
  command->add_option("--hash", options->hash, "sha256 (default) or sm3")
      ->check(CLI::IsMember({"sha256", "sm3"}));
  command->callback([options, exit_code] {
    const std::vector<Figure> figures = run_log_benchmark(*options);
    print_figures(options->json, figures);
    *exit_code = figures.front().name == "error" ? 1 : 0;
  });
}

}  // namespace smecredit::bench
