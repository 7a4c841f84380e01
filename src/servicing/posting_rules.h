// Posting rules: what one applied loan transaction posts to the journal.
//
// A pure function from the servicing fold's AccountingSummary to a balanced
// ledger::JournalEntry on the loan's subledger ("loan:<id>") with the
// deterministic source_ref "loan:<id>:tx:<txid>", so posting is idempotent.
// The rules (Dr / Cr; zero amounts are skipped):
//   disbursement   Dr principal_receivable / Cr disbursement_clearing (net of
//                  the upfront fee), Cr fee_income (the upfront fee)
//   repayment, prepayment
//                  Dr repayment_clearing (the cash) / Cr principal, penalty and
//                  fee receivable, Cr interest_income, Cr fee_income (the
//                  prepayment fee), Cr suspense (the overpayment)
//   fee charge     Dr fee_receivable / Cr fee_income
//   waiver         Dr penalty_income or fee_income / Cr the receivable
//   write-off      Dr write_off_expense / Cr principal, penalty, fee receivable
//   recovery       Dr repayment_clearing / Cr write_off_expense, Cr suspense
//   every kind     penalty accrued up to its value date: Dr penalty_receivable
//                  / Cr penalty_income
// Interest is recognised when paid (cash basis): the servicing model holds
// scheduled interest on the installments, not as an accrual transaction, so
// the journal has no interest receivable to credit and an interest waiver or
// write-off posts nothing. docs/loan-servicing.md records this.
// A summary that moves no money gives no entry (std::nullopt). A reversal
// posts ledger::reversal_of() the reversed transaction's entry (see
// apply_transaction).
//
// Thread-safety: pure; safe to call concurrently.
//
// Example:
//   Result<std::optional<ledger::JournalEntry>> e =
//       entry_for(42, summary, kCny);   // "loan:42:tx:1", Dr/Cr balanced
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "ledger/journal.h"
#include "loan/servicing.h"

namespace smecredit::servicing {

std::string loan_subledger(int64_t loan_id);
std::string transaction_source_ref(int64_t loan_id, int64_t transaction_id);

Result<std::optional<ledger::JournalEntry>> entry_for(int64_t loan_id,
                                                      const loan::AccountingSummary& summary,
                                                      Currency currency);

}  // namespace smecredit::servicing
