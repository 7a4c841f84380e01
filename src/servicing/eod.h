// End of day: run business dates over every active loan.
//
// For each date after the last completed one up to `business_date` (only
// `business_date` itself when no date was ever completed), in order: every
// active loan is replayed to the date with an accrual transaction, kept when
// it recognises anything (interest earned that day, installment fees falling
// due, penalty interest on overdue principal) with what it recognised on its
// accrual row — the loan's sub-ledger — while the journal gets one entry per
// chunk and currency for their sum (posting_rules.h, accrual_batch_entry);
// installments fall due or overdue inside the fold; when the loan's status,
// days past due or class changed, the loan row is updated, and when its
// status, days-past-due bucket or class changed a "loan.eod" event is written
// (with what the day accrued) — not one per overdue loan per day. Loans go in id order, in chunks
// of `chunk_size` per store transaction; each chunk moves the date's cursor
// (eod_cursor: the last loan id done) IN THE SAME store transaction as its
// changes, so a second run changes nothing and a run killed at any point
// resumes with exactly the loans not yet done. A date is marked complete only
// after check_accrual_control holds for it, in the same store transaction.
// A loan whose replay fails is
// counted done with a "loan.eod_failed" event naming the error (the batch
// does not stop for one bad loan) and counted in the report. A loan that
// turns active during a run with an id below the cursor waits for the next
// date (the next accrual recognises what it earned meanwhile).
//
// Within a chunk the pure fold runs on a small pool of worker threads and the
// calling thread writes the accruals in multi-row statements, while the next
// chunk is read and folded on other threads.
//
// Thread-safety: run one EOD per database at a time (a concurrent run would
// only conflict on the cursor, never double-process).
//
// Example:
//   EodOptions options;
//   Result<EodReport> r = run_eod(store, parse_date("2024-03-31").value(), now, options);
//   r.value().loans_processed;
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "loan/servicing.h"
#include "store/store.h"

namespace smecredit::servicing {

struct EodOptions {
  int64_t chunk_size = 10'000;  // loans per store transaction (one commit each)
  int workers = 0;              // compute threads; 0: the hardware's concurrency
  // Stop (as a crash would) after this many committed chunks; -1: never.
  int64_t max_chunks = -1;
  // Called after each chunk with the date, loans done for it and its total.
  std::function<void(Date, int64_t done, int64_t total)> on_progress;
  loan::ServicingConfig config;
};

struct EodReport {
  std::vector<Date> dates_completed;
  int64_t loans_processed = 0;  // loan-dates processed by this run
  int64_t accruals_posted = 0;  // accrual transactions written
  int64_t loans_failed = 0;     // marked done with an eod_failed event
  bool stopped_early = false;   // max_chunks reached
};

Result<EodReport> run_eod(store::Store& store, Date business_date, Timestamp now,
                          const EodOptions& options = {});

// The control over the consolidation: for every currency, the accrual rows
// of `date` sum, account by account, to the journal's kAccrualBatchSubledger
// entries of that date. kFailedPrecondition naming the first difference.
Status check_accrual_control(store::Transaction& tx, Date date);

}  // namespace smecredit::servicing
