// Test support for the Merkle tests: digest literals and an independent
// reference built straight from the recursive definitions of RFC 9162
// §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF), with no
// stored nodes, so the optimised MerkleTree can be checked against it.
#pragma once

#include <bit>
#include <ostream>
#include <span>
#include <string_view>
#include <vector>

#include "scf/merkle/hash.h"
#include "scf/merkle/hex.h"

namespace smecredit::scf {

// GoogleTest prints parameters with this: "sha256", "sm3".
inline void PrintTo(HashAlgorithm algorithm, std::ostream* out) {
  *out << hash_algorithm_name(algorithm);
}

namespace testing {

inline Digest digest(std::string_view hex) {
  return digest_from_hex(hex).value();
}

inline Hasher make_hasher(HashAlgorithm algorithm = HashAlgorithm::kSha256) {
  return Hasher::create(algorithm).value();
}

using Leaves = std::span<const Digest>;

inline uint64_t reference_split(uint64_t n) {
  return std::bit_floor(n - 1);
}

inline Digest reference_root(Hasher& hasher, Leaves leaves) {
  if (leaves.empty()) return hasher.empty_root();
  if (leaves.size() == 1) return leaves[0];
  const uint64_t k = reference_split(leaves.size());
  return hasher.node_hash(reference_root(hasher, leaves.first(k)),
                          reference_root(hasher, leaves.subspan(k)));
}

inline std::vector<Digest> reference_path(Hasher& hasher, uint64_t m, Leaves leaves) {
  if (leaves.size() <= 1) return {};
  const uint64_t k = reference_split(leaves.size());
  std::vector<Digest> path;
  if (m < k) {
    path = reference_path(hasher, m, leaves.first(k));
    path.push_back(reference_root(hasher, leaves.subspan(k)));
  } else {
    path = reference_path(hasher, m - k, leaves.subspan(k));
    path.push_back(reference_root(hasher, leaves.first(k)));
  }
  return path;
}

inline std::vector<Digest> reference_subproof(Hasher& hasher, uint64_t m, Leaves leaves,
                                              bool whole_known) {
  if (m == leaves.size()) {
    if (whole_known) return {};
    return {reference_root(hasher, leaves)};
  }
  const uint64_t k = reference_split(leaves.size());
  std::vector<Digest> proof;
  if (m <= k) {
    proof = reference_subproof(hasher, m, leaves.first(k), whole_known);
    proof.push_back(reference_root(hasher, leaves.subspan(k)));
  } else {
    proof = reference_subproof(hasher, m - k, leaves.subspan(k), false);
    proof.push_back(reference_root(hasher, leaves.first(k)));
  }
  return proof;
}

}  // namespace testing
}  // namespace smecredit::scf
