// Verification of Merkle inclusion and consistency proofs, exactly as the
// iterative algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
//
// Proof elements are typed 32-byte digests: the check that every element has
// the right size happens when bytes become a Digest (hex.h, or
// proof_from_bytes below). Sizes and indexes are counts of leaves.
//
// Outcome: ok() when the proof is valid. Every rejection is kInvalidArgument
// with a message saying which check failed ("index 8 >= size 8", "proof too
// long", "computed root differs", ...). Callers that only need yes/no test
// ok(); nothing here distinguishes "malformed" from "mismatching" because an
// attacker controls both.
//
// Rules beyond the RFC's algorithms, stated in RFC 9162 §2.1.3.2/§2.1.4:
//   - inclusion: index >= size fails (so size 0 always fails);
//   - consistency: size1 > size2 fails; size1 == 0 fails (the algorithm is
//     defined for 0 < size1; an empty tree needs no proof); size1 == size2 is
//     valid only with an empty proof and root1 == root2 (PROOF(n, D[n]) = {}).
//
// Thread-safety: pure functions; the Hasher argument is used, not shared.
//
// Example:
//   Status valid = verify_inclusion(hasher, leaf_hash, 5, 8, proof, root);
//   if (!valid.ok()) std::puts(valid.error().message.c_str());
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "scf/merkle/hash.h"

namespace smecredit::scf {

Status verify_inclusion(Hasher& hasher, const Digest& leaf_hash, uint64_t index, uint64_t size,
                        std::span<const Digest> proof, const Digest& root);

Status verify_consistency(Hasher& hasher, uint64_t size1, uint64_t size2, const Digest& root1,
                          const Digest& root2, std::span<const Digest> proof);

// Cuts raw bytes into proof elements of 32 bytes; a length that is not a
// multiple of 32 is kInvalidArgument (a malformed proof).
Result<std::vector<Digest>> proof_from_bytes(ByteSpan bytes);

}  // namespace smecredit::scf
