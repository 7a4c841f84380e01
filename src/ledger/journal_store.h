// Persistence of the journal through the Store, inside the caller's
// transaction, so that a loan change and its postings commit together.
//
// Posting is idempotent by source_ref: posting the same entry again changes
// nothing and returns false; posting a different entry under a used
// source_ref is kConflict. The tables are append-only (database triggers
// refuse UPDATE and DELETE), so a correction is always a reversal entry.
//
// Thread-safety: functions over a Transaction, which is single-threaded.
//
// Example:
//   store.transact(TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
//     SC_RETURN_IF_ERROR(apply_loan_change(tx, ...));
//     SC_ASSIGN_OR_RETURN(bool posted, post_entry(tx, entry, clock.now()));
//     return ok_status();
//   });
#pragma once

#include <string_view>
#include <vector>

#include "core/date.h"
#include "ledger/journal.h"
#include "store/store.h"

namespace smecredit::ledger {

// True when the entry was written, false when it was already there.
Result<bool> post_entry(store::Transaction& tx, const JournalEntry& entry, Timestamp booked_at);

// The same for many entries in few statements (multi-row INSERTs), for
// batches; returns how many were written (an entry already there with the
// same content is skipped; a different one is kConflict). Entries must come
// from make_entry (validated, balanced).
Result<int64_t> post_entries(store::Transaction& tx, const std::vector<JournalEntry>& entries,
                             Timestamp booked_at);

// Every entry of a subledger, in posting order.
Result<std::vector<JournalEntry>> load_entries(store::Transaction& tx, std::string_view subledger);

// The trial balance of the whole journal as of a date, summed in the database.
Result<TrialBalance> load_trial_balance(store::Transaction& tx, Date as_of, Currency currency);

}  // namespace smecredit::ledger
