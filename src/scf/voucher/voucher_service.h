// VoucherService: the voucher book kept in step with the verifiable log.
//
// Every accepted operation is one log entry (signed_operation_entry), so the
// log is the book's source of truth: open() replays every entry into a fresh
// book and refuses a log holding an entry that is not a valid signed
// operation. submit() applies an operation to the book and appends it to the
// log under one lock; if the append fails, the book is rebuilt from the log
// so that it never holds an operation the log does not.
//
// Thread-safety: all methods may be called from any thread.
//
// Example:
//   auto vouchers = VoucherService::open(log, platform_key.public_key()).value();
//   Result<uint64_t> index = vouchers->submit(signed_op, clock.now());
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "scf/log/durable_log.h"
#include "scf/voucher/voucher_book.h"

namespace smecredit::scf {

class VoucherService {
 public:
  // `log` is borrowed and must outlive the service.
  static Result<std::unique_ptr<VoucherService>> open(DurableLog& log,
                                                      const PublicKey& platform_key);

  // Applies and logs one operation; returns its log index. On error nothing
  // changes.
  Result<uint64_t> submit(const SignedOperation& signed_operation, Timestamp now);

  // Runs `read` with the book locked (no mutation possible).
  void read(const std::function<void(const VoucherBook&)>& read) const;

 private:
  VoucherService(DurableLog& log, const PublicKey& platform_key)
      : log_(log), platform_key_(platform_key), book_(platform_key) {}
  Status replay();

  DurableLog& log_;
  const PublicKey platform_key_;
  mutable std::mutex mutex_;
  VoucherBook book_;  // guarded by mutex_
};

// Replays log entries [0, size) into a fresh book: what the service does at
// start-up and what an auditor does to recompute every balance. The error
// names the first entry that is not a valid, applicable signed operation.
Result<VoucherBook> replay_entries(const std::vector<Entry>& entries,
                                   const PublicKey& platform_key);

}  // namespace smecredit::scf
