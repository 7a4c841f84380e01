#include "servicing/posting_rules.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace smecredit::servicing {

namespace {

using ledger::Account;
using loan::TransactionKind;

class Postings {
 public:
  void debit(Account account, int64_t minor) { net_[static_cast<size_t>(account)] += minor; }
  void credit(Account account, int64_t minor) { net_[static_cast<size_t>(account)] -= minor; }
  const AccountNet& net() const { return net_; }

 private:
  AccountNet net_{};
};

// The receivables and suspense move by the fold's LedgerPosition change, so
// the journal's balances equal the servicing state by construction.
void add_balance_moves(Postings& p, const loan::AccountingSummary& s) {
  const loan::ComponentAmounts& r = s.receivable_change;
  p.debit(Account::kPrincipalReceivable, r.principal_minor);
  p.debit(Account::kInterestReceivable, r.interest_minor);
  p.debit(Account::kFeeReceivable, r.fees_minor);
  p.debit(Account::kPenaltyReceivable, r.penalty_minor);
  p.credit(Account::kSuspense, s.suspense_change_minor);
}

void add_recognition(Postings& p, const loan::AccountingSummary& s) {
  p.credit(Account::kInterestIncome, s.interest_accrued_minor);
  p.credit(Account::kFeeIncome, s.fees_accrued_minor);
  p.credit(Account::kPenaltyIncome, s.penalty_accrued_minor);
  p.credit(Account::kFeeIncome, s.fee_income_minor);
}

// The side of the entry that is not a receivable: cash, income given up,
// expense.
void add_kind(Postings& p, const loan::AccountingSummary& s) {
  const loan::ComponentAmounts& a = s.amounts;
  switch (s.kind) {
    case TransactionKind::kDisbursement:
      p.credit(Account::kDisbursementClearing, a.principal_minor - s.fee_income_minor);
      return;
    case TransactionKind::kRepayment:
    case TransactionKind::kPrepayment:
      p.debit(Account::kRepaymentClearing, s.cash_minor);
      return;
    case TransactionKind::kFeeCharge:
      p.credit(Account::kFeeIncome, a.fees_minor);
      return;
    case TransactionKind::kWaiver:
      p.debit(Account::kPenaltyIncome, a.penalty_minor);
      p.debit(Account::kFeeIncome, a.fees_minor);
      p.debit(Account::kInterestIncome, a.interest_minor);
      return;
    case TransactionKind::kWriteOff:
      p.debit(Account::kWriteOffExpense, a.total_minor());
      return;
    case TransactionKind::kRecovery:
      p.debit(Account::kRepaymentClearing, s.cash_minor);
      p.credit(Account::kWriteOffExpense, a.total_minor());
      return;
    default:
      return;
  }
}

// Dr receivable / Cr income, per component.
AccountNet accrual_net(const AccrualAmounts& a) {
  Postings p;
  p.debit(Account::kInterestReceivable, a.interest_minor);
  p.credit(Account::kInterestIncome, a.interest_minor);
  p.debit(Account::kFeeReceivable, a.fees_minor);
  p.credit(Account::kFeeIncome, a.fees_minor);
  p.debit(Account::kPenaltyReceivable, a.penalty_minor);
  p.credit(Account::kPenaltyIncome, a.penalty_minor);
  return p.net();
}

AccountNet summary_net(const loan::AccountingSummary& summary) {
  Postings p;
  add_balance_moves(p, summary);
  add_recognition(p, summary);
  add_kind(p, summary);
  return p.net();
}

}  // namespace

std::string loan_subledger(int64_t loan_id) {
  return "loan:" + std::to_string(loan_id);
}

std::string transaction_source_ref(int64_t loan_id, int64_t transaction_id) {
  return loan_subledger(loan_id) + ":tx:" + std::to_string(transaction_id);
}

std::string adjustment_source_ref(int64_t loan_id, int64_t transaction_id, int64_t trigger_id) {
  return transaction_source_ref(loan_id, transaction_id) + ":adj:" + std::to_string(trigger_id);
}

std::optional<int64_t> transaction_of_source_ref(int64_t loan_id, std::string_view source_ref) {
  const std::string prefix = loan_subledger(loan_id) + ":tx:";
  if (!source_ref.starts_with(prefix)) return std::nullopt;
  std::string_view rest = source_ref.substr(prefix.size());
  rest = rest.substr(0, rest.find(':'));
  int64_t id = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (error != std::errc() || end != rest.data() + rest.size() || id <= 0) return std::nullopt;
  return id;
}

AccountNet net_of(const ledger::JournalEntry& entry) {
  AccountNet net{};
  for (const ledger::Posting& p : entry.postings) {
    const int64_t minor = p.amount.minor_units();
    net[static_cast<size_t>(p.account)] += p.side == ledger::Side::kDebit ? minor : -minor;
  }
  return net;
}

std::vector<ledger::Posting> postings_of(const AccountNet& net, Currency currency) {
  std::vector<ledger::Posting> postings;
  for (size_t i = 0; i < net.size(); ++i) {
    if (net[i] == 0) continue;
    const ledger::Side side = net[i] > 0 ? ledger::Side::kDebit : ledger::Side::kCredit;
    const int64_t minor = net[i] > 0 ? net[i] : -net[i];
    postings.push_back({ledger::kAllAccounts[i], side, Money::from_minor_units(minor, currency)});
  }
  return postings;
}

Result<std::optional<ledger::JournalEntry>> entry_for(int64_t loan_id,
                                                      const loan::AccountingSummary& summary,
                                                      Currency currency) {
  std::vector<ledger::Posting> postings = postings_of(summary_net(summary), currency);
  if (postings.empty()) return std::optional<ledger::JournalEntry>();
  SC_ASSIGN_OR_RETURN(ledger::JournalEntry entry,
                      ledger::make_entry(loan_subledger(loan_id),
                                         transaction_source_ref(loan_id, summary.transaction_id),
                                         std::string(loan::transaction_kind_name(summary.kind)),
                                         summary.value_date, std::move(postings)));
  return std::optional<ledger::JournalEntry>(std::move(entry));
}

Status add_accrual(AccrualAmounts& total, const AccrualAmounts& more) {
  if (__builtin_add_overflow(total.interest_minor, more.interest_minor, &total.interest_minor) ||
      __builtin_add_overflow(total.fees_minor, more.fees_minor, &total.fees_minor) ||
      __builtin_add_overflow(total.penalty_minor, more.penalty_minor, &total.penalty_minor)) {
    return Error{ErrorCode::kOverflow, "accrued amounts overflow 64 bits"};
  }
  return ok_status();
}

Result<AccrualAmounts> accrual_amounts(const loan::AccountingSummary& summary) {
  const AccountNet net = summary_net(summary);
  const auto at = [&](Account account) { return net[static_cast<size_t>(account)]; };
  const AccrualAmounts amounts{at(Account::kInterestReceivable), at(Account::kFeeReceivable),
                               at(Account::kPenaltyReceivable)};
  if (summary.kind != TransactionKind::kAccrual || accrual_net(amounts) != net) {
    return Error{ErrorCode::kInternal, "transaction " + std::to_string(summary.transaction_id) +
                                           " is not an accrual that recognises income only"};
  }
  return amounts;
}

namespace {

// The entry for accrued amounts under `subledger` and `source_ref`; nullopt
// when they are all zero.
Result<std::optional<ledger::JournalEntry>> accrual_entry_under(std::string subledger,
                                                                std::string source_ref,
                                                                Date value_date,
                                                                const AccrualAmounts& amounts,
                                                                Currency currency) {
  std::vector<ledger::Posting> postings = postings_of(accrual_net(amounts), currency);
  if (postings.empty()) return std::optional<ledger::JournalEntry>();
  SC_ASSIGN_OR_RETURN(
      ledger::JournalEntry entry,
      ledger::make_entry(std::move(subledger), std::move(source_ref),
                         std::string(loan::transaction_kind_name(TransactionKind::kAccrual)),
                         value_date, std::move(postings)));
  return std::optional<ledger::JournalEntry>(std::move(entry));
}

}  // namespace

Result<std::optional<ledger::JournalEntry>> accrual_entry(int64_t loan_id, int64_t transaction_id,
                                                          Date value_date,
                                                          const AccrualAmounts& amounts,
                                                          Currency currency) {
  return accrual_entry_under(loan_subledger(loan_id),
                             transaction_source_ref(loan_id, transaction_id), value_date, amounts,
                             currency);
}

Result<std::optional<ledger::JournalEntry>> accrual_batch_entry(Date value_date,
                                                                int64_t first_loan_id,
                                                                int64_t last_loan_id,
                                                                const AccrualAmounts& sum,
                                                                Currency currency) {
  const std::string subledger(kAccrualBatchSubledger);
  return accrual_entry_under(subledger,
                             subledger + ":" + format_date(value_date) + ":" +
                                 std::to_string(first_loan_id) + "-" +
                                 std::to_string(last_loan_id) + ":" + std::string(currency.code),
                             value_date, sum, currency);
}

namespace {

using NetById = std::map<int64_t, AccountNet>;

void add_net(AccountNet& into, const ledger::JournalEntry& e) {
  const AccountNet net = net_of(e);
  for (size_t i = 0; i < net.size(); ++i) into[i] += net[i];
}

Result<NetById> expected_nets(int64_t loan_id, const loan::LoanState& state, Currency currency) {
  NetById expected;
  for (const loan::AccountingSummary& s : state.summaries) {
    SC_ASSIGN_OR_RETURN(const std::optional<ledger::JournalEntry> e,
                        entry_for(loan_id, s, currency));
    AccountNet& net = expected[s.transaction_id];
    if (e.has_value()) add_net(net, *e);
  }
  return expected;
}

// What the journal holds per transaction as of `date`.
Result<NetById> held_nets(int64_t loan_id, const std::vector<ledger::JournalEntry>& journal,
                          Date date) {
  NetById held;
  for (const ledger::JournalEntry& e : journal) {
    if (e.value_date > date) continue;
    const std::optional<int64_t> id = transaction_of_source_ref(loan_id, e.source_ref);
    if (!id.has_value()) {
      return Error{ErrorCode::kInternal, "loan " + std::to_string(loan_id) +
                                             " sub-ledger holds a foreign entry " + e.source_ref};
    }
    add_net(held[*id], e);
  }
  return held;
}

bool holds_any(int64_t loan_id, const std::vector<ledger::JournalEntry>& journal, int64_t id) {
  return std::any_of(journal.begin(), journal.end(), [&](const ledger::JournalEntry& e) {
    return transaction_of_source_ref(loan_id, e.source_ref) == id;
  });
}

// The corrections dated `date` that make `journal` as of it equal the fold
// as of it; appended to `journal` and `out`.
Status correct_on(int64_t loan_id, const loan::LoanState& state,
                  const loan::LoanTransaction& trigger, Date date, Currency currency,
                  std::vector<ledger::JournalEntry>& journal,
                  std::vector<ledger::JournalEntry>& out) {
  SC_ASSIGN_OR_RETURN(const NetById want, expected_nets(loan_id, state, currency));
  SC_ASSIGN_OR_RETURN(const NetById have, held_nets(loan_id, journal, date));
  std::set<int64_t> ids;
  for (const auto& entry : want) ids.insert(entry.first);
  for (const auto& entry : have) ids.insert(entry.first);
  const AccountNet zero{};
  for (const int64_t id : ids) {
    const auto w = want.find(id);
    const auto h = have.find(id);
    AccountNet diff{};
    for (size_t i = 0; i < diff.size(); ++i) {
      diff[i] = (w == want.end() ? zero : w->second)[i] - (h == have.end() ? zero : h->second)[i];
    }
    std::vector<ledger::Posting> postings = postings_of(diff, currency);
    if (postings.empty()) continue;
    const bool own = id == trigger.id && !holds_any(loan_id, journal, id);
    SC_ASSIGN_OR_RETURN(
        ledger::JournalEntry entry,
        ledger::make_entry(
            loan_subledger(loan_id),
            own ? transaction_source_ref(loan_id, id)
                : adjustment_source_ref(loan_id, id, trigger.id) + ":" + format_date(date),
            own ? std::string(loan::transaction_kind_name(trigger.kind))
                : std::string("adjustment"),
            date, std::move(postings)));
    journal.push_back(entry);
    out.push_back(std::move(entry));
  }
  return ok_status();
}

}  // namespace

Result<std::vector<ledger::JournalEntry>> correction_entries(
    int64_t loan_id, const loan::LoanTerms& terms,
    const std::vector<loan::LoanTransaction>& transactions,
    const std::vector<ledger::JournalEntry>& held, const loan::LoanTransaction& trigger) {
  // A reversal takes its target out from the target's own value date.
  Date from = trigger.value_date;
  for (const loan::LoanTransaction& t : transactions) {
    if (trigger.kind == loan::TransactionKind::kReversal && t.id == trigger.target_id) {
      from = std::min(from, t.value_date);
    }
  }
  std::set<Date> dates;
  for (const loan::LoanTransaction& t : transactions) {
    if (t.value_date >= from) dates.insert(t.value_date);
  }
  std::vector<ledger::JournalEntry> journal = held;
  std::vector<ledger::JournalEntry> out;
  for (const Date date : dates) {
    SC_ASSIGN_OR_RETURN(const loan::LoanState state, loan::replay(terms, transactions, date));
    SC_RETURN_IF_ERROR(
        correct_on(loan_id, state, trigger, date, terms.product.currency, journal, out));
  }
  return out;
}

}  // namespace smecredit::servicing
