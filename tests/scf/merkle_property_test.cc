// Property tests with a fixed-seed PRNG, for SHA-256 and SM3: the tree agrees
// with the RFC's recursive definitions; every generated proof verifies; any
// single flipped bit, a truncated or extended proof, a wrong index, size or
// root fails; the RFC's edge cases are rejected.
#include <gtest/gtest.h>

#include <random>

#include "merkle_test_support.h"
#include "scf/merkle/tree.h"
#include "scf/merkle/verify.h"

namespace smecredit::scf {
namespace {

using testing::make_hasher;

constexpr uint64_t kMaxLeaves = 300;
constexpr int kRandomSizes = 24;
constexpr uint64_t kExhaustiveBitFlipSize = 10;
constexpr uint64_t kAllPairsSize = 64;

class MerklePropertyTest : public ::testing::TestWithParam<HashAlgorithm> {
 protected:
  void SetUp() override {
    for (uint64_t i = 0; i < kMaxLeaves; ++i) {
      std::vector<uint8_t> entry(rng_() % 40);
      for (uint8_t& b : entry) b = static_cast<uint8_t>(rng_());
      leaves_.push_back(hasher_.leaf_hash(entry));
      tree_.append_entry(entry);
    }
  }

  std::span<const Digest> first(uint64_t n) const { return {leaves_.data(), n}; }
  Digest root(uint64_t n) { return tree_.root(n).value(); }

  Digest random_digest() {
    Digest d;
    for (uint8_t& b : d) b = static_cast<uint8_t>(rng_());
    return d;
  }

  static Digest flip(Digest d, size_t bit) {
    d[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    return d;
  }

  // Every proof with one bit flipped: all bits when `exhaustive`, else one
  // random bit per element.
  std::vector<std::vector<Digest>> bit_flips(const std::vector<Digest>& proof, bool exhaustive) {
    std::vector<std::vector<Digest>> out;
    for (size_t e = 0; e < proof.size(); ++e) {
      for (size_t bit = 0; bit < kDigestBytes * 8; ++bit) {
        if (!exhaustive) bit = rng_() % (kDigestBytes * 8);
        std::vector<Digest> mutated = proof;
        mutated[e] = flip(mutated[e], bit);
        out.push_back(std::move(mutated));
        if (!exhaustive) break;
      }
    }
    return out;
  }

  std::vector<std::vector<Digest>> truncations_and_extensions(const std::vector<Digest>& proof) {
    std::vector<std::vector<Digest>> out;
    if (!proof.empty()) {
      out.emplace_back(proof.begin(), proof.end() - 1);
      out.emplace_back(proof.begin() + 1, proof.end());
    }
    std::vector<Digest> longer = proof;
    longer.push_back(random_digest());
    out.push_back(longer);
    longer = proof;
    longer.insert(longer.begin(), random_digest());
    out.push_back(longer);
    return out;
  }

  void check_inclusion(uint64_t index, uint64_t n) {
    SCOPED_TRACE("inclusion index " + std::to_string(index) + " size " + std::to_string(n));
    const std::vector<Digest> proof = tree_.inclusion_proof(index, n).value();
    ASSERT_EQ(proof, testing::reference_path(hasher_, index, first(n)));
    const Digest& leaf = leaves_[index];
    const Digest good_root = root(n);
    ASSERT_TRUE(verify_inclusion(hasher_, leaf, index, n, proof, good_root).ok());

    for (const auto& bad : bit_flips(proof, n <= kExhaustiveBitFlipSize)) {
      EXPECT_FALSE(verify_inclusion(hasher_, leaf, index, n, bad, good_root).ok());
    }
    for (const auto& bad : truncations_and_extensions(proof)) {
      EXPECT_FALSE(verify_inclusion(hasher_, leaf, index, n, bad, good_root).ok());
    }
    const size_t bit = rng_() % (kDigestBytes * 8);
    EXPECT_FALSE(verify_inclusion(hasher_, flip(leaf, bit), index, n, proof, good_root).ok());
    EXPECT_FALSE(verify_inclusion(hasher_, leaf, index, n, proof, flip(good_root, bit)).ok());
    for (uint64_t other : {index + 1, index + n - 1, uint64_t{rng_() % n}}) {
      other %= n;
      if (other == index) continue;
      EXPECT_FALSE(verify_inclusion(hasher_, leaf, other, n, proof, good_root).ok());
    }
    for (uint64_t other_size : {n - 1, n + 1, 2 * n}) {
      if (other_size <= index || other_size > kMaxLeaves) continue;
      EXPECT_FALSE(
          verify_inclusion(hasher_, leaf, index, other_size, proof, root(other_size)).ok());
    }
    EXPECT_FALSE(verify_inclusion(hasher_, leaf, n, n, proof, good_root).ok());
  }

  void check_consistency(uint64_t m, uint64_t n) {
    SCOPED_TRACE("consistency " + std::to_string(m) + " -> " + std::to_string(n));
    const std::vector<Digest> proof = tree_.consistency_proof(m, n).value();
    ASSERT_EQ(proof, testing::reference_subproof(hasher_, m, first(n), true));
    const Digest root1 = root(m);
    const Digest root2 = root(n);
    ASSERT_TRUE(verify_consistency(hasher_, m, n, root1, root2, proof).ok());

    for (const auto& bad : bit_flips(proof, n <= kExhaustiveBitFlipSize)) {
      EXPECT_FALSE(verify_consistency(hasher_, m, n, root1, root2, bad).ok());
    }
    for (const auto& bad : truncations_and_extensions(proof)) {
      EXPECT_FALSE(verify_consistency(hasher_, m, n, root1, root2, bad).ok());
    }
    const size_t bit = rng_() % (kDigestBytes * 8);
    EXPECT_FALSE(verify_consistency(hasher_, m, n, flip(root1, bit), root2, proof).ok());
    EXPECT_FALSE(verify_consistency(hasher_, m, n, root1, flip(root2, bit), proof).ok());
    for (uint64_t other : {m - 1, m + 1}) {
      if (other == 0 || other > n) continue;
      if (tree_.consistency_proof(other, n).value() == proof) continue;
      EXPECT_FALSE(verify_consistency(hasher_, other, n, root(other), root2, proof).ok());
    }
    for (uint64_t other : {n - 1, n + 1}) {
      if (other < m || other == 0 || other > kMaxLeaves) continue;
      if (tree_.consistency_proof(m, other).value() == proof) continue;
      EXPECT_FALSE(verify_consistency(hasher_, m, other, root1, root(other), proof).ok());
    }
    if (m != n) {
      EXPECT_FALSE(verify_consistency(hasher_, n, m, root2, root1, proof).ok());
    }
  }

  std::mt19937_64 rng_{20240607};
  Hasher hasher_ = make_hasher(GetParam());
  MerkleTree tree_{make_hasher(GetParam())};
  std::vector<Digest> leaves_;
};

TEST_P(MerklePropertyTest, RootsMatchTheRecursiveDefinitionAtEverySize) {
  CompactRange range;
  for (uint64_t n = 0; n <= kMaxLeaves; ++n) {
    const Digest expected = testing::reference_root(hasher_, first(n));
    ASSERT_EQ(root(n), expected) << "size " << n;
    ASSERT_EQ(range.root(hasher_), expected) << "size " << n;
    ASSERT_EQ(merkle_root(hasher_, first(n)), expected) << "size " << n;
    ASSERT_EQ(range.subtree_roots().size(), static_cast<size_t>(std::popcount(n)));
    if (n < kMaxLeaves) range.append(hasher_, leaves_[n]);
  }
  EXPECT_EQ(tree_.root(), root(kMaxLeaves));
}

TEST_P(MerklePropertyTest, CompactRangeResumesFromItsParts) {
  CompactRange range;
  for (uint64_t n = 0; n < 77; ++n) range.append(hasher_, leaves_[n]);
  std::vector<Digest> parts(range.subtree_roots().begin(), range.subtree_roots().end());
  CompactRange resumed = CompactRange::from_parts(range.size(), parts).value();
  for (uint64_t n = 77; n < 100; ++n) resumed.append(hasher_, leaves_[n]);
  EXPECT_EQ(resumed.root(hasher_), root(100));
  parts.pop_back();
  EXPECT_FALSE(CompactRange::from_parts(77, parts).ok());
}

TEST_P(MerklePropertyTest, InclusionProofsForAllIndicesOfRandomSizes) {
  for (uint64_t n = 1; n <= kExhaustiveBitFlipSize; ++n) {
    for (uint64_t index = 0; index < n; ++index) check_inclusion(index, n);
  }
  for (int round = 0; round < kRandomSizes; ++round) {
    const uint64_t n = 1 + rng_() % kMaxLeaves;
    for (uint64_t index = 0; index < n; ++index) check_inclusion(index, n);
    if (HasFatalFailure()) return;
  }
}

TEST_P(MerklePropertyTest, ConsistencyProofsForAllPairs) {
  for (uint64_t n = 1; n <= kAllPairsSize; ++n) {
    for (uint64_t m = 1; m <= n; ++m) check_consistency(m, n);
    if (HasFatalFailure()) return;
  }
  for (int round = 0; round < kRandomSizes; ++round) {
    const uint64_t n = 1 + rng_() % kMaxLeaves;
    for (uint64_t m = 1; m <= n; ++m) check_consistency(m, n);
    if (HasFatalFailure()) return;
  }
}

TEST_P(MerklePropertyTest, RfcEdgeCasesAreRejected) {
  const Digest leaf = leaves_[0];
  const Digest r1 = root(1);
  EXPECT_FALSE(verify_inclusion(hasher_, leaf, 0, 0, {}, hasher_.empty_root()).ok());
  EXPECT_FALSE(verify_inclusion(hasher_, leaf, 1, 1, {}, r1).ok());
  EXPECT_FALSE(verify_inclusion(hasher_, leaf, UINT64_MAX, UINT64_MAX, {}, r1).ok());
  EXPECT_TRUE(verify_inclusion(hasher_, leaf, 0, 1, {}, r1).ok());

  EXPECT_FALSE(
      verify_consistency(hasher_, 0, 0, hasher_.empty_root(), hasher_.empty_root(), {}).ok());
  EXPECT_FALSE(verify_consistency(hasher_, 0, 1, hasher_.empty_root(), r1, {}).ok());
  EXPECT_FALSE(verify_consistency(hasher_, 2, 1, root(2), r1, {}).ok());
  EXPECT_TRUE(verify_consistency(hasher_, 5, 5, root(5), root(5), {}).ok());
  EXPECT_FALSE(verify_consistency(hasher_, 5, 5, root(5), root(4), {}).ok());
  EXPECT_FALSE(
      verify_consistency(hasher_, 5, 5, root(5), root(5), std::vector<Digest>{root(5)}).ok());
  EXPECT_FALSE(verify_consistency(hasher_, 4, 5, root(4), root(5), {}).ok());
  EXPECT_FALSE(verify_consistency(hasher_, 1, UINT64_MAX, r1, r1, std::vector<Digest>{r1}).ok());
}

TEST_P(MerklePropertyTest, ProofBuildersRejectSizesBeyondTheTree) {
  EXPECT_EQ(tree_.inclusion_proof(0, kMaxLeaves + 1).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(tree_.inclusion_proof(5, 5).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(tree_.consistency_proof(1, kMaxLeaves + 1).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(tree_.consistency_proof(0, 3).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(tree_.consistency_proof(4, 3).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(tree_.consistency_proof(3, 3).value().empty());
  EXPECT_EQ(tree_.root(kMaxLeaves + 1).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(tree_.leaf_hash(kMaxLeaves).error().code, ErrorCode::kOutOfRange);
}

INSTANTIATE_TEST_SUITE_P(BothHashes, MerklePropertyTest,
                         ::testing::Values(HashAlgorithm::kSha256, HashAlgorithm::kSm3),
                         [](const auto& info) {
                           return std::string(hash_algorithm_name(info.param));
                         });

}  // namespace
}  // namespace smecredit::scf
