#include "servicing/loan_repository.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include "ledger/journal_store.h"
#include "servicing/loan_json.h"
#include "store/outbox.h"

namespace smecredit::servicing {

namespace {

// Terms live in loan_terms (written once) and products in loan_products; the
// loans row holds what changes.
constexpr std::string_view kLoanColumns =
    "SELECT loans.id, external_id, t.terms, status, days_past_due, loan_class, row_version,"
    " t.product_id FROM loans JOIN loan_terms t ON t.loan_id = loans.id ";

// Products by loan_products id, read once per batch.
class Products {
 public:
  // Reads the products of `rows` (kLoanColumns) not read yet.
  Status read_for(store::Transaction& tx, const store::Rows& rows) {
    std::vector<store::Value> missing;
    for (const store::Row& row : rows) {
      if (row.is_null(7) || by_id_.contains(row.integer(7))) continue;
      by_id_.emplace(row.integer(7), std::nullopt);
      missing.emplace_back(row.integer(7));
    }
    for (const store::Value& id : missing) {
      SC_ASSIGN_OR_RETURN(const store::Rows found,
                          tx.query("SELECT product FROM loan_products WHERE id = ?", {id}));
      if (found.empty()) continue;
      SC_ASSIGN_OR_RETURN(loan::Product product, loan::parse_product_json(found[0].text(0)));
      by_id_[std::get<int64_t>(id)] = std::move(product);
    }
    return ok_status();
  }

  Result<loan::Product> get(int64_t id) const {
    const auto it = by_id_.find(id);
    if (it == by_id_.end() || !it->second.has_value()) {
      return Error{ErrorCode::kInternal, "loan product " + std::to_string(id) + " is missing"};
    }
    return *it->second;
  }

 private:
  std::unordered_map<int64_t, std::optional<loan::Product>> by_id_;
};

// Terms stored before migration 14 carry their product inline (the cache
// serves those).
Result<loan::LoanTerms> terms_from_row(const store::Row& row, const Products& products,
                                       ProductCache& cache) {
  if (row.is_null(7)) return terms_from_json(row.text(2), &cache);
  SC_ASSIGN_OR_RETURN(loan::Product product, products.get(row.integer(7)));
  return terms_fields_from_json(row.text(2), std::move(product));
}

Result<StoredLoan> loan_from_row(const store::Row& row, const Products& products,
                                 ProductCache& cache) {
  StoredLoan loan;
  loan.id = row.integer(0);
  loan.external_id = row.text(1);
  SC_ASSIGN_OR_RETURN(loan.terms, terms_from_row(row, products, cache));
  loan.status = row.text(3);
  loan.days_past_due = row.integer(4);
  loan.loan_class = row.text(5);
  loan.row_version = row.integer(6);
  return loan;
}

// The id of the product's row in loan_products, inserting it when new.
Result<int64_t> store_product(store::Transaction& tx, const loan::Product& product) {
  const std::string text = product_to_json(product);
  SC_ASSIGN_OR_RETURN(const store::Rows inserted,
                      tx.query("INSERT INTO loan_products (product) VALUES (?)"
                               " ON CONFLICT (product) DO NOTHING RETURNING id",
                               {text}));
  if (!inserted.empty()) return inserted[0].integer(0);
  SC_ASSIGN_OR_RETURN(const store::Rows found,
                      tx.query("SELECT id FROM loan_products WHERE product = ?", {text}));
  if (found.empty()) return Error{ErrorCode::kInternal, "loan product vanished"};
  return found[0].integer(0);
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

// Accruals are read by date: the table is keyed by (value_date, loan_id),
// so a loan's history is one index seek per day from its start to its
// latest accrual, in statements of at most this many days.
constexpr size_t kAccrualDaysPerQuery = 500;

// The loan's accrual rows: loan_id, id, sequence, value_date, currency and
// the three amounts (NULL for rows written before migration 14), by date.
Result<store::Rows> load_accrual_rows(store::Transaction& tx, int64_t loan_id, Date first) {
  SC_ASSIGN_OR_RETURN(
      const store::Rows head,
      tx.query("SELECT value_date FROM loan_accrual_heads WHERE loan_id = ?", {loan_id}));
  store::Rows rows;
  if (head.empty()) return rows;
  SC_ASSIGN_OR_RETURN(const Date last, parse_date(head[0].text(0)));
  for (Date from = first; from <= last;) {
    std::vector<store::Value> values{loan_id};
    std::string sql =
        "SELECT loan_id, id, sequence, value_date, currency, interest_minor, fees_minor,"
        " penalty_minor FROM loan_accruals WHERE loan_id = ? AND value_date IN (";
    for (size_t n = 0; n < kAccrualDaysPerQuery && from <= last; ++n, from = add_days(from, 1)) {
      sql += n == 0 ? "?" : ", ?";
      values.emplace_back(format_date(from));
    }
    SC_ASSIGN_OR_RETURN(store::Rows part, tx.query(sql + ") ORDER BY value_date, id", values));
    for (store::Row& row : part) rows.push_back(std::move(row));
  }
  return rows;
}

loan::LoanTransaction accrual_from_row(const store::Row& row, Date value_date) {
  return loan::accrual(row.integer(1), row.integer(2), value_date);
}

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

void sort_by_sequence(std::vector<loan::LoanTransaction>& transactions) {
  const auto by_sequence = [](const loan::LoanTransaction& a, const loan::LoanTransaction& b) {
    return a.sequence < b.sequence;
  };
  if (!std::is_sorted(transactions.begin(), transactions.end(), by_sequence)) {
    std::sort(transactions.begin(), transactions.end(), by_sequence);
  }
}

// No accrual is dated before the loan starts or before its first transaction.
Date first_accrual_date(const StoredLoan& loan) {
  Date first = loan.terms.start;
  for (const loan::LoanTransaction& t : loan.transactions) first = std::min(first, t.value_date);
  return first;
}

}  // namespace

Result<int64_t> create_loan(store::Transaction& tx, std::string_view external_id,
                            const loan::LoanTerms& terms, Timestamp now) {
  SC_RETURN_IF_ERROR(loan::validate_loan_terms(terms));
  SC_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.query(
          "INSERT INTO loans (external_id, product_code, product_version, status,"
          " days_past_due, loan_class, row_version, created_at)"
          " VALUES (?, ?, ?, ?, 0, ?, 1, ?) RETURNING id",
          {std::string(external_id), terms.product.code, int64_t{terms.product.version},
           std::string(loan::loan_status_name(loan::LoanStatus::kPending)),
           std::string(loan::loan_class_name(loan::LoanClass::kNormal)), format_timestamp(now)}));
  if (rows.empty()) return Error{ErrorCode::kInternal, "INSERT INTO loans returned no id"};
  const int64_t id = rows[0].integer(0);
  SC_ASSIGN_OR_RETURN(const int64_t product_id, store_product(tx, terms.product));
  SC_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx.execute("INSERT INTO loan_terms (loan_id, product_id, terms) VALUES (?, ?, ?)",
                 {id, product_id, terms_fields_to_json(terms)}));
  SC_RETURN_IF_ERROR(store::expect_one_row_changed(changed, "loan terms"));
  return id;
}

Result<int64_t> find_loan_id(store::Transaction& tx, std::string_view external_id) {
  SC_ASSIGN_OR_RETURN(store::Rows rows, tx.query("SELECT id FROM loans WHERE external_id = ?",
                                                 {std::string(external_id)}));
  if (rows.empty()) return Error{ErrorCode::kNotFound, "no such loan"};
  return rows[0].integer(0);
}

Status append_transaction(store::Transaction& tx, int64_t loan_id, const loan::LoanTransaction& t,
                          Timestamp now) {
  if (t.kind == loan::TransactionKind::kAccrual) {
    return Error{ErrorCode::kInvalidArgument,
                 "an accrual is appended with what it recognised (append_accruals)"};
  }
  SC_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx.execute(
          "INSERT INTO loan_transactions"
          " (loan_id, id, sequence, kind, value_date, payload, recorded_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?)",
          {loan_id, t.id, t.sequence, std::string(loan::transaction_kind_name(t.kind)),
           format_date(t.value_date), transaction_payload_to_json(t), format_timestamp(now)}));
  return store::expect_one_row_changed(changed, "loan transaction");
}

Status append_accruals(store::Transaction& tx, const std::vector<AccrualRecord>& accruals,
                       Timestamp now) {
  const std::string recorded_at = format_timestamp(now);
  std::vector<store::Value> history;
  std::vector<store::Value> heads;
  history.reserve(accruals.size() * 9);
  heads.reserve(accruals.size() * 4);
  for (const AccrualRecord& r : accruals) {
    if (r.accrual.kind != loan::TransactionKind::kAccrual) {
      return Error{ErrorCode::kInvalidArgument, "append_accruals takes accruals only"};
    }
    const std::string date = format_date(r.accrual.value_date);
    history.insert(history.end(), {date, r.loan_id, r.accrual.id, r.accrual.sequence,
                                   std::string(r.currency.code), r.amounts.interest_minor,
                                   r.amounts.fees_minor, r.amounts.penalty_minor, recorded_at});
    heads.insert(heads.end(), {r.loan_id, r.accrual.id, r.accrual.sequence, date});
  }
  SC_RETURN_IF_ERROR(
      store::insert_rows(tx, "loan_accruals",
                         {"value_date", "loan_id", "id", "sequence", "currency", "interest_minor",
                          "fees_minor", "penalty_minor", "recorded_at"},
                         std::move(history)));
  SC_RETURN_IF_ERROR(store::insert_rows(
      tx, "loan_accrual_heads", {"loan_id", "id", "sequence", "value_date"}, std::move(heads),
      "ON CONFLICT (loan_id) DO UPDATE SET id = excluded.id, sequence = excluded.sequence,"
      " value_date = excluded.value_date"));
  return ok_status();
}

Result<StoredLoan> load_loan(store::Transaction& tx, int64_t loan_id) {
  SC_ASSIGN_OR_RETURN(store::Rows rows,
                      tx.query(std::string(kLoanColumns) + "WHERE loans.id = ?", {loan_id}));
  if (rows.empty()) {
    return Error{ErrorCode::kNotFound, "loan " + std::to_string(loan_id) + " does not exist"};
  }
  Products products;
  SC_RETURN_IF_ERROR(products.read_for(tx, rows));
  ProductCache cache;
  std::vector<StoredLoan> loans;
  SC_ASSIGN_OR_RETURN(StoredLoan loan, loan_from_row(rows[0], products, cache));
  loans.push_back(std::move(loan));
  SC_ASSIGN_OR_RETURN(store::Rows tx_rows, tx.query(std::string(kTransactionColumns) +
                                                        "WHERE loan_id = ? ORDER BY sequence",
                                                    {loan_id}));
  SC_RETURN_IF_ERROR(attach_transactions(tx_rows, loans));
  StoredLoan& stored = loans[0];
  SC_ASSIGN_OR_RETURN(const store::Rows accruals,
                      load_accrual_rows(tx, loan_id, first_accrual_date(stored)));
  for (const store::Row& row : accruals) {
    SC_ASSIGN_OR_RETURN(const Date date, parse_date(row.text(3)));
    stored.transactions.push_back(accrual_from_row(row, date));
  }
  sort_by_sequence(stored.transactions);
  return std::move(stored);
}

Result<std::vector<ledger::JournalEntry>> load_loan_ledger(store::Transaction& tx,
                                                           const StoredLoan& loan) {
  SC_ASSIGN_OR_RETURN(std::vector<ledger::JournalEntry> entries,
                      ledger::load_entries(tx, loan_subledger(loan.id)));
  SC_ASSIGN_OR_RETURN(const store::Rows accruals,
                      load_accrual_rows(tx, loan.id, first_accrual_date(loan)));
  for (const store::Row& row : accruals) {
    if (row.is_null(4)) continue;  // posted on its own before migration 14
    SC_ASSIGN_OR_RETURN(const Date date, parse_date(row.text(3)));
    SC_ASSIGN_OR_RETURN(const Currency currency, find_currency(row.text(4)));
    const AccrualAmounts amounts{row.integer(5), row.integer(6), row.integer(7)};
    SC_ASSIGN_OR_RETURN(const std::optional<ledger::JournalEntry> entry,
                        accrual_entry(loan.id, row.integer(1), date, amounts, currency));
    if (entry.has_value()) entries.push_back(*entry);
  }
  return entries;
}

Result<std::vector<StoredLoan>> load_active_loans(store::Transaction& tx, int64_t after_id,
                                                  int64_t limit) {
  SC_ASSIGN_OR_RETURN(
      store::Rows rows,
      tx.query(
          std::string(kLoanColumns) + "WHERE status = ? AND loans.id > ? ORDER BY loans.id LIMIT ?",
          {std::string(loan::loan_status_name(loan::LoanStatus::kActive)), after_id, limit}));
  std::vector<StoredLoan> loans;
  loans.reserve(rows.size());
  Products products;
  SC_RETURN_IF_ERROR(products.read_for(tx, rows));
  ProductCache cache;
  for (const store::Row& row : rows) {
    SC_ASSIGN_OR_RETURN(StoredLoan loan, loan_from_row(row, products, cache));
    loans.push_back(std::move(loan));
  }
  if (loans.empty()) return loans;
  // Every transaction but the accruals, and each loan's latest accrual: the
  // fold's state does not depend on the earlier ones (loan::replay). Two
  // queries in index order, so neither sorts.
  const store::Value first = loans.front().id;
  const store::Value last = loans.back().id;
  SC_ASSIGN_OR_RETURN(const store::Rows tx_rows,
                      tx.query(std::string(kTransactionColumns) +
                                   "WHERE loan_id >= ? AND loan_id <= ? ORDER BY loan_id, sequence",
                               {first, last}));
  SC_RETURN_IF_ERROR(attach_transactions(tx_rows, loans));
  SC_ASSIGN_OR_RETURN(const store::Rows head_rows,
                      tx.query("SELECT loan_id, id, sequence, 'accrual', value_date, '{}'"
                               " FROM loan_accrual_heads WHERE loan_id >= ? AND loan_id <= ?"
                               " ORDER BY loan_id",
                               {first, last}));
  SC_RETURN_IF_ERROR(attach_transactions(head_rows, loans));
  for (StoredLoan& loan : loans) sort_by_sequence(loan.transactions);
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
