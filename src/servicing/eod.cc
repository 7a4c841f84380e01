#include "servicing/eod.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "ledger/journal_store.h"
#include "servicing/loan_repository.h"
#include "servicing/posting_rules.h"

namespace smecredit::servicing {

namespace {

// What EOD does to one loan on one date, computed without I/O.
struct LoanOutcome {
  std::optional<loan::LoanTransaction> accrual;
  std::optional<ledger::JournalEntry> entry;
  std::optional<loan::LoanState> state;  // set when the summary row changes
  std::optional<Error> error;
};

bool summary_changed(const StoredLoan& loan, const loan::LoanState& state) {
  return loan.status != loan::loan_status_name(state.status) ||
         loan.days_past_due != state.days_past_due ||
         loan.loan_class != loan::loan_class_name(state.loan_class);
}

bool has_later_transaction(const StoredLoan& loan, Date date) {
  return std::any_of(loan.transactions.begin(), loan.transactions.end(),
                     [&](const loan::LoanTransaction& t) { return t.value_date > date; });
}

// One replay to the date, with an accrual checkpoint appended when the loan
// runs and nothing is recorded after the date; the checkpoint is kept only
// when it recognises something (interest, fees falling due, penalty).
Result<LoanOutcome> compute_outcome(const StoredLoan& loan, Date date,
                                    const loan::ServicingConfig& config) {
  LoanOutcome out;
  if (date < loan.terms.start) return out;
  const bool checkpoint = loan.status == loan::loan_status_name(loan::LoanStatus::kActive) &&
                          !has_later_transaction(loan, date);
  std::vector<loan::LoanTransaction> transactions = loan.transactions;
  if (checkpoint) {
    transactions.push_back(loan::accrual(next_transaction_id(loan), next_sequence(loan), date));
  }
  SC_ASSIGN_OR_RETURN(loan::LoanState state, loan::replay(loan.terms, transactions, date, config));
  if (checkpoint) {
    SC_ASSIGN_OR_RETURN(out.entry,
                        entry_for(loan.id, state.summaries.back(), loan.terms.product.currency));
    if (out.entry.has_value()) out.accrual = transactions.back();
  }
  if (out.accrual.has_value() || summary_changed(loan, state)) out.state = std::move(state);
  return out;
}

std::vector<LoanOutcome> compute_chunk(const std::vector<StoredLoan>& loans, Date date,
                                       const EodOptions& options) {
  std::vector<LoanOutcome> outcomes(loans.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < loans.size(); i = next++) {
      Result<LoanOutcome> r = compute_outcome(loans[i], date, options.config);
      if (r.ok()) {
        outcomes[i] = std::move(r).value();
      } else {
        outcomes[i].error = r.error();
      }
    }
  };
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const size_t workers = std::min<size_t>(
      loans.size(), options.workers > 0 ? static_cast<size_t>(options.workers) : hardware);
  std::vector<std::jthread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  return outcomes;
}

std::string eod_event(Date date, const loan::LoanState& state, const LoanOutcome& outcome,
                      Currency currency) {
  loan::AccountingSummary accrued;
  if (outcome.accrual.has_value()) accrued = state.summaries.back();
  const auto money = [&](int64_t minor) {
    return Money::from_minor_units(minor, currency).to_string();
  };
  return "{\"business_date\":\"" + format_date(date) + "\",\"status\":\"" +
         std::string(loan::loan_status_name(state.status)) +
         "\",\"days_past_due\":" + std::to_string(state.days_past_due) + ",\"loan_class\":\"" +
         std::string(loan::loan_class_name(state.loan_class)) + "\",\"interest_accrued\":\"" +
         money(accrued.interest_accrued_minor) + "\",\"fees_accrued\":\"" +
         money(accrued.fees_accrued_minor) + "\",\"penalty_accrued\":\"" +
         money(accrued.penalty_accrued_minor) + "\"}";
}

std::string failed_event(Date date, const Error& error) {
  std::string message;
  for (char c : error.message) {
    if (c == '"' || c == '\\') message += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) message += c;
  }
  return "{\"business_date\":\"" + format_date(date) + "\",\"error\":\"" + message + "\"}";
}

Status write_outcome(store::Transaction& tx, const StoredLoan& loan, const LoanOutcome& outcome,
                     Date date, Timestamp now, EodReport& report) {
  if (outcome.error.has_value()) {
    ++report.loans_failed;
    SC_RETURN_IF_ERROR(
        insert_loan_event(tx, loan.id, "loan.eod_failed", failed_event(date, *outcome.error), now));
  }
  if (outcome.accrual.has_value()) {
    SC_RETURN_IF_ERROR(append_transaction(tx, loan.id, *outcome.accrual, now));
    ++report.accruals_posted;
  }
  if (outcome.entry.has_value()) SC_RETURN_IF_ERROR(ledger::post_entry(tx, *outcome.entry, now));
  if (outcome.state.has_value()) {
    SC_RETURN_IF_ERROR(update_loan_summary(tx, loan.id, loan.row_version, *outcome.state));
    SC_RETURN_IF_ERROR(insert_loan_event(
        tx, loan.id, "loan.eod",
        eod_event(date, *outcome.state, outcome, loan.terms.product.currency), now));
  }
  SC_RETURN_IF_ERROR(tx.execute("INSERT INTO eod_progress (business_date, loan_id) VALUES (?, ?)",
                                {format_date(date), loan.id}));
  ++report.loans_processed;
  return ok_status();
}

// One chunk in one store transaction; returns how many loans it held.
Result<int64_t> run_chunk(store::Store& store, Date date, Timestamp now, const EodOptions& options,
                          int64_t& after_id, EodReport& report) {
  int64_t count = 0;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            const std::vector<StoredLoan> loans,
            load_loans_pending_eod(tx, format_date(date), after_id, options.chunk_size));
        const std::vector<LoanOutcome> outcomes = compute_chunk(loans, date, options);
        for (size_t i = 0; i < loans.size(); ++i) {
          SC_RETURN_IF_ERROR(write_outcome(tx, loans[i], outcomes[i], date, now, report));
        }
        count = static_cast<int64_t>(loans.size());
        if (!loans.empty()) after_id = loans.back().id;
        return ok_status();
      }));
  return count;
}

Result<int64_t> count_query(store::Store& store, std::string_view sql,
                            const std::vector<store::Value>& params) {
  int64_t count = 0;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(const store::Rows rows, tx.query(sql, params));
        count = rows.empty() || rows[0].is_null(0) ? 0 : rows[0].integer(0);
        return ok_status();
      }));
  return count;
}

Status mark_date_complete(store::Store& store, Date date, Timestamp now) {
  return store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(
        const store::Rows rows,
        tx.query("SELECT COUNT(*) FROM eod_progress WHERE business_date = ?", {format_date(date)}));
    SC_RETURN_IF_ERROR(
        tx.execute("INSERT INTO eod_runs (business_date, loans, completed_at) VALUES (?, ?, ?)",
                   {format_date(date), rows[0].integer(0), format_timestamp(now)}));
    return ok_status();
  });
}

// Runs one date to completion or to the chunk limit; true when complete.
Result<bool> run_date(store::Store& store, Date date, Timestamp now, const EodOptions& options,
                      int64_t& chunks_left, EodReport& report) {
  SC_ASSIGN_OR_RETURN(
      const int64_t total,
      count_query(
          store,
          "SELECT COUNT(*) FROM loans WHERE status = ? OR id IN (SELECT loan_id FROM"
          " eod_progress WHERE business_date = ?)",
          {std::string(loan::loan_status_name(loan::LoanStatus::kActive)), format_date(date)}));
  SC_ASSIGN_OR_RETURN(
      int64_t done, count_query(store, "SELECT COUNT(*) FROM eod_progress WHERE business_date = ?",
                                {format_date(date)}));
  int64_t after_id = 0;
  while (true) {
    if (chunks_left == 0) return false;
    SC_ASSIGN_OR_RETURN(const int64_t processed,
                        run_chunk(store, date, now, options, after_id, report));
    if (processed == 0) break;
    if (chunks_left > 0) --chunks_left;
    done += processed;
    if (options.on_progress) options.on_progress(date, done, total);
  }
  SC_RETURN_IF_ERROR(mark_date_complete(store, date, now));
  return true;
}

Result<std::optional<Date>> date_query(store::Store& store, std::string_view sql) {
  std::optional<Date> date;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(const store::Rows rows, tx.query(sql, {}));
        if (rows.empty() || rows[0].is_null(0)) return ok_status();
        SC_ASSIGN_OR_RETURN(date, parse_date(rows[0].text(0)));
        return ok_status();
      }));
  return date;
}

// The day after the last completed date; else the date a first, interrupted
// run started; else `business_date`.
Result<Date> first_date_to_run(store::Store& store, Date business_date) {
  SC_ASSIGN_OR_RETURN(const std::optional<Date> last,
                      date_query(store, "SELECT MAX(business_date) FROM eod_runs"));
  if (last.has_value()) return add_days(*last, 1);
  SC_ASSIGN_OR_RETURN(const std::optional<Date> started,
                      date_query(store, "SELECT MIN(business_date) FROM eod_progress"));
  return started.has_value() ? std::min(*started, business_date) : business_date;
}

}  // namespace

Result<EodReport> run_eod(store::Store& store, Date business_date, Timestamp now,
                          const EodOptions& options) {
  if (options.chunk_size < 1) {
    return Error{ErrorCode::kInvalidArgument, "chunk_size must be at least 1"};
  }
  SC_ASSIGN_OR_RETURN(Date date, first_date_to_run(store, business_date));
  EodReport report;
  int64_t chunks_left = options.max_chunks;
  for (; date <= business_date; date = add_days(date, 1)) {
    SC_ASSIGN_OR_RETURN(const bool complete,
                        run_date(store, date, now, options, chunks_left, report));
    if (!complete) {
      report.stopped_early = true;
      return report;
    }
    report.dates_completed.push_back(date);
  }
  return report;
}

}  // namespace smecredit::servicing
