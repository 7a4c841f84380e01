// Loan persistence (migration 4): the loans row and its transactions.
//
// Functions over a store::Transaction, so a caller composes them with journal
// postings and outbox events in one database transaction. A loan row keeps
// its terms (canonical JSON, servicing/loan_json.h) and the servicing summary
// last written (status, days past due, class) under an optimistic
// row_version; transactions are appended, never changed.
//
// Ownership: returned values are copies. Thread-safety: a Transaction is
// single-threaded, so are these calls.
//
// Example:
//   SC_ASSIGN_OR_RETURN(int64_t id, create_loan(tx, "L-1", terms, now));
//   SC_RETURN_IF_ERROR(append_transaction(tx, id, disbursement(1, 1, d, amt), now));
//   SC_ASSIGN_OR_RETURN(StoredLoan loan, load_loan(tx, id));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "ledger/journal.h"
#include "loan/servicing.h"
#include "servicing/posting_rules.h"
#include "store/store.h"

namespace smecredit::servicing {

struct StoredLoan {
  int64_t id = 0;
  std::string external_id;
  loan::LoanTerms terms;
  // By sequence; all of them from load_loan, without the accruals before
  // the latest from load_active_loans.
  std::vector<loan::LoanTransaction> transactions;
  std::string status;  // loan_status_name()
  int64_t days_past_due = 0;
  std::string loan_class;  // loan_class_name()
  int64_t row_version = 0;
};

// Validates the terms and inserts a pending loan; returns its id.
Result<int64_t> create_loan(store::Transaction& tx, std::string_view external_id,
                            const loan::LoanTerms& terms, Timestamp now);

// Any transaction but an accrual (kInvalidArgument: accruals carry their
// amounts, append_accruals).
Status append_transaction(store::Transaction& tx, int64_t loan_id,
                          const loan::LoanTransaction& transaction, Timestamp now);

// An accrual with what it recognised, in its loan's currency: the loan's
// accrual sub-ledger row (the journal holds only batch sums, see
// posting_rules.h).
struct AccrualRecord {
  int64_t loan_id = 0;
  loan::LoanTransaction accrual;  // kind kAccrual
  Currency currency;
  AccrualAmounts amounts;
};
// Many in few statements, for the end of day; each becomes its loan's latest
// accrual (loan_accrual_heads). At most one per loan and date.
Status append_accruals(store::Transaction& tx, const std::vector<AccrualRecord>& accruals,
                       Timestamp now);

// kNotFound when there is no such loan.
Result<StoredLoan> load_loan(store::Transaction& tx, int64_t loan_id);

// The loan's whole sub-ledger: its entries in the journal and one entry per
// accrual rebuilt from the accrual rows (posting_rules.h accrual_entry), so
// that it reads as if every accrual had been posted on its own.
Result<std::vector<ledger::JournalEntry>> load_loan_ledger(store::Transaction& tx,
                                                           const StoredLoan& loan);
// The id of the loan with that external id; kNotFound otherwise.
Result<int64_t> find_loan_id(store::Transaction& tx, std::string_view external_id);

// The active loans with id > after_id, at most `limit`, ascending, with
// their transactions except the accruals before each loan's latest one (the
// state a fold reaches does not depend on them; the summaries do, so use
// load_loan to re-post history). Products parsed once per batch.
Result<std::vector<StoredLoan>> load_active_loans(store::Transaction& tx, int64_t after_id,
                                                  int64_t limit);

// Writes status, DPD and class; kConflict when row_version moved.
Status update_loan_summary(store::Transaction& tx, int64_t loan_id, int64_t row_version,
                           const loan::LoanState& state);

// An outbox row for the loan.
Status insert_loan_event(store::Transaction& tx, int64_t loan_id, std::string_view event_type,
                         std::string_view payload_json, Timestamp now);

// The next transaction id and sequence for a loan (1 + the largest so far).
int64_t next_transaction_id(const StoredLoan& loan);
int64_t next_sequence(const StoredLoan& loan);

}  // namespace smecredit::servicing
