// Merkle trees of RFC 9162 §2.1: roots, an O(log n) append frontier, and an
// in-memory tree that builds inclusion and consistency proofs.
//
// Leaves are leaf hashes (Hasher::leaf_hash of the entry bytes). The tree of
// n leaves splits at k, the largest power of two below n: MTH(D[0:n]) =
// node_hash(MTH(D[0:k]), MTH(D[k:n])); MTH of one leaf is its leaf hash; MTH
// of no leaves is H("").
//
// CompactRange is the frontier: one root per perfect subtree covering
// [0, size) (one per set bit of size, largest first). Appending costs
// amortised O(1) node hashes (O(log n) worst case); root() costs O(log n).
// Its state (size + subtree roots) is what a durable log persists to resume
// appending without reading old leaves.
//
// MerkleTree keeps every complete node (level L, index i covers leaves
// [i*2^L, (i+1)*2^L)), about 2n digests, so it can answer for any tree size
// up to its current one: root(size), inclusion_proof(index, size),
// consistency_proof(size1, size2), each with O(log n) node hashes.
//
// Ownership and thread-safety: MerkleTree owns its Hasher and is not safe for
// concurrent use (proof building hashes, so those methods are non-const).
// CompactRange is a value; its hashing methods use the caller's Hasher.
//
// Example:
//   MerkleTree tree(Hasher::create(HashAlgorithm::kSha256).value());
//   for (const auto& entry : entries) tree.append_entry(entry);
//   Digest root = tree.root();
//   std::vector<Digest> proof = tree.inclusion_proof(5, tree.size()).value();
//   verify_inclusion(hasher, tree.leaf_hash(5).value(), 5, tree.size(), proof, root);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "scf/merkle/hash.h"

namespace smecredit::scf {

// MTH of the given leaf hashes, O(n) node hashes, O(log n) memory.
Digest merkle_root(Hasher& hasher, std::span<const Digest> leaf_hashes);
// MTH of the given entries (each leaf-hashed first).
Digest merkle_root_of_entries(Hasher& hasher, std::span<const std::vector<uint8_t>> entries);

class CompactRange {
 public:
  CompactRange() = default;
  // Restores persisted state; kInvalidArgument unless roots.size() is the
  // number of set bits of size.
  static Result<CompactRange> from_parts(uint64_t size, std::vector<Digest> subtree_roots);

  uint64_t size() const { return size_; }
  // Largest (leftmost) subtree first.
  std::span<const Digest> subtree_roots() const { return roots_; }

  void append(Hasher& hasher, const Digest& leaf_hash);
  // MTH of the size() leaves appended so far; H("") when empty.
  Digest root(Hasher& hasher) const;

 private:
  uint64_t size_ = 0;
  std::vector<Digest> roots_;
};

class MerkleTree {
 public:
  explicit MerkleTree(Hasher hasher) : hasher_(std::move(hasher)) {}

  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  HashAlgorithm algorithm() const { return hasher_.algorithm(); }

  // Both return the new leaf's index.
  uint64_t append_entry(ByteSpan entry);
  uint64_t append_leaf_hash(const Digest& leaf_hash);
  // Pre-allocates room for this many leaves in total.
  void reserve(uint64_t leaves);

  // kOutOfRange when index >= size().
  Result<Digest> leaf_hash(uint64_t index) const;
  // Root of the current tree.
  Digest root();
  // Root of the first tree_size leaves; kOutOfRange when tree_size > size().
  Result<Digest> root(uint64_t tree_size);
  // RFC 9162 §2.1.3.1 PATH(index, D[tree_size]); kOutOfRange when
  // tree_size > size() or index >= tree_size.
  Result<std::vector<Digest>> inclusion_proof(uint64_t index, uint64_t tree_size);
  // RFC 9162 §2.1.4.1 PROOF(size1, D[size2]); empty when size1 == size2;
  // kOutOfRange when size2 > size(), kInvalidArgument when size1 == 0 or
  // size1 > size2.
  Result<std::vector<Digest>> consistency_proof(uint64_t size1, uint64_t size2);

 private:
  const Digest& node(int level, uint64_t index) const;
  Digest subtree_hash(uint64_t begin, uint64_t end);
  void append_path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Digest>& out);
  void append_subproof(uint64_t size1, uint64_t begin, uint64_t end, bool whole_known,
                       std::vector<Digest>& out);

  Hasher hasher_;
  std::vector<std::vector<Digest>> levels_;
};

}  // namespace smecredit::scf
