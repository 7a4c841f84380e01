#include "ledger/journal.h"

#include <cstdlib>

namespace smecredit::ledger {

namespace {

size_t account_index(Account account) {
  return static_cast<size_t>(account);
}

Error invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

}  // namespace

std::string_view account_name(Account account) {
  switch (account) {
    case Account::kPrincipalReceivable:
      return "principal_receivable";
    case Account::kInterestReceivable:
      return "interest_receivable";
    case Account::kPenaltyReceivable:
      return "penalty_receivable";
    case Account::kFeeReceivable:
      return "fee_receivable";
    case Account::kInterestIncome:
      return "interest_income";
    case Account::kPenaltyIncome:
      return "penalty_income";
    case Account::kFeeIncome:
      return "fee_income";
    case Account::kDisbursementClearing:
      return "disbursement_clearing";
    case Account::kRepaymentClearing:
      return "repayment_clearing";
    case Account::kSuspense:
      return "suspense";
    case Account::kWriteOffExpense:
      return "write_off_expense";
    case Account::kLoanLossProvision:
      return "loan_loss_provision";
    case Account::kProvisionExpense:
      return "provision_expense";
    case Account::kVoucherReceivable:
      return "voucher_receivable";
    case Account::kVoucherReceivableOverdue:
      return "voucher_receivable_overdue";
    case Account::kUnearnedDiscount:
      return "unearned_discount";
    case Account::kDiscountIncome:
      return "discount_income";
  }
  std::abort();
}

Result<Account> parse_account(std::string_view name) {
  for (Account account : kAllAccounts) {
    if (account_name(account) == name) return account;
  }
  return invalid("unknown account '" + std::string(name) + "'");
}

Side normal_side(Account account) {
  switch (account) {
    case Account::kPrincipalReceivable:
    case Account::kInterestReceivable:
    case Account::kPenaltyReceivable:
    case Account::kFeeReceivable:
    case Account::kRepaymentClearing:
    case Account::kWriteOffExpense:
    case Account::kProvisionExpense:
    case Account::kVoucherReceivable:
    case Account::kVoucherReceivableOverdue:
      return Side::kDebit;
    case Account::kInterestIncome:
    case Account::kPenaltyIncome:
    case Account::kFeeIncome:
    case Account::kDisbursementClearing:
    case Account::kSuspense:
    case Account::kLoanLossProvision:
    case Account::kUnearnedDiscount:
    case Account::kDiscountIncome:
      return Side::kCredit;
  }
  std::abort();
}

Result<JournalEntry> make_entry(std::string subledger, std::string source_ref, std::string kind,
                                Date value_date, std::vector<Posting> postings) {
  if (subledger.empty() || source_ref.empty() || kind.empty()) {
    return invalid("journal entry needs a subledger, a source reference and a kind");
  }
  if (postings.size() < 2 || postings.size() > kMaxPostingsPerEntry) {
    return invalid("journal entry needs 2 to 32 postings");
  }
  const Currency currency = postings.front().amount.currency();
  Money debits = Money::zero(currency);
  Money credits = Money::zero(currency);
  for (const Posting& p : postings) {
    if (!(p.amount.currency() == currency)) return invalid("journal entry mixes currencies");
    if (!p.amount.is_positive()) return invalid("posting amounts must be positive");
    Money& total = p.side == Side::kDebit ? debits : credits;
    SC_ASSIGN_OR_RETURN(total, total.add(p.amount));
  }
  if (debits != credits) {
    return invalid("journal entry does not balance: debits " + debits.to_string() + " != credits " +
                   credits.to_string());
  }
  return JournalEntry{std::move(subledger), std::move(source_ref), std::move(kind),
                      value_date,           std::move(postings),   std::nullopt};
}

JournalEntry reversal_of(const JournalEntry& original, std::string source_ref, Date value_date) {
  JournalEntry mirror{original.subledger, std::move(source_ref), "reversal",
                      value_date,         original.postings,     original.source_ref};
  for (Posting& p : mirror.postings) {
    p.side = p.side == Side::kDebit ? Side::kCredit : Side::kDebit;
  }
  return mirror;
}

TrialBalance::TrialBalance(Currency currency) : currency_(currency) {
  for (AccountBalance& b : balances_) b = {Money::zero(currency), Money::zero(currency)};
}

Status TrialBalance::add(const JournalEntry& entry) {
  for (const Posting& p : entry.postings) {
    if (!(p.amount.currency() == currency_)) return invalid("trial balance mixes currencies");
    AccountBalance& b = balances_[account_index(p.account)];
    Money& side_total = p.side == Side::kDebit ? b.debits : b.credits;
    SC_ASSIGN_OR_RETURN(side_total, side_total.add(p.amount));
  }
  return ok_status();
}

const AccountBalance& TrialBalance::balance(Account account) const {
  return balances_[account_index(account)];
}

bool TrialBalance::balanced() const {
  Int128 debits = 0;
  Int128 credits = 0;
  for (const AccountBalance& b : balances_) {
    debits += b.debits.minor_units();
    credits += b.credits.minor_units();
  }
  return debits == credits;
}

Result<TrialBalance> trial_balance(const std::vector<JournalEntry>& entries, Date as_of,
                                   Currency currency) {
  TrialBalance result(currency);
  for (const JournalEntry& entry : entries) {
    if (entry.value_date > as_of) continue;
    SC_RETURN_IF_ERROR(result.add(entry));
  }
  return result;
}

}  // namespace smecredit::ledger
