#include "servicing/posting_rules.h"

#include <utility>
#include <vector>

namespace smecredit::servicing {

namespace {

using ledger::Account;
using ledger::Posting;
using ledger::Side;
using loan::TransactionKind;

class Postings {
 public:
  explicit Postings(Currency currency) : currency_(currency) {}

  // Adds `minor` on `side`; a negative amount goes on the other side.
  void add(Account account, Side side, int64_t minor) {
    if (minor == 0) return;
    if (minor < 0) {
      side = side == Side::kDebit ? Side::kCredit : Side::kDebit;
      minor = -minor;
    }
    postings_.push_back({account, side, Money::from_minor_units(minor, currency_)});
  }
  void debit(Account account, int64_t minor) { add(account, Side::kDebit, minor); }
  void credit(Account account, int64_t minor) { add(account, Side::kCredit, minor); }

  std::vector<Posting> take() { return std::move(postings_); }
  bool empty() const { return postings_.empty(); }

 private:
  Currency currency_;
  std::vector<Posting> postings_;
};

void credit_receivables(Postings& p, const loan::ComponentAmounts& a) {
  p.credit(Account::kPrincipalReceivable, a.principal_minor);
  p.credit(Account::kInterestIncome, a.interest_minor);
  p.credit(Account::kFeeReceivable, a.fees_minor);
  p.credit(Account::kPenaltyReceivable, a.penalty_minor);
}

int64_t cash_of(const loan::AccountingSummary& s) {
  return s.amounts.total_minor() + s.fee_income_minor + s.overpayment_minor;
}

void add_waiver(Postings& p, const loan::ComponentAmounts& a) {
  p.debit(Account::kPenaltyIncome, a.penalty_minor);
  p.credit(Account::kPenaltyReceivable, a.penalty_minor);
  p.debit(Account::kFeeIncome, a.fees_minor);
  p.credit(Account::kFeeReceivable, a.fees_minor);
}

void add_write_off(Postings& p, const loan::ComponentAmounts& a) {
  const int64_t recognised = a.principal_minor + a.fees_minor + a.penalty_minor;
  p.debit(Account::kWriteOffExpense, recognised);
  p.credit(Account::kPrincipalReceivable, a.principal_minor);
  p.credit(Account::kFeeReceivable, a.fees_minor);
  p.credit(Account::kPenaltyReceivable, a.penalty_minor);
}

void add_kind(Postings& p, const loan::AccountingSummary& s) {
  const loan::ComponentAmounts& a = s.amounts;
  switch (s.kind) {
    case TransactionKind::kDisbursement:
      p.debit(Account::kPrincipalReceivable, a.principal_minor);
      p.credit(Account::kDisbursementClearing, a.principal_minor - s.fee_income_minor);
      p.credit(Account::kFeeIncome, s.fee_income_minor);
      return;
    case TransactionKind::kRepayment:
    case TransactionKind::kPrepayment:
      p.debit(Account::kRepaymentClearing, cash_of(s));
      credit_receivables(p, a);
      p.credit(Account::kFeeIncome, s.fee_income_minor);
      p.credit(Account::kSuspense, s.overpayment_minor);
      return;
    case TransactionKind::kFeeCharge:
      p.debit(Account::kFeeReceivable, a.fees_minor);
      p.credit(Account::kFeeIncome, a.fees_minor);
      return;
    case TransactionKind::kWaiver:
      add_waiver(p, a);
      return;
    case TransactionKind::kWriteOff:
      add_write_off(p, a);
      return;
    case TransactionKind::kRecovery:
      p.debit(Account::kRepaymentClearing, cash_of(s));
      p.credit(Account::kWriteOffExpense, s.amounts.total_minor() + s.fee_income_minor);
      p.credit(Account::kSuspense, s.overpayment_minor);
      return;
    default:
      return;
  }
}

}  // namespace

std::string loan_subledger(int64_t loan_id) {
  return "loan:" + std::to_string(loan_id);
}

std::string transaction_source_ref(int64_t loan_id, int64_t transaction_id) {
  return loan_subledger(loan_id) + ":tx:" + std::to_string(transaction_id);
}

Result<std::optional<ledger::JournalEntry>> entry_for(int64_t loan_id,
                                                      const loan::AccountingSummary& summary,
                                                      Currency currency) {
  Postings p(currency);
  p.debit(Account::kPenaltyReceivable, summary.penalty_accrued_minor);
  p.credit(Account::kPenaltyIncome, summary.penalty_accrued_minor);
  add_kind(p, summary);
  if (p.empty()) return std::optional<ledger::JournalEntry>();
  SC_ASSIGN_OR_RETURN(ledger::JournalEntry entry,
                      ledger::make_entry(loan_subledger(loan_id),
                                         transaction_source_ref(loan_id, summary.transaction_id),
                                         std::string(loan::transaction_kind_name(summary.kind)),
                                         summary.value_date, p.take()));
  return std::optional<ledger::JournalEntry>(std::move(entry));
}

}  // namespace smecredit::servicing
