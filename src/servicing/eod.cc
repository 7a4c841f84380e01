#include "servicing/eod.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "ledger/journal_store.h"
#include "loan/classification.h"
#include "servicing/loan_repository.h"
#include "servicing/posting_rules.h"

namespace smecredit::servicing {

namespace {

// What EOD does to one loan on one date, computed without I/O.
struct LoanOutcome {
  std::optional<loan::LoanTransaction> accrual;  // set when it recognises something
  AccrualAmounts amounts;
  std::optional<loan::LoanState> state;  // set when status, DPD or class changes
  bool notify = false;                   // status, DPD bucket or class changed
  std::optional<Error> error;
};

bool summary_changed(const StoredLoan& loan, const loan::LoanState& state) {
  return loan.status != loan::loan_status_name(state.status) ||
         loan.days_past_due != state.days_past_due ||
         loan.loan_class != loan::loan_class_name(state.loan_class);
}

// The loan row follows days past due every day; an event marks only what
// collections and reporting act on — a change of status, DPD bucket or class
// — so an overdue book does not write an event per loan per day.
bool worth_an_event(const StoredLoan& loan, const loan::LoanState& state,
                    const loan::ServicingConfig& config) {
  return loan.status != loan::loan_status_name(state.status) ||
         loan.loan_class != loan::loan_class_name(state.loan_class) ||
         loan::dpd_bucket(loan.days_past_due, config.dpd_buckets) != state.dpd_bucket;
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
    SC_ASSIGN_OR_RETURN(out.amounts, accrual_amounts(state.summaries.back()));
    if (out.amounts.any()) out.accrual = transactions.back();
  }
  if (summary_changed(loan, state)) {
    out.notify = worth_an_event(loan, state, config);
    out.state = std::move(state);
  }
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

// What a chunk writes, gathered so that the accruals go in a few multi-row
// statements and the journal gets their sums per currency.
struct ChunkWrites {
  std::vector<AccrualRecord> accruals;
  std::vector<std::pair<Currency, AccrualAmounts>> sums;

  Status add(int64_t loan_id, loan::LoanTransaction accrual, Currency currency,
             const AccrualAmounts& amounts) {
    auto sum =
        std::find_if(sums.begin(), sums.end(), [&](const auto& s) { return s.first == currency; });
    if (sum == sums.end()) sum = sums.insert(sums.end(), {currency, AccrualAmounts{}});
    SC_RETURN_IF_ERROR(add_accrual(sum->second, amounts));
    accruals.push_back({loan_id, std::move(accrual), currency, amounts});
    return ok_status();
  }

  // One entry per currency for the chunk's loans (first_id..last_id).
  Result<std::vector<ledger::JournalEntry>> entries(Date date, int64_t first_id,
                                                    int64_t last_id) const {
    std::vector<ledger::JournalEntry> out;
    for (const auto& [currency, sum] : sums) {
      SC_ASSIGN_OR_RETURN(const std::optional<ledger::JournalEntry> entry,
                          accrual_batch_entry(date, first_id, last_id, sum, currency));
      if (entry.has_value()) out.push_back(*entry);
    }
    return out;
  }
};

Status write_outcome(store::Transaction& tx, const StoredLoan& loan, LoanOutcome& outcome,
                     Date date, Timestamp now, ChunkWrites& writes, EodReport& report) {
  if (outcome.error.has_value()) {
    ++report.loans_failed;
    SC_RETURN_IF_ERROR(
        insert_loan_event(tx, loan.id, "loan.eod_failed", failed_event(date, *outcome.error), now));
  }
  if (outcome.state.has_value()) {
    SC_RETURN_IF_ERROR(update_loan_summary(tx, loan.id, loan.row_version, *outcome.state));
  }
  if (outcome.notify) {
    SC_RETURN_IF_ERROR(insert_loan_event(
        tx, loan.id, "loan.eod",
        eod_event(date, *outcome.state, outcome, loan.terms.product.currency), now));
  }
  if (outcome.accrual.has_value()) {
    SC_RETURN_IF_ERROR(writes.add(loan.id, std::move(*outcome.accrual), loan.terms.product.currency,
                                  outcome.amounts));
    ++report.accruals_posted;
  }
  ++report.loans_processed;
  return ok_status();
}

// Moves the date's cursor from `from_id` to `to_id`, counting `loans`; a
// cursor moved by someone else since it was read is kConflict (so two runs
// cannot both do a chunk).
Status advance_cursor(store::Transaction& tx, Date date, int64_t from_id, int64_t to_id,
                      int64_t loans) {
  SC_ASSIGN_OR_RETURN(
      const int64_t changed,
      tx.execute("INSERT INTO eod_cursor (business_date, last_loan_id, loans_done) VALUES (?, ?, ?)"
                 " ON CONFLICT (business_date) DO UPDATE SET last_loan_id = excluded.last_loan_id,"
                 " loans_done = eod_cursor.loans_done + excluded.loans_done"
                 " WHERE eod_cursor.last_loan_id = ?",
                 {format_date(date), to_id, loans, from_id}));
  return store::expect_one_row_changed(changed, "end-of-day cursor for " + format_date(date));
}

// The date's cursor: the last loan id done and how many are done.
struct Cursor {
  int64_t last_loan_id = 0;
  int64_t loans_done = 0;
};

Result<Cursor> read_cursor(store::Transaction& tx, Date date) {
  SC_ASSIGN_OR_RETURN(const store::Rows rows,
                      tx.query("SELECT last_loan_id, loans_done FROM eod_cursor"
                               " WHERE business_date = ?",
                               {format_date(date)}));
  if (rows.empty()) return Cursor{};
  return Cursor{rows[0].integer(0), rows[0].integer(1)};
}

// A chunk read (in a read-only transaction) and folded ahead of its write.
struct PreparedChunk {
  int64_t after_id = 0;  // the cursor it was read after
  std::vector<StoredLoan> loans;
  std::vector<LoanOutcome> outcomes;
};

Status prepare_in(store::Transaction& tx, Date date, const EodOptions& options,
                  PreparedChunk& chunk) {
  SC_ASSIGN_OR_RETURN(chunk.loans, load_active_loans(tx, chunk.after_id, options.chunk_size));
  chunk.outcomes = compute_chunk(chunk.loans, date, options);
  return ok_status();
}

Result<PreparedChunk> prepare_chunk(store::Store& store, Date date, int64_t after_id,
                                    const EodOptions& options) {
  PreparedChunk chunk;
  chunk.after_id = after_id;
  SC_RETURN_IF_ERROR(store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) {
    return prepare_in(tx, date, options, chunk);
  }));
  return chunk;
}

// True when, inside the write transaction, the chunk still starts at the
// cursor and its loans are exactly the active loans of its id range at the
// row versions read (every loan change bumps row_version). Otherwise a
// transaction landed in between and the chunk is read and folded again.
Result<bool> still_current(store::Transaction& tx, const PreparedChunk& chunk, int64_t cursor) {
  if (chunk.after_id != cursor) return false;
  if (chunk.loans.empty()) return true;
  SC_ASSIGN_OR_RETURN(const store::Rows rows,
                      tx.query("SELECT id, row_version FROM loans WHERE status = ? AND id > ?"
                               " AND id <= ? ORDER BY id",
                               {std::string(loan::loan_status_name(loan::LoanStatus::kActive)),
                                chunk.after_id, chunk.loans.back().id}));
  if (rows.size() != chunk.loans.size()) return false;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].integer(0) != chunk.loans[i].id ||
        rows[i].integer(1) != chunk.loans[i].row_version) {
      return false;
    }
  }
  return true;
}

// Writes one prepared chunk in one store transaction, with the date's cursor;
// returns the loans written.
Result<int64_t> write_chunk(store::Store& store, Date date, Timestamp now,
                            const EodOptions& options, PreparedChunk& chunk, EodReport& report) {
  int64_t count = 0;
  EodReport counted;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        counted = {};
        SC_ASSIGN_OR_RETURN(const Cursor cursor, read_cursor(tx, date));
        SC_ASSIGN_OR_RETURN(const bool current, still_current(tx, chunk, cursor.last_loan_id));
        if (!current) {
          chunk = PreparedChunk{cursor.last_loan_id, {}, {}};
          SC_RETURN_IF_ERROR(prepare_in(tx, date, options, chunk));
        }
        if (chunk.loans.empty()) return ok_status();
        ChunkWrites writes;
        for (size_t i = 0; i < chunk.loans.size(); ++i) {
          SC_RETURN_IF_ERROR(
              write_outcome(tx, chunk.loans[i], chunk.outcomes[i], date, now, writes, counted));
        }
        SC_RETURN_IF_ERROR(append_accruals(tx, writes.accruals, now));
        SC_ASSIGN_OR_RETURN(const std::vector<ledger::JournalEntry> entries,
                            writes.entries(date, chunk.loans.front().id, chunk.loans.back().id));
        SC_RETURN_IF_ERROR(ledger::post_entries(tx, entries, now));
        count = static_cast<int64_t>(chunk.loans.size());
        return advance_cursor(tx, date, cursor.last_loan_id, chunk.loans.back().id, count);
      }));
  report.loans_processed += counted.loans_processed;
  report.accruals_posted += counted.accruals_posted;
  report.loans_failed += counted.loans_failed;
  return count;
}

Status mark_date_complete(store::Store& store, Date date, Timestamp now) {
  return store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_RETURN_IF_ERROR(check_accrual_control(tx, date));
    SC_ASSIGN_OR_RETURN(const Cursor cursor, read_cursor(tx, date));
    SC_RETURN_IF_ERROR(
        tx.execute("INSERT INTO eod_runs (business_date, loans, completed_at) VALUES (?, ?, ?)",
                   {format_date(date), cursor.loans_done, format_timestamp(now)}));
    return ok_status();
  });
}

// The loans a date covers: those done plus the active ones after the cursor.
Result<Cursor> date_totals(store::Store& store, Date date, int64_t& total) {
  Cursor cursor;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(cursor, read_cursor(tx, date));
        SC_ASSIGN_OR_RETURN(
            const store::Rows rows,
            tx.query("SELECT COUNT(*) FROM loans WHERE status = ? AND id > ?",
                     {std::string(loan::loan_status_name(loan::LoanStatus::kActive)),
                      cursor.last_loan_id}));
        total = cursor.loans_done + rows[0].integer(0);
        return ok_status();
      }));
  return cursor;
}

// The last id of the chunk of active loans after `after_id`; nullopt when
// there is none. An index-only read, so chunks can be handed out ahead.
Result<std::optional<int64_t>> chunk_end(store::Store& store, int64_t after_id,
                                         int64_t chunk_size) {
  std::optional<int64_t> end;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            const store::Rows rows,
            tx.query("SELECT MAX(id) FROM (SELECT id FROM loans WHERE status = ? AND id > ?"
                     " ORDER BY id LIMIT ?) AS chunk",
                     {std::string(loan::loan_status_name(loan::LoanStatus::kActive)), after_id,
                      chunk_size}));
        if (!rows.empty() && !rows[0].is_null(0)) end = rows[0].integer(0);
        return ok_status();
      }));
  return end;
}

// Chunks read and folded ahead of the one being written, each on a thread of
// its own with its own read-only transaction. Two ahead keep both cores busy
// while the single writer writes; bounded, so memory is too.
class ChunkPipeline {
 public:
  static constexpr size_t kChunksAhead = 2;

  ChunkPipeline(store::Store& store, Date date, const EodOptions& options, int64_t after_id)
      : store_(store), date_(date), options_(options), next_after_(after_id) {}

  // The next chunk in id order. After the last one, an empty chunk: its
  // write finds whatever turned active meanwhile, or nothing.
  Result<PreparedChunk> next() {
    SC_RETURN_IF_ERROR(fill());
    if (ahead_.empty()) return PreparedChunk{next_after_, {}, {}};
    std::future<Result<PreparedChunk>> front = std::move(ahead_.front());
    ahead_.pop_front();
    SC_RETURN_IF_ERROR(fill());
    return front.get();
  }

 private:
  Status fill() {
    while (ahead_.size() < kChunksAhead && !exhausted_) {
      SC_ASSIGN_OR_RETURN(const std::optional<int64_t> end,
                          chunk_end(store_, next_after_, options_.chunk_size));
      if (!end.has_value()) {
        exhausted_ = true;
        break;
      }
      ahead_.push_back(std::async(std::launch::async, [this, after = next_after_] {
        return prepare_chunk(store_, date_, after, options_);
      }));
      next_after_ = *end;
    }
    return ok_status();
  }

  store::Store& store_;
  const Date date_;
  const EodOptions& options_;
  int64_t next_after_;
  bool exhausted_ = false;
  // Futures of std::async: destroying one waits for its thread.
  std::deque<std::future<Result<PreparedChunk>>> ahead_;
};

// Runs one date to completion or to the chunk limit; true when complete.
// The chunks ahead are read and folded while the current one is written (see
// ChunkPipeline); a write re-checks its chunk and folds it again if anything
// changed since it was read.
Result<bool> run_date(store::Store& store, Date date, Timestamp now, const EodOptions& options,
                      int64_t& chunks_left, EodReport& report) {
  int64_t total = 0;
  SC_ASSIGN_OR_RETURN(const Cursor start, date_totals(store, date, total));
  int64_t done = start.loans_done;
  ChunkPipeline pipeline(store, date, options, start.last_loan_id);
  while (true) {
    if (chunks_left == 0) return false;
    SC_ASSIGN_OR_RETURN(PreparedChunk chunk, pipeline.next());
    SC_ASSIGN_OR_RETURN(const int64_t written,
                        write_chunk(store, date, now, options, chunk, report));
    if (written == 0) break;
    if (chunks_left > 0) --chunks_left;
    done += written;
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
                      date_query(store, "SELECT MIN(business_date) FROM eod_cursor"));
  return started.has_value() ? std::min(*started, business_date) : business_date;
}

using AccrualSums = std::map<std::string, AccrualAmounts>;

Result<AccrualSums> accrual_row_sums(store::Transaction& tx, Date date) {
  SC_ASSIGN_OR_RETURN(const store::Rows rows,
                      tx.query("SELECT currency, SUM(interest_minor), SUM(fees_minor),"
                               " SUM(penalty_minor) FROM loan_accruals WHERE value_date = ?"
                               " AND currency IS NOT NULL GROUP BY currency",
                               {format_date(date)}));
  AccrualSums sums;
  for (const store::Row& row : rows) {
    sums[row.text(0)] = {row.integer(1), row.integer(2), row.integer(3)};
  }
  return sums;
}

// The batch entries' receivable sides (each entry is receivables against
// income, so they say it all; make_entry made them balance).
Result<AccrualSums> accrual_journal_sums(store::Transaction& tx, Date date) {
  SC_ASSIGN_OR_RETURN(
      const store::Rows rows,
      tx.query("SELECT e.currency, p.account, SUM(CASE WHEN p.side = 'debit' THEN p.amount_minor"
               " ELSE -p.amount_minor END) FROM journal_entries e JOIN journal_postings p"
               " ON p.entry_id = e.id WHERE e.value_date = ? AND e.subledger = ?"
               " GROUP BY e.currency, p.account",
               {format_date(date), std::string(kAccrualBatchSubledger)}));
  AccrualSums sums;
  for (const store::Row& row : rows) {
    SC_ASSIGN_OR_RETURN(const ledger::Account account, ledger::parse_account(row.text(1)));
    AccrualAmounts& sum = sums[row.text(0)];
    if (account == ledger::Account::kInterestReceivable) sum.interest_minor = row.integer(2);
    if (account == ledger::Account::kFeeReceivable) sum.fees_minor = row.integer(2);
    if (account == ledger::Account::kPenaltyReceivable) sum.penalty_minor = row.integer(2);
  }
  return sums;
}

}  // namespace

Status check_accrual_control(store::Transaction& tx, Date date) {
  SC_ASSIGN_OR_RETURN(const AccrualSums rows, accrual_row_sums(tx, date));
  SC_ASSIGN_OR_RETURN(const AccrualSums journal, accrual_journal_sums(tx, date));
  std::set<std::string> currencies;
  for (const auto& entry : rows) currencies.insert(entry.first);
  for (const auto& entry : journal) currencies.insert(entry.first);
  for (const std::string& currency : currencies) {
    const auto r = rows.find(currency);
    const auto j = journal.find(currency);
    const AccrualAmounts held = r == rows.end() ? AccrualAmounts{} : r->second;
    const AccrualAmounts posted = j == journal.end() ? AccrualAmounts{} : j->second;
    if (held == posted) continue;
    return Error{
        ErrorCode::kFailedPrecondition,
        "accruals of " + format_date(date) + " in " + currency + " sum to interest " +
            std::to_string(held.interest_minor) + ", fees " + std::to_string(held.fees_minor) +
            ", penalty " + std::to_string(held.penalty_minor) +
            " (minor units) but the journal holds " + std::to_string(posted.interest_minor) + ", " +
            std::to_string(posted.fees_minor) + ", " + std::to_string(posted.penalty_minor)};
  }
  return ok_status();
}

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
