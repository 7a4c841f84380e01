// Posting rules: what one applied loan transaction posts to the journal.
//
// A pure function from the servicing fold's AccountingSummary to a balanced
// ledger::JournalEntry on the loan's subledger ("loan:<id>") with the
// deterministic source_ref "loan:<id>:tx:<txid>", so posting is idempotent.
// The rules (zero amounts are skipped; a negative amount goes on the other
// side):
//   balances       Dr principal, interest, fee and penalty receivable by the
//                  summary's receivable_change; Cr suspense by its
//                  suspense_change (the overpayment held)
//   recognition    Cr interest_income, fee_income (installment fees due,
//                  upfront and prepayment fees) and penalty_income by what
//                  the fold recognised since the previous transaction
//   disbursement   Cr disbursement_clearing (the principal net of the fee)
//   repayment, prepayment
//                  Dr repayment_clearing (the cash)
//   fee charge     Cr fee_income
//   waiver         Dr penalty_income, fee_income or interest_income
//   write-off      Dr write_off_expense (everything written off)
//   recovery       Dr repayment_clearing / Cr write_off_expense
// So every receivable in the journal equals the fold's LedgerPosition, and
// an entry balances exactly when the fold conserved money (make_entry refuses
// an unbalanced one, so a fold bug cannot reach the journal).
// A summary that moves no money gives no entry (std::nullopt). Corrections
// after a backdated transaction or a reversal are differences between
// entries (see loan_service.h).
//
// Thread-safety: pure; safe to call concurrently.
//
// Example:
//   Result<std::optional<ledger::JournalEntry>> e =
//       entry_for(42, summary, kCny);   // "loan:42:tx:1", Dr/Cr balanced
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/journal.h"
#include "loan/servicing.h"

namespace smecredit::servicing {

std::string loan_subledger(int64_t loan_id);
// "loan:<id>:tx:<txid>": the entry a transaction posts when applied.
std::string transaction_source_ref(int64_t loan_id, int64_t transaction_id);
// "loan:<id>:tx:<txid>:adj:<trigger>": a correction of that transaction's
// postings made when `trigger` (a backdated transaction or a reversal) was
// applied.
std::string adjustment_source_ref(int64_t loan_id, int64_t transaction_id, int64_t trigger_id);
// The transaction id of either form of ref; nullopt for another ref.
std::optional<int64_t> transaction_of_source_ref(int64_t loan_id, std::string_view source_ref);

// Net amount per account (debits positive), indexed like ledger::kAllAccounts.
using AccountNet = std::array<int64_t, ledger::kAllAccounts.size()>;
AccountNet net_of(const ledger::JournalEntry& entry);
// One posting per non-zero account, in chart order.
std::vector<ledger::Posting> postings_of(const AccountNet& net, Currency currency);

Result<std::optional<ledger::JournalEntry>> entry_for(int64_t loan_id,
                                                      const loan::AccountingSummary& summary,
                                                      Currency currency);

// Accruals: the end of day's daily checkpoints. Each recognises income only —
// Dr interest, fee and penalty receivable / Cr the matching income — so three
// amounts say everything its entry would. The end of day keeps them on the
// loan's accrual row (the loan's sub-ledger) and posts their sum per chunk
// and currency to the journal under kAccrualBatchSubledger, the way a core
// banking system consolidates contract accruals into the general ledger: one
// day's accruals for a million loans are a few entries, not a million.
struct AccrualAmounts {
  int64_t interest_minor = 0;
  int64_t fees_minor = 0;
  int64_t penalty_minor = 0;
  bool any() const { return interest_minor != 0 || fees_minor != 0 || penalty_minor != 0; }
  bool operator==(const AccrualAmounts&) const = default;
};

// total += more, component by component; kOverflow past 64 bits (total is
// then unspecified).
Status add_accrual(AccrualAmounts& total, const AccrualAmounts& more);

// What an accrual's summary recognises; kInternal when the summary is not an
// accrual's or moves anything but receivables against income.
Result<AccrualAmounts> accrual_amounts(const loan::AccountingSummary& summary);

// The accrual's entry in the loan's sub-ledger — exactly what entry_for
// gives for its summary — rebuilt from the stored amounts; nullopt when they
// are all zero.
Result<std::optional<ledger::JournalEntry>> accrual_entry(int64_t loan_id, int64_t transaction_id,
                                                          Date value_date,
                                                          const AccrualAmounts& amounts,
                                                          Currency currency);

// The journal's subledger for the accruals' sums.
inline constexpr std::string_view kAccrualBatchSubledger = "loan-accruals";

// The entry for the sum of one batch's accruals: "loan-accruals:<date>:<first
// loan id>-<last loan id>:<currency>", kind "accrual", on
// kAccrualBatchSubledger; nullopt when they sum to zero on every account.
Result<std::optional<ledger::JournalEntry>> accrual_batch_entry(Date value_date,
                                                                int64_t first_loan_id,
                                                                int64_t last_loan_id,
                                                                const AccrualAmounts& sum,
                                                                Currency currency);

// The entries that bring the journal for a loan (`held`, its whole
// sub-ledger) to what the fold over `transactions` gives, after `trigger`
// (one of them) was applied. The fold's summaries of other transactions
// change when the trigger is backdated or a reversal (which takes its target
// out from the target's value date); so on every value date from the
// trigger's (or its target's) on, the journal as of that date is compared,
// transaction by transaction,
// with the fold as of that date, and the difference is posted dated then:
// for the trigger, when nothing is held for it yet, as its own entry
// (transaction_source_ref, its kind); otherwise as an "adjustment"
// (adjustment_source_ref + ":<date>"). A reversed transaction goes to zero
// on its own value date. Empty when nothing differs. So the journal as of
// any date equals the fold as of that date, and no entry is ever edited.
// kInternal when `held` has an entry that is not a loan transaction's; the
// fold's errors otherwise.
Result<std::vector<ledger::JournalEntry>> correction_entries(
    int64_t loan_id, const loan::LoanTerms& terms,
    const std::vector<loan::LoanTransaction>& transactions,
    const std::vector<ledger::JournalEntry>& held, const loan::LoanTransaction& trigger);

}  // namespace smecredit::servicing
