#include "servicing/loan_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/journal_store.h"
#include "servicing/loan_repository.h"
#include "servicing/posting_rules.h"

namespace smecredit::servicing {

namespace {

Date latest_value_date(const std::vector<loan::LoanTransaction>& transactions) {
  Date latest = transactions.front().value_date;
  for (const loan::LoanTransaction& t : transactions) latest = std::max(latest, t.value_date);
  return latest;
}

// True when `t` sorts after every other transaction of the loan (value date,
// then sequence): then the fold's summaries of the others are unchanged and
// only its own entry is new.
bool appends_at_end(const std::vector<loan::LoanTransaction>& all, const loan::LoanTransaction& t) {
  return std::all_of(all.begin(), all.end(), [&](const loan::LoanTransaction& other) {
    return other.id == t.id || other.value_date < t.value_date ||
           (other.value_date == t.value_date && other.sequence < t.sequence);
  });
}

// Posts the differences over the whole loan after `trigger` (see
// correction_entries).
Status post_differences(store::Transaction& tx, int64_t loan_id, const StoredLoan& loan,
                        const loan::LoanTransaction& trigger, Timestamp now) {
  SC_ASSIGN_OR_RETURN(const std::vector<ledger::JournalEntry> held, load_loan_ledger(tx, loan));
  SC_ASSIGN_OR_RETURN(const std::vector<ledger::JournalEntry> corrections,
                      correction_entries(loan_id, loan.terms, loan.transactions, held, trigger));
  for (const ledger::JournalEntry& e : corrections) {
    SC_RETURN_IF_ERROR(ledger::post_entry(tx, e, now));
  }
  return ok_status();
}

// Posts what applying `t` changed: its own entry when it sorts last (the
// usual case), else the differences over the whole loan.
Status post_transaction(store::Transaction& tx, int64_t loan_id, const StoredLoan& loan,
                        const loan::LoanState& state, const loan::LoanTransaction& t,
                        Timestamp now) {
  if (t.kind == loan::TransactionKind::kReversal || !appends_at_end(loan.transactions, t)) {
    return post_differences(tx, loan_id, loan, t, now);
  }
  for (const loan::AccountingSummary& s : state.summaries) {
    if (s.transaction_id != t.id) continue;
    SC_ASSIGN_OR_RETURN(const std::optional<ledger::JournalEntry> entry,
                        entry_for(loan_id, s, loan.terms.product.currency));
    if (entry.has_value()) SC_RETURN_IF_ERROR(ledger::post_entry(tx, *entry, now));
    return ok_status();
  }
  return Error{ErrorCode::kInternal,
               "transaction " + std::to_string(t.id) + " has no accounting summary"};
}

std::string applied_event(const loan::LoanTransaction& t, const loan::LoanState& state) {
  return "{\"transaction_id\":" + std::to_string(t.id) + ",\"kind\":\"" +
         std::string(loan::transaction_kind_name(t.kind)) + "\",\"status\":\"" +
         std::string(loan::loan_status_name(state.status)) +
         "\",\"days_past_due\":" + std::to_string(state.days_past_due) + ",\"loan_class\":\"" +
         std::string(loan::loan_class_name(state.loan_class)) + "\"}";
}

Status compare(std::string_view account, const ledger::TrialBalance& balance, ledger::Account which,
               int64_t state_minor, int64_t loan_id, Date as_of, Currency currency) {
  SC_ASSIGN_OR_RETURN(const Money journal, balance.balance(which).net());
  if (journal.minor_units() == state_minor) return ok_status();
  const Money state = Money::from_minor_units(state_minor, currency);
  const Money difference = Money::from_minor_units(journal.minor_units() - state_minor, currency);
  return Error{ErrorCode::kFailedPrecondition,
               "loan " + std::to_string(loan_id) + " sub-ledger differs as of " +
                   format_date(as_of) + ": " + std::string(account) + " journal " +
                   journal.to_string() + ", servicing state " + state.to_string() +
                   " (difference " + difference.to_string() + ")"};
}

}  // namespace

Result<loan::LoanState> apply_transaction_in(store::Transaction& tx, int64_t loan_id,
                                             const loan::LoanTransaction& transaction,
                                             Timestamp now, const loan::ServicingConfig& config) {
  SC_ASSIGN_OR_RETURN(StoredLoan loan, load_loan(tx, loan_id));
  loan.transactions.push_back(transaction);
  SC_ASSIGN_OR_RETURN(
      loan::LoanState state,
      loan::replay(loan.terms, loan.transactions, latest_value_date(loan.transactions), config));
  SC_RETURN_IF_ERROR(append_transaction(tx, loan_id, transaction, now));
  SC_RETURN_IF_ERROR(post_transaction(tx, loan_id, loan, state, transaction, now));
  SC_RETURN_IF_ERROR(update_loan_summary(tx, loan_id, loan.row_version, state));
  SC_RETURN_IF_ERROR(insert_loan_event(tx, loan_id, "loan.transaction_applied",
                                       applied_event(transaction, state), now));
  return state;
}

Result<loan::LoanState> apply_transaction(store::Store& store, int64_t loan_id,
                                          const loan::LoanTransaction& transaction, Timestamp now,
                                          const loan::ServicingConfig& config) {
  std::optional<loan::LoanState> result;
  Status status = store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(result, apply_transaction_in(tx, loan_id, transaction, now, config));
    return ok_status();
  });
  if (!status.ok()) return status.error();
  return std::move(*result);
}

Result<LoanSnapshot> loan_snapshot(store::Store& store, int64_t loan_id, Date as_of,
                                   const loan::ServicingConfig& config) {
  std::optional<LoanSnapshot> out;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(StoredLoan loan, load_loan(tx, loan_id));
        SC_ASSIGN_OR_RETURN(loan::LoanState state,
                            loan::replay(loan.terms, loan.transactions, as_of, config));
        out = LoanSnapshot{std::move(loan), std::move(state)};
        return ok_status();
      }));
  return std::move(*out);
}

namespace {

// A payment in one transaction: the bank reference recorded once, then a
// full prepayment when it covers the payoff quote, else a partial
// prepayment (`prepay`) or a repayment.
Result<loan::LoanState> record_payment(store::Store& store, int64_t loan_id, Money amount,
                                       Date value_date, std::string_view payment_reference,
                                       Timestamp now, const loan::ServicingConfig& config,
                                       bool prepay) {
  std::optional<loan::LoanState> result;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        if (!payment_reference.empty()) {
          SC_ASSIGN_OR_RETURN(store::Rows seen,
                              tx.query("SELECT loan_id FROM bank_payments WHERE reference = ?",
                                       {std::string(payment_reference)}));
          if (!seen.empty()) {
            return Error{ErrorCode::kAlreadyExists, "payment already applied"};
          }
          SC_RETURN_IF_ERROR(
              tx.execute("INSERT INTO bank_payments (reference, loan_id, amount_minor, "
                         "received_at) VALUES (?, ?, ?, ?)",
                         {std::string(payment_reference), loan_id, amount.minor_units(),
                          format_timestamp(now)}));
        }
        SC_ASSIGN_OR_RETURN(StoredLoan loan, load_loan(tx, loan_id));
        SC_ASSIGN_OR_RETURN(const loan::LoanState before,
                            loan::replay(loan.terms, loan.transactions, value_date, config));
        bool pays_off = false;
        if (!before.closed) {
          SC_ASSIGN_OR_RETURN(const loan::PayoffQuote quote,
                              loan::payoff_quote(loan.terms, before, value_date));
          pays_off = amount.minor_units() >= quote.total_minor;
        }
        const int64_t id = next_transaction_id(loan);
        const int64_t sequence = next_sequence(loan);
        const loan::LoanTransaction t =
            pays_off || prepay ? loan::prepayment(id, sequence, value_date, amount, pays_off)
                               : loan::repayment(id, sequence, value_date, amount);
        SC_ASSIGN_OR_RETURN(result, apply_transaction_in(tx, loan_id, t, now, config));
        return ok_status();
      }));
  return std::move(*result);
}

}  // namespace

Result<loan::LoanState> record_repayment(store::Store& store, int64_t loan_id, Money amount,
                                         Date value_date, std::string_view payment_reference,
                                         Timestamp now, const loan::ServicingConfig& config) {
  return record_payment(store, loan_id, amount, value_date, payment_reference, now, config, false);
}

Result<loan::LoanState> record_prepayment(store::Store& store, int64_t loan_id, Money amount,
                                          Date value_date, Timestamp now,
                                          const loan::ServicingConfig& config) {
  return record_payment(store, loan_id, amount, value_date, "", now, config, true);
}

Status check_subledger(store::Store& store, int64_t loan_id, Date as_of,
                       const loan::ServicingConfig& config) {
  return store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(const StoredLoan loan, load_loan(tx, loan_id));
    SC_ASSIGN_OR_RETURN(const loan::LoanState state,
                        loan::replay(loan.terms, loan.transactions, as_of, config));
    SC_ASSIGN_OR_RETURN(const std::vector<ledger::JournalEntry> entries,
                        load_loan_ledger(tx, loan));
    const Currency currency = loan.terms.product.currency;
    SC_ASSIGN_OR_RETURN(const ledger::TrialBalance balance,
                        ledger::trial_balance(entries, as_of, currency));
    const loan::LedgerPosition& p = state.recognised;
    // Debit-positive balances the journal must hold, account by account.
    const std::pair<ledger::Account, int64_t> expected[] = {
        {ledger::Account::kPrincipalReceivable, p.principal_receivable_minor},
        {ledger::Account::kInterestReceivable, p.interest_receivable_minor},
        {ledger::Account::kFeeReceivable, p.fees_receivable_minor},
        {ledger::Account::kPenaltyReceivable, p.penalty_receivable_minor},
        {ledger::Account::kSuspense, -p.suspense_minor},
    };
    for (const auto& [account, minor] : expected) {
      SC_RETURN_IF_ERROR(compare(ledger::account_name(account), balance, account, minor, loan_id,
                                 as_of, currency));
    }
    return ok_status();
  });
}

}  // namespace smecredit::servicing
