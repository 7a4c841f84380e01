// The double-entry journal: chart of accounts, balanced entries, reversals,
// and the trial balance as a fold over entries.
//
// Every money movement of the platform is one JournalEntry of two or more
// postings whose debits equal its credits, in one currency. Entries are
// immutable facts: a correction is a new entry (reversal_of) that mirrors the
// original, never an update. The trial balance of any set of entries as of a
// date is a pure fold, so it can be recomputed and compared at any time.
//
// Pure: no I/O, no clock. journal_store.h persists entries.
//
// Thread-safety: value types and free functions; safe to use concurrently.
//
// Example:
//   Result<JournalEntry> e = make_entry("loan:L1", "disb:L1", "disbursement", date,
//       {{Account::kPrincipalReceivable, Side::kDebit, amount},
//        {Account::kDisbursementClearing, Side::kCredit, amount}});
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace smecredit::ledger {

enum class Side { kDebit, kCredit };

// The chart of accounts. Names (account_name) are stable: they are stored.
enum class Account {
  kPrincipalReceivable,   // asset: principal lent and not yet repaid
  kInterestReceivable,    // asset: interest accrued or due, not yet paid
  kPenaltyReceivable,     // asset: penalty interest (罚息) charged, not yet paid
  kFeeReceivable,         // asset: fees charged, not yet paid
  kInterestIncome,        // income
  kPenaltyIncome,         // income
  kFeeIncome,             // income
  kDisbursementClearing,  // liability: money on its way to the borrower's bank
  kRepaymentClearing,     // asset: money received from the bank, not yet allocated
  kSuspense,              // liability: money received that cannot be allocated yet
  kWriteOffExpense,       // expense: principal and interest written off
  kLoanLossProvision,     // contra-asset: allowance for expected losses
  kProvisionExpense,      // expense: charge that builds the allowance
  // Supply-chain finance: receivable vouchers a funder has discounted.
  kVoucherReceivable,         // asset: face of financed pieces, maturity not passed
  kVoucherReceivableOverdue,  // asset: face of financed pieces past maturity, unpaid
  kUnearnedDiscount,          // liability: discount withheld at purchase, earned at settlement
  kDiscountIncome,            // income
};

inline constexpr std::array<Account, 17> kAllAccounts{
    Account::kPrincipalReceivable,
    Account::kInterestReceivable,
    Account::kPenaltyReceivable,
    Account::kFeeReceivable,
    Account::kInterestIncome,
    Account::kPenaltyIncome,
    Account::kFeeIncome,
    Account::kDisbursementClearing,
    Account::kRepaymentClearing,
    Account::kSuspense,
    Account::kWriteOffExpense,
    Account::kLoanLossProvision,
    Account::kProvisionExpense,
    Account::kVoucherReceivable,
    Account::kVoucherReceivableOverdue,
    Account::kUnearnedDiscount,
    Account::kDiscountIncome,
};

// "principal_receivable", "interest_income", ...
std::string_view account_name(Account account);
Result<Account> parse_account(std::string_view name);
// The side on which the account's balance normally stands (assets and
// expenses: debit; liabilities, income and contra-assets: credit).
Side normal_side(Account account);

struct Posting {
  Account account;
  Side side;
  Money amount;  // strictly positive
};

struct JournalEntry {
  std::string subledger;   // whose books: "loan:L123", "voucher:V9"
  std::string source_ref;  // unique per source transaction; makes posting idempotent
  std::string kind;        // "disbursement", "repayment", "accrual", "reversal", ...
  Date value_date;         // the business date the entry belongs to
  std::vector<Posting> postings;
  std::optional<std::string> reverses;  // source_ref of the entry this one reverses
};

// At most this many postings in one entry (a bound, not a business rule).
inline constexpr size_t kMaxPostingsPerEntry = 32;

// Validates and builds an entry: 2..kMaxPostingsPerEntry postings, positive
// amounts, one currency, debits == credits (overflow-checked), non-empty refs.
Result<JournalEntry> make_entry(std::string subledger, std::string source_ref, std::string kind,
                                Date value_date, std::vector<Posting> postings);

// The mirror entry: same accounts and amounts, sides swapped.
JournalEntry reversal_of(const JournalEntry& original, std::string source_ref, Date value_date);

struct AccountBalance {
  Money debits;
  Money credits;
  // Debits minus credits (positive for a debit balance).
  Result<Money> net() const { return debits.subtract(credits); }
};

// Balances per account of every entry with value_date <= as_of.
class TrialBalance {
 public:
  explicit TrialBalance(Currency currency);
  Status add(const JournalEntry& entry);
  const AccountBalance& balance(Account account) const;
  // Total debits equal total credits.
  bool balanced() const;

 private:
  Currency currency_;
  std::array<AccountBalance, kAllAccounts.size()> balances_;
};

Result<TrialBalance> trial_balance(const std::vector<JournalEntry>& entries, Date as_of,
                                   Currency currency);

}  // namespace smecredit::ledger
