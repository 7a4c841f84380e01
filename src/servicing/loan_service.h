// Applying a transaction to a stored loan, and the sub-ledger check.
//
// apply_transaction() runs in ONE store transaction: it loads the loan,
// replays its transactions plus the new one (servicing replay), and only if
// that succeeds appends the transaction row, posts to the journal, updates the
// loan row under its row_version and inserts a "loan.transaction_applied"
// outbox event. On any error nothing is written.
//
// Posting: a transaction that sorts after all others posts its own entry
// (posting_rules.h). A backdated transaction or a reversal can change the
// summaries of the transactions after it, so then every transaction's
// postings are recomputed and the difference from what the journal holds is
// posted: the trigger's own entry, and for each changed transaction an
// adjustment "loan:<id>:tx:<txid>:adj:<trigger>" dated at the later of the
// two value dates (a reversed transaction's postings go to zero). Entries are
// never edited, and the journal as of any date equals the fold as of it.
//
// Thread-safety: as the Store (each call uses its own store transaction).
//
// Example:
//   Result<loan::LoanState> s = apply_transaction(store, id, repayment(2, 2, d, amt), now);
//   Status same = check_subledger(store, id, d);   // journal == servicing state
#pragma once

#include <cstdint>

#include "core/date.h"
#include "core/result.h"
#include "loan/servicing.h"
#include "servicing/loan_repository.h"
#include "store/store.h"

namespace smecredit::servicing {

Result<loan::LoanState> apply_transaction(store::Store& store, int64_t loan_id,
                                          const loan::LoanTransaction& transaction, Timestamp now,
                                          const loan::ServicingConfig& config = {});
// The same inside the caller's store transaction, so that a loan's first
// transaction commits together with the change that created the loan.
Result<loan::LoanState> apply_transaction_in(store::Transaction& tx, int64_t loan_id,
                                             const loan::LoanTransaction& transaction,
                                             Timestamp now,
                                             const loan::ServicingConfig& config = {});

// A loan as stored, and its state replayed to `as_of`.
struct LoanSnapshot {
  StoredLoan loan;
  loan::LoanState state;
};
Result<LoanSnapshot> loan_snapshot(store::Store& store, int64_t loan_id, Date as_of,
                                   const loan::ServicingConfig& config = {});

// A repayment received on `value_date`, applied like apply_transaction with
// the loan's next transaction id. A payment that covers the payoff quote for
// `value_date` (loan::payoff_quote) pays the loan off — a full prepayment,
// any excess recorded as overpayment — rather than being spread over future
// installments with their unearned interest. A non-empty `payment_reference` (the
// bank's) is recorded with it, once: a repeated reference is kAlreadyExists
// and changes nothing, so a duplicated bank callback cannot pay twice.
Result<loan::LoanState> record_repayment(store::Store& store, int64_t loan_id, Money amount,
                                         Date value_date, std::string_view payment_reference,
                                         Timestamp now, const loan::ServicingConfig& config = {});

// A prepayment of principal on `value_date`: below the payoff quote it is
// partial and the schedule is regenerated as the product's prepayment mode
// says (shorter term, or lower installments); at or above it the loan is
// paid off, as for record_repayment.
Result<loan::LoanState> record_prepayment(store::Store& store, int64_t loan_id, Money amount,
                                          Date value_date, Timestamp now,
                                          const loan::ServicingConfig& config = {});

// The loan's journal balances as of `as_of` — principal, interest, fee and
// penalty receivable, and suspense — equal the servicing state's ledger
// position after its last transaction on or before `as_of`
// (loan::LedgerPosition; interest and penalty earned since then are
// recognised by the next transaction or the next end of day).
// kFailedPrecondition naming the account, both amounts and the difference
// otherwise.
Status check_subledger(store::Store& store, int64_t loan_id, Date as_of,
                       const loan::ServicingConfig& config = {});

}  // namespace smecredit::servicing
