// DurableLog: the append-only Merkle log of RFC 9162, persisted in the Store.
//
// Entries are opaque canonical bytes (the voucher layer decides what they
// say and checks participants' signatures before appending). A batch of
// entries is written in one store transaction and becomes part of the
// in-memory tree only after the commit, so a crash loses nothing that was
// acknowledged and never leaves a half batch. open() rebuilds the tree by
// re-hashing every stored entry and refuses (kFailedPrecondition) a store
// whose entries no longer match the latest signed checkpoint.
//
// Signed checkpoints (tree size, root, time) commit the platform to a tree
// head; a checkpoint's signed bytes are
//   "smecredit.log/v1\n<hash>\n<size>\n<root hex>\n<issued_at>\n".
//
// Thread-safety: every method may be called from any thread; appends are
// serialised (one writer) and readers see only committed entries.
//
// Example:
//   auto log = DurableLog::open(store, HashAlgorithm::kSha256).value();
//   uint64_t first = log->append({entry_bytes}, clock.now()).value();
//   Checkpoint cp = log->publish_checkpoint(platform_key, clock.now()).value();
//   std::vector<Digest> proof = log->inclusion_proof(first, cp.tree_size).value();
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.h"
#include "scf/log/signer.h"
#include "scf/merkle/tree.h"
#include "store/store.h"

namespace smecredit::scf {

using Entry = std::vector<uint8_t>;

struct Checkpoint {
  HashAlgorithm algorithm = HashAlgorithm::kSha256;
  uint64_t tree_size = 0;
  Digest root{};
  std::string issued_at;  // RFC 3339 UTC, as signed
  PublicKey public_key;
  Signature signature{};

  // The exact bytes the signature covers.
  std::string signed_text() const;
};

// ok when the checkpoint is signed by `expected_key`.
Status verify_checkpoint(const Checkpoint& checkpoint, const PublicKey& expected_key);

// At most this many entries in one append, and this many bytes in one entry.
inline constexpr size_t kMaxBatchEntries = 100'000;
inline constexpr size_t kMaxEntryBytes = size_t{64} * 1024;

class DurableLog {
 public:
  // `store` is borrowed and must outlive the log.
  static Result<std::unique_ptr<DurableLog>> open(store::Store& store, HashAlgorithm algorithm);

  // Writes that must commit with an append, in the same store transaction:
  // given the index of the batch's first entry.
  using AlsoWrite = std::function<Status(store::Transaction&, uint64_t first_index)>;

  // Appends the batch atomically (with `also`, when given); returns the
  // index of its first entry. If `also` fails nothing is appended.
  Result<uint64_t> append(std::span<const Entry> entries, Timestamp now,
                          const AlsoWrite& also = nullptr);
  uint64_t size() const;

  Result<Entry> entry(uint64_t index) const;
  Result<Digest> root(uint64_t tree_size) const;
  Result<std::vector<Digest>> inclusion_proof(uint64_t index, uint64_t tree_size) const;
  Result<std::vector<Digest>> consistency_proof(uint64_t size1, uint64_t size2) const;

  // Signs and stores a checkpoint of the current tree.
  Result<Checkpoint> publish_checkpoint(const SigningKey& key, Timestamp now);
  // The newest stored checkpoint, if any.
  Result<std::optional<Checkpoint>> latest_checkpoint() const;

 private:
  DurableLog(store::Store& store, MerkleTree tree) : store_(store), tree_(std::move(tree)) {}
  Status check_against_latest_checkpoint() const;

  store::Store& store_;
  mutable std::mutex mutex_;  // guards tree_ and serialises appends
  mutable MerkleTree tree_;   // proof building hashes, hence mutable
};

}  // namespace smecredit::scf
