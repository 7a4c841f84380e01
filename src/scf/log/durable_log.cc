#include "scf/log/durable_log.h"

#include "scf/merkle/hex.h"

namespace smecredit::scf {

namespace {

using store::Blob;
using store::Rows;
using store::Transaction;
using store::TxMode;

constexpr uint64_t kLoadPageRows = 50'000;

Blob to_blob(ByteSpan bytes) {
  return Blob{std::vector<uint8_t>(bytes.begin(), bytes.end())};
}

template <size_t N>
Result<std::array<uint8_t, N>> fixed_bytes(const Blob& blob, const char* what) {
  std::array<uint8_t, N> out{};
  if (blob.bytes.size() != N) {
    return Error{ErrorCode::kInternal, std::string("stored ") + what + " has the wrong length"};
  }
  std::copy(blob.bytes.begin(), blob.bytes.end(), out.begin());
  return out;
}

// Re-hashes every stored entry into the tree, in pages, in index order.
Status load_tree(store::Store& store, MerkleTree& tree) {
  for (;;) {
    const auto from = static_cast<int64_t>(tree.size());
    size_t loaded = 0;
    Status page = store.transact(TxMode::kReadOnly, [&](Transaction& tx) -> Status {
      SC_ASSIGN_OR_RETURN(Rows rows, tx.query("SELECT idx, entry FROM log_entries WHERE idx >= ?"
                                              " ORDER BY idx LIMIT ?",
                                              {from, static_cast<int64_t>(kLoadPageRows)}));
      for (const store::Row& row : rows) {
        if (row.integer(0) != static_cast<int64_t>(tree.size())) {
          return Error{ErrorCode::kInternal,
                       "the stored log has a gap at index " + std::to_string(tree.size())};
        }
        tree.append_entry(row.blob(1).bytes);
      }
      loaded = rows.size();
      return ok_status();
    });
    SC_RETURN_IF_ERROR(page);
    if (loaded < kLoadPageRows) return ok_status();
  }
}

}  // namespace

std::string Checkpoint::signed_text() const {
  return "smecredit.log/v1\n" + std::string(hash_algorithm_name(algorithm)) + "\n" +
         std::to_string(tree_size) + "\n" + to_hex(root) + "\n" + issued_at + "\n";
}

Status verify_checkpoint(const Checkpoint& checkpoint, const PublicKey& expected_key) {
  if (checkpoint.public_key != expected_key) {
    return Error{ErrorCode::kPermissionDenied, "checkpoint is signed by another key"};
  }
  const std::string text = checkpoint.signed_text();
  return verify_signature(expected_key,
                          ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()),
                          checkpoint.signature);
}

Result<std::unique_ptr<DurableLog>> DurableLog::open(store::Store& store, HashAlgorithm algorithm) {
  SC_ASSIGN_OR_RETURN(Hasher hasher, Hasher::create(algorithm));
  MerkleTree tree(std::move(hasher));
  SC_RETURN_IF_ERROR(load_tree(store, tree));
  auto log = std::unique_ptr<DurableLog>(new DurableLog(store, std::move(tree)));
  SC_RETURN_IF_ERROR(log->check_against_latest_checkpoint());
  return log;
}

Status DurableLog::check_against_latest_checkpoint() const {
  SC_ASSIGN_OR_RETURN(std::optional<Checkpoint> latest, latest_checkpoint());
  if (!latest) return ok_status();
  if (latest->algorithm != tree_.algorithm()) {
    return Error{ErrorCode::kFailedPrecondition, "the log was checkpointed with another hash"};
  }
  if (latest->tree_size > tree_.size()) {
    return Error{ErrorCode::kFailedPrecondition,
                 "stored log entries are missing below the last checkpoint"};
  }
  SC_ASSIGN_OR_RETURN(Digest root, tree_.root(latest->tree_size));
  if (root != latest->root) {
    return Error{ErrorCode::kFailedPrecondition,
                 "stored log entries do not match the signed checkpoint at tree size " +
                     std::to_string(latest->tree_size) + "; run `smecredit audit` to find them"};
  }
  return ok_status();
}

uint64_t DurableLog::size() const {
  std::lock_guard lock(mutex_);
  return tree_.size();
}

Result<uint64_t> DurableLog::append(std::span<const Entry> entries, Timestamp now,
                                    const AlsoWrite& also) {
  if (entries.empty() || entries.size() > kMaxBatchEntries) {
    return Error{ErrorCode::kInvalidArgument, "a log batch holds 1 to 100000 entries"};
  }
  for (const Entry& e : entries) {
    if (e.size() > kMaxEntryBytes) {
      return Error{ErrorCode::kInvalidArgument, "a log entry is at most 64 KiB"};
    }
  }
  std::lock_guard lock(mutex_);
  const uint64_t first = tree_.size();
  const std::string appended_at = format_timestamp(now);
  SC_RETURN_IF_ERROR(store_.transact(TxMode::kReadWrite, [&](Transaction& tx) -> Status {
    for (size_t i = 0; i < entries.size(); ++i) {
      SC_RETURN_IF_ERROR(
          tx.execute("INSERT INTO log_entries (idx, entry, appended_at) VALUES (?, ?, ?)",
                     {static_cast<int64_t>(first + i), to_blob(entries[i]), appended_at}));
    }
    return also ? also(tx, first) : ok_status();
  }));
  for (const Entry& e : entries) tree_.append_entry(e);
  return first;
}

Result<Entry> DurableLog::entry(uint64_t index) const {
  if (index >= size()) return Error{ErrorCode::kNotFound, "no log entry at that index"};
  Entry out;
  SC_RETURN_IF_ERROR(store_.transact(TxMode::kReadOnly, [&](Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(Rows rows, tx.query("SELECT entry FROM log_entries WHERE idx = ?",
                                            {static_cast<int64_t>(index)}));
    if (rows.empty()) return Error{ErrorCode::kNotFound, "no log entry at that index"};
    out = rows[0].blob(0).bytes;
    return ok_status();
  }));
  return out;
}

Result<Digest> DurableLog::root(uint64_t tree_size) const {
  std::lock_guard lock(mutex_);
  return tree_.root(tree_size);
}

Result<std::vector<Digest>> DurableLog::inclusion_proof(uint64_t index, uint64_t tree_size) const {
  std::lock_guard lock(mutex_);
  return tree_.inclusion_proof(index, tree_size);
}

Result<std::vector<Digest>> DurableLog::consistency_proof(uint64_t size1, uint64_t size2) const {
  std::lock_guard lock(mutex_);
  return tree_.consistency_proof(size1, size2);
}

Result<Checkpoint> DurableLog::publish_checkpoint(const SigningKey& key, Timestamp now) {
  Checkpoint checkpoint;
  {
    std::lock_guard lock(mutex_);
    checkpoint.algorithm = tree_.algorithm();
    checkpoint.tree_size = tree_.size();
    checkpoint.root = tree_.root();
  }
  checkpoint.issued_at = format_timestamp(now);
  checkpoint.public_key = key.public_key();
  const std::string text = checkpoint.signed_text();
  SC_ASSIGN_OR_RETURN(
      checkpoint.signature,
      key.sign(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
  SC_RETURN_IF_ERROR(store_.transact(TxMode::kReadWrite, [&](Transaction& tx) -> Status {
    SC_RETURN_IF_ERROR(tx.execute(
        "INSERT INTO log_checkpoints (tree_size, hash, root, issued_at, public_key, signature)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (tree_size) DO NOTHING",
        {static_cast<int64_t>(checkpoint.tree_size),
         std::string(hash_algorithm_name(checkpoint.algorithm)), to_blob(checkpoint.root),
         checkpoint.issued_at, to_blob(checkpoint.public_key.bytes()),
         to_blob(checkpoint.signature)}));
    return ok_status();
  }));
  return checkpoint;
}

Result<std::optional<Checkpoint>> DurableLog::latest_checkpoint() const {
  std::optional<Checkpoint> latest;
  SC_RETURN_IF_ERROR(store_.transact(TxMode::kReadOnly, [&](Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(Rows rows,
                        tx.query("SELECT tree_size, hash, root, issued_at, public_key, signature"
                                 " FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1",
                                 {}));
    if (rows.empty()) return ok_status();
    const store::Row& row = rows[0];
    Checkpoint c;
    c.tree_size = static_cast<uint64_t>(row.integer(0));
    SC_ASSIGN_OR_RETURN(c.algorithm, parse_hash_algorithm(row.text(1)));
    SC_ASSIGN_OR_RETURN(c.root, (fixed_bytes<kDigestBytes>(row.blob(2), "root")));
    c.issued_at = row.text(3);
    auto key = PublicKey::from_bytes(row.blob(4).bytes);
    if (!key.ok()) return Error{ErrorCode::kInternal, "stored public key: " + key.error().message};
    c.public_key = key.value();
    SC_ASSIGN_OR_RETURN(c.signature, (fixed_bytes<kSignatureBytes>(row.blob(5), "signature")));
    latest = std::move(c);
    return ok_status();
  }));
  return latest;
}

}  // namespace smecredit::scf
