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

// The mirror of the reversed transaction's entry, plus the penalty the
// reversal's own summary recognises (postings of entry_for()).
Result<std::optional<ledger::JournalEntry>> reversal_entry(
    store::Transaction& tx, int64_t loan_id, const loan::LoanTransaction& t,
    const std::optional<ledger::JournalEntry>& own) {
  const std::string original_ref = transaction_source_ref(loan_id, t.target_id);
  SC_ASSIGN_OR_RETURN(std::vector<ledger::JournalEntry> entries,
                      ledger::load_entries(tx, loan_subledger(loan_id)));
  for (const ledger::JournalEntry& e : entries) {
    if (e.source_ref != original_ref) continue;
    ledger::JournalEntry mirror =
        ledger::reversal_of(e, transaction_source_ref(loan_id, t.id), t.value_date);
    if (own.has_value()) {
      mirror.postings.insert(mirror.postings.end(), own->postings.begin(), own->postings.end());
    }
    return std::optional<ledger::JournalEntry>(std::move(mirror));
  }
  return own;
}

Result<std::optional<ledger::JournalEntry>> entry_of(store::Transaction& tx, int64_t loan_id,
                                                     const loan::LoanTerms& terms,
                                                     const loan::LoanState& state,
                                                     const loan::LoanTransaction& t) {
  for (const loan::AccountingSummary& s : state.summaries) {
    if (s.transaction_id != t.id) continue;
    SC_ASSIGN_OR_RETURN(std::optional<ledger::JournalEntry> own,
                        entry_for(loan_id, s, terms.product.currency));
    if (t.kind != loan::TransactionKind::kReversal) return own;
    return reversal_entry(tx, loan_id, t, own);
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

// Penalty the fold accrued to as_of beyond what transactions recognised (the
// journal holds only the recognised part).
int64_t unrecognised_penalty_minor(const loan::LoanState& state) {
  int64_t recognised = 0;
  for (const loan::AccountingSummary& s : state.summaries) recognised += s.penalty_accrued_minor;
  return state.status == loan::LoanStatus::kWrittenOff ? 0
                                                       : state.penalty_accrued_minor - recognised;
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
  SC_ASSIGN_OR_RETURN(std::optional<ledger::JournalEntry> entry,
                      entry_of(tx, loan_id, loan.terms, state, transaction));
  if (entry.has_value()) SC_RETURN_IF_ERROR(ledger::post_entry(tx, *entry, now));
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
                        ledger::load_entries(tx, loan_subledger(loan_id)));
    const Currency currency = loan.terms.product.currency;
    SC_ASSIGN_OR_RETURN(const ledger::TrialBalance balance,
                        ledger::trial_balance(entries, as_of, currency));
    SC_RETURN_IF_ERROR(compare("principal_receivable", balance,
                               ledger::Account::kPrincipalReceivable,
                               state.principal_outstanding_minor, loan_id, as_of, currency));
    return compare("penalty_receivable", balance, ledger::Account::kPenaltyReceivable,
                   state.penalty_outstanding_minor - unrecognised_penalty_minor(state), loan_id,
                   as_of, currency);
  });
}

}  // namespace smecredit::servicing
