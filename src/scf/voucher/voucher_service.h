// VoucherService: the voucher book kept in step with the verifiable log and
// the double-entry journal.
//
// Every accepted operation is one log entry (signed_operation_entry), so the
// log is the book's source of truth: open() replays every entry into a fresh
// book and refuses a log holding an entry that is not a valid signed
// operation. submit() applies an operation to the book, and appends it to the
// log together with its journal entry (voucher_postings.h) in one store
// transaction, under one lock; if that fails, the book is rebuilt from the
// log so that it never holds an operation the log does not.
//
// Retries are safe: submitting an operation the log already holds, byte for
// byte, answers its original index (replayed = true) and changes nothing.
//
// Settlement is automatic: the bank reports a core enterprise's payment for
// a voucher (record_settlement_funds), and settle_due(date) — run by the
// server every business day — settles every matured voucher whose payment
// has arrived, in the platform's name, paying each current holder; a voucher
// still unpaid the day after maturity is marked overdue, and settles as soon
// as its payment arrives.
//
// Thread-safety: all methods may be called from any thread.
//
// Example:
//   auto vouchers = VoucherService::open(log, store, platform_key.public_key()).value();
//   Result<Submitted> done = vouchers->submit(signed_op, clock.now());
//   vouchers->record_settlement_funds("V1", 100000, "BANK-REF-9", clock.now());
//   vouchers->settle_due(business_date, platform_key, clock.now());
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "scf/log/durable_log.h"
#include "scf/voucher/voucher_book.h"

namespace smecredit::scf {

struct Submitted {
  uint64_t index = 0;     // the operation's log index
  bool replayed = false;  // the log already held this exact operation
};

// One log entry about a voucher, for its history and inclusion proofs.
struct LoggedOperation {
  uint64_t index = 0;
  std::string kind;  // "issue", "accept", "transfer", "request_financing", ...
  std::string actor;
  Date date;
  std::string piece;  // the piece it acted on; empty when it acts on the whole voucher
};

struct SettlementRun {
  int64_t settled = 0;
  int64_t marked_overdue = 0;
};

class VoucherService {
 public:
  // `log` and `store` are borrowed and must outlive the service; `store` is
  // the one the log writes to.
  static Result<std::unique_ptr<VoucherService>> open(DurableLog& log, store::Store& store,
                                                      const PublicKey& platform_key);

  // Applies, logs and posts one operation. On error nothing changes.
  Result<Submitted> submit(const SignedOperation& signed_operation, Timestamp now);

  // The core's payment for `voucher`, as the bank reported it. True when
  // recorded, false when this reference was already recorded with the same
  // facts; kConflict for a reference seen with other facts;
  // kInvalidArgument unless the amount is the voucher's face amount;
  // kNotFound / kFailedPrecondition for an unknown or closed voucher.
  Result<bool> record_settlement_funds(const std::string& voucher, int64_t amount_fen,
                                       const std::string& reference, Timestamp now);

  // Settles and marks overdue for business date `date`, signing with
  // `platform_key` (the key the book was opened with). Idempotent per date.
  Result<SettlementRun> settle_due(Date date, const SigningKey& platform_key, Timestamp now);

  // Runs `read` with the book locked (no mutation possible).
  void read(const std::function<void(const VoucherBook&)>& read) const;

  // The log entries about `voucher`, in log order; empty for an unknown one.
  std::vector<LoggedOperation> history(const std::string& voucher) const;

 private:
  VoucherService(DurableLog& log, store::Store& store, const PublicKey& platform_key)
      : log_(log), store_(store), platform_key_(platform_key), book_(platform_key) {}
  Status replay();
  Result<Submitted> submit_locked(const SignedOperation& signed_operation, Timestamp now,
                                  const std::string& funds_reference);

  DurableLog& log_;
  store::Store& store_;
  const PublicKey platform_key_;
  mutable std::mutex mutex_;
  VoucherBook book_;  // guarded by mutex_
  // Log index of every entry by its signature, to answer retries (guarded
  // by mutex_).
  std::unordered_map<std::string, uint64_t> index_by_signature_;
  // Entries by voucher (guarded by mutex_).
  std::unordered_map<std::string, std::vector<LoggedOperation>> history_;
  void note_history(const Operation& operation, uint64_t index);  // requires mutex_
};

// Replays log entries [0, size) into a fresh book: what the service does at
// start-up and what an auditor does to recompute every balance. The error
// names the first entry that is not a valid, applicable signed operation.
Result<VoucherBook> replay_entries(const std::vector<Entry>& entries,
                                   const PublicKey& platform_key);

}  // namespace smecredit::scf
