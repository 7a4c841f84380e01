#include "scf/merkle/verify.h"

#include <algorithm>
#include <string>

namespace smecredit::scf {

namespace {

Error rejected(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

bool lsb(uint64_t value) {
  return (value & 1) != 0;
}

// RFC 9162 §2.1.3.2 / §2.1.4.2: "right-shift both fn and sn equally until
// either LSB(fn) is set or fn is 0".
void shift_until_lsb_or_zero(uint64_t& fn, uint64_t& sn) {
  while (!lsb(fn) && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

Error proof_too_long() {
  return rejected("proof too long: more elements than tree levels");
}

}  // namespace

Status verify_inclusion(Hasher& hasher, const Digest& leaf_hash, uint64_t index, uint64_t size,
                        std::span<const Digest> proof, const Digest& root) {
  if (index >= size) {
    return rejected("index " + std::to_string(index) + " >= size " + std::to_string(size));
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) return proof_too_long();
    if (lsb(fn) || fn == sn) {
      r = hasher.node_hash(p, r);
      if (!lsb(fn)) shift_until_lsb_or_zero(fn, sn);
    } else {
      r = hasher.node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return rejected("proof too short: fewer elements than tree levels");
  if (r != root) return rejected("computed root differs from the given root");
  return ok_status();
}

namespace {

bool is_power_of_two(uint64_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

// RFC 9162 §2.1.4.2 steps 1-7, for 0 < size1 < size2.
Status verify_consistency_path(Hasher& hasher, uint64_t size1, uint64_t size2, const Digest& root1,
                               const Digest& root2, std::span<const Digest> proof) {
  if (proof.empty()) return rejected("empty proof for size1 < size2");
  std::vector<Digest> path;
  path.reserve(proof.size() + 1);
  if (is_power_of_two(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while (lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Digest fr = path.front();
  Digest sr = path.front();
  for (size_t i = 1; i < path.size(); ++i) {
    const Digest& c = path[i];
    if (sn == 0) return proof_too_long();
    if (lsb(fn) || fn == sn) {
      fr = hasher.node_hash(c, fr);
      sr = hasher.node_hash(c, sr);
      if (!lsb(fn)) shift_until_lsb_or_zero(fn, sn);
    } else {
      sr = hasher.node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return rejected("proof too short: fewer elements than tree levels");
  if (fr != root1) return rejected("computed root1 differs from the given root1");
  if (sr != root2) return rejected("computed root2 differs from the given root2");
  return ok_status();
}

}  // namespace

Status verify_consistency(Hasher& hasher, uint64_t size1, uint64_t size2, const Digest& root1,
                          const Digest& root2, std::span<const Digest> proof) {
  if (size1 > size2) {
    return rejected("size1 " + std::to_string(size1) + " > size2 " + std::to_string(size2));
  }
  if (size1 == 0) return rejected("size1 is 0; consistency is defined for 0 < size1");
  if (size1 == size2) {
    if (!proof.empty()) return rejected("size1 == size2 needs an empty proof");
    if (root1 != root2) return rejected("size1 == size2 but root1 differs from root2");
    return ok_status();
  }
  return verify_consistency_path(hasher, size1, size2, root1, root2, proof);
}

Result<std::vector<Digest>> proof_from_bytes(ByteSpan bytes) {
  if (bytes.size() % kDigestBytes != 0) {
    return rejected("proof of " + std::to_string(bytes.size()) +
                    " bytes is not a whole number of 32-byte digests");
  }
  std::vector<Digest> proof(bytes.size() / kDigestBytes);
  for (size_t i = 0; i < proof.size(); ++i) {
    std::copy_n(bytes.begin() + static_cast<ptrdiff_t>(i * kDigestBytes), kDigestBytes,
                proof[i].begin());
  }
  return proof;
}

}  // namespace smecredit::scf
