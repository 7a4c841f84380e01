// Loan servicing: a loan's state as a fold over its transactions.
//
// A loan is its LoanTerms (a product version and the contract) plus an
// ordered list of LoanTransaction. replay() sorts the transactions by value
// date, then sequence number, drops every reversed transaction, and applies
// the rest one by one to an empty state, up to `as_of`. Because the state is
// always recomputed this way, a backdated transaction or a reversal simply
// changes the input, and the same input always gives the same numbers.
// docs/loan-servicing.md describes the model, the allocation, the penalty
// and what is deliberately simplified.
//
// Contract:
//   - Pure: no I/O, no clock, no globals; money in integer minor units of the
//     product's currency; the only rounding is the product's mode.
//   - Invalid operations (a repayment before any disbursement, an amount
//     <= 0, a reversal of an unknown id, anything but a reversal after payoff,
//     a value date before terms.start, amounts beyond the engine's bounds)
//     fail with an Error naming the transaction id; nothing is partially
//     returned.
//   - Invariants of every successful result: no balance is negative, and
//     principal_repaid + principal_written_off + principal_outstanding =
//     disbursed.
//
// Thread-safety: pure functions over values; safe to call concurrently.
//
// Example:
//   std::vector<LoanTransaction> txs = {
//       disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
//       repayment(2, 2, day("2024-02-01"), yuan("1066.19"))};
//   Result<LoanState> s = replay(terms, txs, day("2024-02-15"));
//   s.value().principal_outstanding_minor;     // what is left to repay
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/classification.h"
#include "loan/product.h"

namespace smecredit::loan {

// Bounds that keep every sum of amounts inside int64: at most 4,000
// transactions that carry an amount (each at most 10^15 minor units), and at
// most 40,000 in all (the rest are accruals, rate changes, overrides...).
inline constexpr size_t kMaxAmountTransactions = 4000;
inline constexpr size_t kMaxTransactions = 40'000;
inline constexpr int kMaxServicingYear = 2199;

enum class TransactionKind {
  kDisbursement,   // the first one creates the schedule; later ones are tranches
  kRepayment,      // allocated by the product's order; excess is an overpayment
  kPrepayment,     // partial (regenerates the schedule) or full (pays off)
  kFeeCharge,      // a one-off fee receivable
  kAccrual,        // a checkpoint that recognises interest, fees and penalty earned so far
  kWaiver,         // 免: forgive fees, penalty or interest
  kRateChange,     // 降: a new contract rate from the value date
  kExtension,      // 延: defer installments and/or extend the term
  kReversal,       // removes an earlier transaction from the fold
  kWriteOff,       // moves every balance to written off
  kRecovery,       // cash received after a write-off
  kClassOverride,  // a manual five-category class, with a reason
  kRestructure,    // 重组: arrears capitalised, all principal rescheduled on new terms
};
std::string_view transaction_kind_name(TransactionKind kind);

struct LoanTransaction {
  int64_t id = 0;        // unique within the loan, > 0
  int64_t sequence = 0;  // unique recording order, > 0; ties on value date break by it
  TransactionKind kind = TransactionKind::kRepayment;
  Date value_date;
  Money amount;                                   // cash or waived amount, > 0 where used
  bool full = false;                              // kPrepayment: pay the loan off
  Component waiver_component = Component::kFees;  // kWaiver
  Decimal new_rate_percent;                       // kRateChange, kRestructure
  int defer_periods = 0;                          // kExtension: shift unpaid installments
  int extra_installments = 0;                     // kExtension: lengthen the term
  int new_installments = 0;                       // kRestructure: the new term
  int64_t target_id = 0;                          // kReversal
  LoanClass override_class = LoanClass::kNormal;  // kClassOverride
  std::string reason;                             // kClassOverride: mandatory
};

// Builders for the common kinds (id, sequence, value date, ...).
LoanTransaction disbursement(int64_t id, int64_t sequence, Date date, Money amount);
LoanTransaction repayment(int64_t id, int64_t sequence, Date date, Money amount);
LoanTransaction prepayment(int64_t id, int64_t sequence, Date date, Money amount, bool full);
LoanTransaction fee_charge(int64_t id, int64_t sequence, Date date, Money amount);
LoanTransaction accrual(int64_t id, int64_t sequence, Date date);
LoanTransaction waiver(int64_t id, int64_t sequence, Date date, Component component, Money amount);
LoanTransaction rate_change(int64_t id, int64_t sequence, Date date, Decimal new_rate_percent);
LoanTransaction extension(int64_t id, int64_t sequence, Date date, int defer_periods,
                          int extra_installments);
LoanTransaction reversal(int64_t id, int64_t sequence, Date date, int64_t target_id);
LoanTransaction write_off(int64_t id, int64_t sequence, Date date);
LoanTransaction recovery(int64_t id, int64_t sequence, Date date, Money amount);
LoanTransaction class_override(int64_t id, int64_t sequence, Date date, LoanClass loan_class,
                               std::string reason);
LoanTransaction restructure(int64_t id, int64_t sequence, Date date, Decimal new_rate_percent,
                            int new_installments);

// Amounts by component, in minor units.
struct ComponentAmounts {
  int64_t principal_minor = 0;
  int64_t interest_minor = 0;
  int64_t fees_minor = 0;
  int64_t penalty_minor = 0;

  int64_t total_minor() const {
    return principal_minor + interest_minor + fees_minor + penalty_minor;
  }
  bool operator==(const ComponentAmounts&) const = default;
};

// What the journal holds for a loan once a transaction is posted: the
// receivables, the overpayment held in suspense, and the income recognised so
// far. Recognition is accrual-based:
//   interest  day by day: in full for installments due by the date, pro rata
//             to the day for the period running (the payoff quote's figure);
//   fees      an installment's fee when it falls due; one-off fees when
//             charged; upfront and prepayment fees when collected;
//   penalty   day by day on overdue principal (the rounded exact total).
// A receivable can stand below zero where cash arrived before the amount was
// earned (an installment paid ahead): interest or fees received in advance.
// A written-off loan's receivables are zero (moved to write-off expense).
struct LedgerPosition {
  int64_t principal_receivable_minor = 0;
  int64_t interest_receivable_minor = 0;
  int64_t fees_receivable_minor = 0;
  int64_t penalty_receivable_minor = 0;
  int64_t suspense_minor = 0;  // overpayment held for the borrower
  int64_t interest_earned_minor = 0;
  int64_t fees_earned_minor = 0;  // installment fees; one-off fees are income when charged
  int64_t penalty_earned_minor = 0;
  bool operator==(const LedgerPosition&) const = default;
};

// What one applied transaction did, for the double-entry ledger (src/ledger)
// to turn into postings. `amounts` means, by kind:
//   disbursement     principal lent (receivable up, cash out)
//   repayment, prepayment
//                    cash allocated to each component (cash_minor in all)
//   recovery         cash allocated to the written-off components
//   fee charge       the new fee receivable
//   waiver           receivable forgiven
//   write-off        receivable moved to written off
//   restructure      arrears capitalised into principal, by component
//   others           zero
// The recognition fields are the change of LedgerPosition since the previous
// transaction (so they include what accrued in between, and what a
// regenerated schedule changed): interest_accrued_minor, fees_accrued_minor
// and penalty_accrued_minor are income (negative when a regenerated schedule
// lowers interest already earned); receivable_change and
// suspense_change_minor move the balances. fee_income_minor is a fee charged
// and collected at once (the upfront fee deducted from a disbursement, a
// prepayment fee); overpayment_minor is the cash of this transaction beyond
// what was owed. Summaries are a function of the whole transaction list: a
// backdated transaction or a reversal can change the summaries of later
// transactions, and the ledger posts the difference from what it posted
// before (entries are never edited). A reversal names the reversed id.
struct AccountingSummary {
  int64_t transaction_id = 0;
  TransactionKind kind = TransactionKind::kRepayment;
  Date value_date;
  ComponentAmounts amounts;
  int64_t cash_minor = 0;
  int64_t interest_accrued_minor = 0;
  int64_t fees_accrued_minor = 0;
  int64_t penalty_accrued_minor = 0;
  ComponentAmounts receivable_change;
  int64_t suspense_change_minor = 0;
  int64_t fee_income_minor = 0;
  int64_t overpayment_minor = 0;
  int64_t reversed_id = 0;
  bool operator==(const AccountingSummary&) const = default;
};

enum class InstallmentStatus { kFuture, kDue, kOverdue, kPaid, kWrittenOff };
std::string_view installment_status_name(InstallmentStatus status);

struct InstallmentState {
  int number = 0;        // 1-based, in due order; regenerated ones continue the count
  int period_index = 0;  // periods after terms.first_due; the due date derives from it
  Date due_date;
  int64_t principal_due_minor = 0;
  int64_t interest_due_minor = 0;
  int64_t fees_due_minor = 0;
  int64_t principal_paid_minor = 0;
  int64_t interest_paid_minor = 0;
  int64_t fees_paid_minor = 0;
  int64_t interest_waived_minor = 0;
  int64_t fees_waived_minor = 0;
  int64_t interest_capitalised_minor = 0;  // moved into principal by a restructure
  int64_t fees_capitalised_minor = 0;
  InstallmentStatus status = InstallmentStatus::kFuture;

  int64_t principal_unpaid_minor() const { return principal_due_minor - principal_paid_minor; }
  // Paid, waived or capitalised.
  int64_t interest_settled_minor() const {
    return interest_paid_minor + interest_waived_minor + interest_capitalised_minor;
  }
  int64_t fees_settled_minor() const {
    return fees_paid_minor + fees_waived_minor + fees_capitalised_minor;
  }
  int64_t interest_unpaid_minor() const { return interest_due_minor - interest_settled_minor(); }
  int64_t fees_unpaid_minor() const { return fees_due_minor - fees_settled_minor(); }
  bool settled() const {
    return principal_unpaid_minor() == 0 && interest_unpaid_minor() == 0 &&
           fees_unpaid_minor() == 0;
  }
  bool operator==(const InstallmentState&) const = default;
};

enum class LoanStatus { kPending, kActive, kPaidOff, kWrittenOff };
std::string_view loan_status_name(LoanStatus status);

// Classification settings; defaults are the issue's. A restructured loan is
// classified no better than `restructured_floor` for
// `restructure_observation_days` after its restructure (set both to the
// lender's policy and its regulator's rule).
struct ServicingConfig {
  DpdBucketConfig dpd_buckets = default_dpd_buckets();
  ClassificationThresholds thresholds = default_classification_thresholds();
  LoanClass restructured_floor = LoanClass::kSpecialMention;
  int64_t restructure_observation_days = 365;
};

struct LoanState {
  Date as_of;
  LoanStatus status = LoanStatus::kPending;
  Decimal annual_rate_percent;  // current contract rate (after any 降)
  Date schedule_start;          // the first disbursement's value date
  std::vector<InstallmentState> installments;

  int64_t disbursed_minor = 0;
  int64_t principal_repaid_minor = 0;
  // Outstanding balances: all unpaid principal; interest and fees of
  // installments due on or before as_of plus one-off fees; accrued penalty.
  int64_t principal_outstanding_minor = 0;
  int64_t interest_outstanding_minor = 0;
  int64_t fees_outstanding_minor = 0;
  int64_t penalty_outstanding_minor = 0;
  // Interest and fees of installments not yet due.
  int64_t interest_not_due_minor = 0;
  int64_t fees_not_due_minor = 0;

  // One-off fees and penalty, at loan level.
  int64_t charged_fees_minor = 0;
  int64_t charged_fees_paid_minor = 0;
  int64_t charged_fees_waived_minor = 0;
  int64_t penalty_accrued_minor = 0;  // rounded total recognised so far
  int64_t penalty_paid_minor = 0;
  int64_t penalty_waived_minor = 0;
  int64_t penalty_capitalised_minor = 0;
  int64_t charged_fees_capitalised_minor = 0;
  // Arrears a restructure moved into principal (principal_minor stays 0),
  // and the value date of the last restructure.
  ComponentAmounts capitalised;
  std::optional<Date> restructured_on;
  // The exact penalty accrued, as a numerator over penalty_denominator().
  Int128 penalty_exact_numerator = 0;
  Date penalty_accrued_to;

  ComponentAmounts written_off;
  ComponentAmounts recovered;
  int64_t overpayment_minor = 0;  // credit held for the borrower

  int64_t days_past_due = 0;
  std::string dpd_bucket;
  LoanClass loan_class = LoanClass::kNormal;
  LoanClass computed_class = LoanClass::kNormal;  // before any override
  bool class_overridden = false;
  std::string override_reason;
  bool closed = false;  // paid off or written off

  std::vector<AccountingSummary> summaries;  // one per applied transaction, in fold order
  LedgerPosition recognised;                 // as of the last applied transaction
  Date last_value_date;                      // the fold key of the last applied transaction
  int64_t last_sequence = 0;

  bool operator==(const LoanState&) const = default;
};

// The state after applying every non-reversed transaction with value date on
// or before `as_of`. Accruals are checkpoints: leaving out any accrual but
// the last changes the summaries, never the state they lead to (balances,
// position, classification) — so a batch may fold a loan from its other
// transactions and its latest accrual alone; an accrual cannot be reversed. A reversed transaction
// is left out on every date (it never happened); the reversal itself is a checkpoint on its own
// value date. Input order does not matter; value date then sequence does.
Result<LoanState> replay(const LoanTerms& terms, const std::vector<LoanTransaction>& transactions,
                         Date as_of, const ServicingConfig& config = {});

// Incremental processing (the end-of-day path): `state` advanced by one
// transaction that sorts after everything it holds (value date on or after
// state.as_of, and after the last applied value date and sequence), then
// brought to `as_of`. Equal to replay() of the whole list; reversals and
// backdated transactions need replay() and are refused here.
Result<LoanState> apply_next(const LoanTerms& terms, const LoanState& state,
                             const LoanTransaction& tx, Date as_of,
                             const ServicingConfig& config = {});

// What paying the loan off on `date` (>= state.as_of) costs: arrears, the
// principal not yet due, interest of the current period pro rata to the day,
// the penalty accrued to the date and the product's prepayment fee on the
// principal not yet due.
struct PayoffQuote {
  Date date;
  ComponentAmounts amounts;
  int64_t prepayment_fee_minor = 0;
  int64_t total_minor = 0;
};
Result<PayoffQuote> payoff_quote(const LoanTerms& terms, const LoanState& state, Date date);

}  // namespace smecredit::loan
