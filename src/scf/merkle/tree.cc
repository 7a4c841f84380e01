#include "scf/merkle/tree.h"

#include <bit>
#include <string>

namespace smecredit::scf {

namespace {

// k in RFC 9162 §2.1.1: the largest power of two smaller than n (n >= 2).
uint64_t split_point(uint64_t n) {
  return std::bit_floor(n - 1);
}

int level_of(uint64_t width) {
  return std::countr_zero(width);
}

Error out_of_range(std::string message) {
  return Error{ErrorCode::kOutOfRange, std::move(message)};
}

}  // namespace

Digest merkle_root(Hasher& hasher, std::span<const Digest> leaf_hashes) {
  CompactRange range;
  for (const Digest& leaf : leaf_hashes) range.append(hasher, leaf);
  return range.root(hasher);
}

Digest merkle_root_of_entries(Hasher& hasher, std::span<const std::vector<uint8_t>> entries) {
  CompactRange range;
  for (const std::vector<uint8_t>& entry : entries) range.append(hasher, hasher.leaf_hash(entry));
  return range.root(hasher);
}

Result<CompactRange> CompactRange::from_parts(uint64_t size, std::vector<Digest> subtree_roots) {
  if (subtree_roots.size() != static_cast<size_t>(std::popcount(size))) {
    return Error{ErrorCode::kInvalidArgument, "a compact range of size " + std::to_string(size) +
                                                  " has " + std::to_string(std::popcount(size)) +
                                                  " subtree roots, got " +
                                                  std::to_string(subtree_roots.size())};
  }
  CompactRange range;
  range.size_ = size;
  range.roots_ = std::move(subtree_roots);
  return range;
}

void CompactRange::append(Hasher& hasher, const Digest& leaf_hash) {
  Digest merged = leaf_hash;
  for (uint64_t carry = size_; (carry & 1) != 0; carry >>= 1) {
    merged = hasher.node_hash(roots_.back(), merged);
    roots_.pop_back();
  }
  roots_.push_back(merged);
  ++size_;
}

Digest CompactRange::root(Hasher& hasher) const {
  if (roots_.empty()) return hasher.empty_root();
  Digest root = roots_.back();
  for (size_t i = roots_.size() - 1; i-- > 0;) root = hasher.node_hash(roots_[i], root);
  return root;
}

uint64_t MerkleTree::append_entry(ByteSpan entry) {
  return append_leaf_hash(hasher_.leaf_hash(entry));
}

uint64_t MerkleTree::append_leaf_hash(const Digest& leaf_hash) {
  const uint64_t index = size();
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  for (size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    const std::vector<Digest>& nodes = levels_[level];
    const Digest parent = hasher_.node_hash(nodes[nodes.size() - 2], nodes.back());
    if (level + 1 == levels_.size()) levels_.emplace_back();
    levels_[level + 1].push_back(parent);
  }
  return index;
}

void MerkleTree::reserve(uint64_t leaves) {
  for (int level = 0; (leaves >> level) > 0; ++level) {
    if (static_cast<size_t>(level) == levels_.size()) levels_.emplace_back();
    levels_[level].reserve(leaves >> level);
  }
}

Result<Digest> MerkleTree::leaf_hash(uint64_t index) const {
  if (index >= size()) {
    return out_of_range("leaf " + std::to_string(index) + " >= size " + std::to_string(size()));
  }
  return levels_[0][index];
}

Digest MerkleTree::root() {
  return root(size()).value();
}

Result<Digest> MerkleTree::root(uint64_t tree_size) {
  if (tree_size > size()) {
    return out_of_range("tree size " + std::to_string(tree_size) + " > size " +
                        std::to_string(size()));
  }
  if (tree_size == 0) return hasher_.empty_root();
  return subtree_hash(0, tree_size);
}

Result<std::vector<Digest>> MerkleTree::inclusion_proof(uint64_t index, uint64_t tree_size) {
  if (tree_size > size() || index >= tree_size) {
    return out_of_range("no leaf " + std::to_string(index) + " in a tree of size " +
                        std::to_string(tree_size) + " (current size " + std::to_string(size()) +
                        ")");
  }
  std::vector<Digest> proof;
  append_path(index, 0, tree_size, proof);
  return proof;
}

Result<std::vector<Digest>> MerkleTree::consistency_proof(uint64_t size1, uint64_t size2) {
  if (size1 == 0 || size1 > size2) {
    return Error{ErrorCode::kInvalidArgument, "consistency needs 0 < size1 <= size2, got " +
                                                  std::to_string(size1) + " and " +
                                                  std::to_string(size2)};
  }
  if (size2 > size()) {
    return out_of_range("tree size " + std::to_string(size2) + " > size " + std::to_string(size()));
  }
  std::vector<Digest> proof;
  append_subproof(size1, 0, size2, true, proof);
  return proof;
}

const Digest& MerkleTree::node(int level, uint64_t index) const {
  return levels_[level][index];
}

// MTH(D[begin:end]) for a range of the RFC decomposition: begin is a multiple
// of the power of two at or above end - begin, so its left part is a stored
// complete node and only the right edge needs hashing.
Digest MerkleTree::subtree_hash(uint64_t begin, uint64_t end) {
  const uint64_t width = end - begin;
  if (std::has_single_bit(width)) return node(level_of(width), begin >> level_of(width));
  const uint64_t k = split_point(width);
  return hasher_.node_hash(node(level_of(k), begin >> level_of(k)), subtree_hash(begin + k, end));
}

// PATH(index, D[begin:end]) with index relative to begin; deepest first.
void MerkleTree::append_path(uint64_t index, uint64_t begin, uint64_t end,
                             std::vector<Digest>& out) {
  if (end - begin == 1) return;
  const uint64_t k = split_point(end - begin);
  if (index < k) {
    append_path(index, begin, begin + k, out);
    out.push_back(subtree_hash(begin + k, end));
  } else {
    append_path(index - k, begin + k, end, out);
    out.push_back(subtree_hash(begin, begin + k));
  }
}

// SUBPROOF(size1, D[begin:end], whole_known) with size1 relative to begin.
void MerkleTree::append_subproof(uint64_t size1, uint64_t begin, uint64_t end, bool whole_known,
                                 std::vector<Digest>& out) {
  if (size1 == end - begin) {
    if (!whole_known) out.push_back(subtree_hash(begin, end));
    return;
  }
  const uint64_t k = split_point(end - begin);
  if (size1 <= k) {
    append_subproof(size1, begin, begin + k, whole_known, out);
    out.push_back(subtree_hash(begin + k, end));
  } else {
    append_subproof(size1 - k, begin + k, end, false, out);
    out.push_back(subtree_hash(begin, begin + k));
  }
}

}  // namespace smecredit::scf
