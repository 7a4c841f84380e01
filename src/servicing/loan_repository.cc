#include "servicing/loan_repository.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "servicing/loan_json.h"
#include "store/outbox.h"

namespace smecredit::servicing {

namespace {

constexpr std::string_view kLoanColumns =
    "SELECT id, external_id, terms, status, days_past_due, loan_class, row_version FROM loans ";

Result<StoredLoan> loan_from_row(const store::Row& row, ProductCache* cache = nullptr) {
  StoredLoan loan;
  loan.id = row.integer(0);
  loan.external_id = row.text(1);
  SC_ASSIGN_OR_RETURN(loan.terms, terms_from_json(row.text(2), cache));
  loan.status = row.text(3);
  loan.days_past_due = row.integer(4);
  loan.loan_class = row.text(5);
  loan.row_version = row.integer(6);
  return loan;
}

// Columns: loan_id, id, sequence, kind, value_date, payload.
Result<loan::LoanTransaction> transaction_from_row(const store::Row& row, Currency currency) {
  loan::LoanTransaction t;
  t.id = row.integer(1);
  t.sequence = row.integer(2);
  SC_ASSIGN_OR_RETURN(t.kind, parse_transaction_kind(row.text(3)));
  SC_ASSIGN_OR_RETURN(t.value_date, parse_date(row.text(4)));
  SC_RETURN_IF_ERROR(transaction_payload_from_json(row.text(5), currency, t));
  return t;
}

constexpr std::string_view kTransactionColumns =
    "SELECT loan_id, id, sequence, kind, value_date, payload FROM loan_transactions ";
// Accruals have no payload; read in the transactions' column order.
constexpr std::string_view kAccrualColumns =
    "SELECT loan_id, id, sequence, 'accrual', value_date, '{}' FROM loan_accruals ";

Status attach_transactions(const store::Rows& rows, std::vector<StoredLoan>& loans) {
  std::unordered_map<int64_t, StoredLoan*> by_id;
  for (StoredLoan& loan : loans) by_id[loan.id] = &loan;
  for (const store::Row& row : rows) {
    const auto it = by_id.find(row.integer(0));
    if (it == by_id.end()) continue;
    StoredLoan& loan = *it->second;
    SC_ASSIGN_OR_RETURN(loan::LoanTransaction t,
                        transaction_from_row(row, loan.terms.product.currency));
    loan.transactions.push_back(std::move(t));
  }
  return ok_status();
}

}  // namespace

Result<int64_t> create_loan(store::Transaction& tx, std::string_view external_id,
                            const loan::LoanTerms& terms, Timestamp now) {
  SC_RETURN_IF_ERROR(loan::validate_loan_terms(terms));
  SC_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.query(
          "INSERT INTO loans (external_id, product_code, product_version, terms, status,"
          " days_past_due, loan_class, row_version, created_at)"
          " VALUES (?, ?, ?, ?, ?, 0, ?, 1, ?) RETURNING id",
          {std::string(external_id), terms.product.code, int64_t{terms.product.version},
           terms_to_json(terms), std::string(loan::loan_status_name(loan::LoanStatus::kPending)),
           std::string(loan::loan_class_name(loan::LoanClass::kNormal)), format_timestamp(now)}));
  if (rows.empty()) return Error{ErrorCode::kInternal, "INSERT INTO loans returned no id"};
  return rows[0].integer(0);
}

Result<int64_t> find_loan_id(store::Transaction& tx, std::string_view external_id) {
  SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query("SELECT id FROM loans WHERE external_id = ?",
                                                 {std::string(external_id)}));
  if (rows.empty()) return Error{ErrorCode::kNotFound, "no such loan"};
  return rows[0].integer(0);
}

Status append_transaction(store::Transaction& tx, int64_t loan_id, const loan::LoanTransaction& t,
                          Timestamp now) {
  return append_transactions(tx, {{loan_id, t}}, now);
}

Status append_transactions(store::Transaction& tx,
                           const std::vector<std::pair<int64_t, loan::LoanTransaction>>& rows,
                           Timestamp now) {
  const std::string recorded_at = format_timestamp(now);
  std::vector<store::Value> values;
  std::vector<store::Value> accruals;
  values.reserve(rows.size() * 7);
  for (const auto& [loan_id, t] : rows) {
    if (t.kind == loan::TransactionKind::kAccrual) {
      accruals.insert(accruals.end(),
                      {loan_id, t.id, t.sequence, format_date(t.value_date), recorded_at});
      continue;
    }
    values.insert(values.end(),
                  {loan_id, t.id, t.sequence, std::string(loan::transaction_kind_name(t.kind)),
                   format_date(t.value_date), transaction_payload_to_json(t), recorded_at});
  }
  SC_RETURN_IF_ERROR(store::insert_rows(
      tx, "loan_transactions",
      {"loan_id", "id", "sequence", "kind", "value_date", "payload", "recorded_at"}, values));
  SC_RETURN_IF_ERROR(store::insert_rows(
      tx, "loan_accruals", {"loan_id", "id", "sequence", "value_date", "recorded_at"}, accruals));
  return ok_status();
}

Result<StoredLoan> load_loan(store::Transaction& tx, int64_t loan_id) {
  SC_ASSIGN_OR_RETURN(store::Rows rows,
                      tx.query(std::string(kLoanColumns) + "WHERE id = ?", {loan_id}));
  if (rows.empty()) {
    return Error{ErrorCode::kNotFound, "loan " + std::to_string(loan_id) + " does not exist"};
  }
  std::vector<StoredLoan> loans;
  SC_ASSIGN_OR_RETURN(StoredLoan loan, loan_from_row(rows[0]));
  loans.push_back(std::move(loan));
  SC_ASSIGN_OR_RETURN(store::Rows tx_rows,
                      tx.query(std::string(kTransactionColumns) + "WHERE loan_id = ? UNION ALL " +
                                   std::string(kAccrualColumns) + "WHERE loan_id = ? ORDER BY 3",
                               {loan_id, loan_id}));
  SC_RETURN_IF_ERROR(attach_transactions(tx_rows, loans));
  return std::move(loans[0]);
}

Result<std::vector<StoredLoan>> load_active_loans(store::Transaction& tx, int64_t after_id,
                                                  int64_t limit) {
  SC_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.query(std::string(kLoanColumns) + "WHERE status = ? AND id > ? ORDER BY id LIMIT ?",
               {std::string(loan::loan_status_name(loan::LoanStatus::kActive)), after_id, limit}));
  std::vector<StoredLoan> loans;
  loans.reserve(rows.size());
  ProductCache products;
  for (const store::Row& row : rows) {
    SC_ASSIGN_OR_RETURN(StoredLoan loan, loan_from_row(row, &products));
    loans.push_back(std::move(loan));
  }
  if (loans.empty()) return loans;
  // Every transaction but the accruals, and each loan's latest accrual: the
  // fold's state does not depend on the earlier ones (loan::replay).
  SC_ASSIGN_OR_RETURN(
      store::Rows tx_rows,
      tx.query(std::string(kTransactionColumns) + "WHERE loan_id >= ? AND loan_id <= ? UNION ALL " +
                   // CROSS JOIN keeps loans the outer loop: one index seek per loan,
                   // never a scan of the range's accruals.
                   "SELECT a.loan_id, a.id, a.sequence, 'accrual', a.value_date, '{}' FROM loans"
                   " CROSS JOIN loan_accruals a WHERE a.loan_id = loans.id AND a.id = (SELECT"
                   " MAX(l.id) FROM loan_accruals l WHERE l.loan_id = loans.id)"
                   " AND loans.id >= ? AND loans.id <= ? ORDER BY 1, 3",
               {loans.front().id, loans.back().id, loans.front().id, loans.back().id}));
  SC_RETURN_IF_ERROR(attach_transactions(tx_rows, loans));
  return loans;
}

Status update_loan_summary(store::Transaction& tx, int64_t loan_id, int64_t row_version,
                           const loan::LoanState& state) {
  SC_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.execute("UPDATE loans SET status = ?, days_past_due = ?, loan_class = ?,"
                 " row_version = row_version + 1 WHERE id = ? AND row_version = ?",
                 {std::string(loan::loan_status_name(state.status)), state.days_past_due,
                  std::string(loan::loan_class_name(state.loan_class)), loan_id, row_version}));
  return store::expect_one_row_changed(changed, "loan " + std::to_string(loan_id));
}

Status insert_loan_event(store::Transaction& tx, int64_t loan_id, std::string_view event_type,
                         std::string_view payload_json, Timestamp now) {
  return store::append_event(
      tx, {"loan", std::to_string(loan_id), std::string(event_type), std::string(payload_json)},
      now);
}

int64_t next_transaction_id(const StoredLoan& loan) {
  int64_t largest = 0;
  for (const loan::LoanTransaction& t : loan.transactions) largest = std::max(largest, t.id);
  return largest + 1;
}

int64_t next_sequence(const StoredLoan& loan) {
  int64_t largest = 0;
  for (const loan::LoanTransaction& t : loan.transactions) largest = std::max(largest, t.sequence);
  return largest + 1;
}

}  // namespace smecredit::servicing
