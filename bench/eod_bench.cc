// `smecredit bench eod [--loans N] [--days D] [--json]`: the end-of-day batch
// with persistence on SQLite. Creates N synthetic active loans (12,000.00
// over 12 months from 2024-01-01; every loan but each tenth repays each
// installment on time, so a tenth are overdue) in a fresh database under the
// system temporary directory — bulk inserted and not timed — then times D
// consecutive EOD dates from 2024-02-10: for every loan the replay, the
// day's accrual (interest, and penalty on the overdue tenth) and its share of
// the chunk's journal entry; DPD, class and an event for the overdue tenth;
// the cursor. With D > 1 it also reports the first, last, median and slowest
// date's rate, to show whether a date's cost grows as the book ages.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench/benchmarks.h"
#include "servicing/eod.h"
#include "servicing/loan_repository.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kProductJson = R"({
  "code": "BENCH-12M", "version": 1, "currency": "CNY",
  "amount": {"min": "1000.00", "max": "1000000.00"},
  "term": {"min_installments": 12, "max_installments": 12},
  "security": {"type": "unsecured"},
  "repayment": {"method": "equal-installment", "frequency": "monthly",
    "interest": "per-period", "days_in_year": 365, "rounding": "half-even",
    "installment_multiple": 0, "grace_principal": 0, "grace_interest": 0},
  "fees": {"upfront": {"type": "fixed", "value": "0.00"},
           "per_installment": {"type": "fixed", "value": "0.00"}},
  "penalty": {"rate_multiplier": "1.5"},
  "allocation_order": ["penalty", "fees", "interest", "principal"],
  "prepayment": {"fee_percent": "0", "mode": "keep-term-lower-installment"},
  "apr_cap_percent": "24"})";

Result<loan::LoanTerms> bench_terms() {
  loan::LoanTerms terms;
  SC_ASSIGN_OR_RETURN(terms.product, loan::parse_product_json(kProductJson));
  terms.principal = Money::from_minor_units(1'200'000, kCny);
  terms.annual_rate_percent = Decimal::from_int(12);
  terms.installments = 12;
  SC_ASSIGN_OR_RETURN(terms.start, parse_date("2024-01-01"));
  SC_ASSIGN_OR_RETURN(terms.first_due, parse_date("2024-02-01"));
  return terms;
}

// Every loan but each tenth pays each installment falling due by `last` on
// its due date (1,066.19; the twelfth, which differs, falls after any date
// the benchmark runs).
Status insert_loan(store::Transaction& tx, const loan::LoanTerms& terms, int64_t n, Date last,
                   Timestamp now) {
  SC_ASSIGN_OR_RETURN(const int64_t id,
                      servicing::create_loan(tx, "BENCH-" + std::to_string(n), terms, now));
  SC_RETURN_IF_ERROR(servicing::append_transaction(
      tx, id, loan::disbursement(1, 1, terms.start, terms.principal), now));
  for (int64_t k = 0; n % 10 != 0 && k < terms.installments - 1; ++k) {
    const Date due = add_months_clamped(terms.first_due, static_cast<int>(k));
    if (due > last) break;
    SC_RETURN_IF_ERROR(servicing::append_transaction(
        tx, id, loan::repayment(k + 2, k + 2, due, Money::from_minor_units(106'619, kCny)), now));
  }
  SC_ASSIGN_OR_RETURN(const int64_t changed,
                      tx.execute("UPDATE loans SET status = 'active' WHERE id = ?", {id}));
  return store::expect_one_row_changed(changed, "loan");
}

Status seed(store::Store& store, int64_t loans, Date last, Timestamp now) {
  SC_ASSIGN_OR_RETURN(const loan::LoanTerms terms, bench_terms());
  constexpr int64_t kPerTransaction = 10'000;
  for (int64_t first = 0; first < loans; first += kPerTransaction) {
    SC_RETURN_IF_ERROR(
        store.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
          for (int64_t n = first; n < std::min(loans, first + kPerTransaction); ++n) {
            SC_RETURN_IF_ERROR(insert_loan(tx, terms, n, last, now));
          }
          return ok_status();
        }));
  }
  return ok_status();
}

Result<std::vector<Figure>> run_eod_benchmark(int64_t loans, int64_t days) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("smecredit-bench-eod-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const Timestamp now{std::chrono::seconds{1'700'000'000}};
  Result<std::vector<Figure>> figures = Error{ErrorCode::kInternal, "not run"};
  {
    SC_ASSIGN_OR_RETURN(auto store, store::SqliteStore::open({.path = (dir / "eod.db").string()}));
    SC_RETURN_IF_ERROR(store::migrate(*store, store::builtin_migrations(), now));
    SC_ASSIGN_OR_RETURN(const Date first, parse_date("2024-02-10"));
    SC_RETURN_IF_ERROR(seed(*store, loans, add_days(first, days - 1), now));
    int64_t processed = 0;
    double seconds = 0;
    std::vector<double> per_day_seconds;
    for (int64_t d = 0; d < days; ++d) {
      const auto start = SteadyClock::now();
      SC_ASSIGN_OR_RETURN(const servicing::EodReport report,
                          servicing::run_eod(*store, add_days(first, d), now));
      per_day_seconds.push_back(seconds_since(start));
      seconds += per_day_seconds.back();
      processed += report.loans_processed;
    }
    const int64_t loans_per_date = processed / days;  // every date processes every loan
    figures = std::vector<Figure>{{"loans", loans_per_date},
                                  {"days", days},
                                  {"seconds", seconds},
                                  {"loans_per_s", static_cast<double>(processed) / seconds}};
    if (days > 1) {
      const auto per_day = static_cast<double>(loans_per_date);
      figures.value().push_back({"first_day_loans_per_s", per_day / per_day_seconds.front()});
      figures.value().push_back({"last_day_loans_per_s", per_day / per_day_seconds.back()});
      std::vector<double> sorted = per_day_seconds;
      std::sort(sorted.begin(), sorted.end());
      figures.value().push_back({"median_day_loans_per_s", per_day / sorted[sorted.size() / 2]});
      figures.value().push_back({"slowest_day_loans_per_s", per_day / sorted.back()});
    }
  }
  std::filesystem::remove_all(dir);
  return figures;
}

}  // namespace

void add_eod_benchmark(CLI::App& bench, int* exit_code) {
  struct Options {
    bool json = false;
    int64_t loans = 1'000'000;
    int64_t days = 1;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      bench.add_subcommand("eod", "One end-of-day date over N active loans on SQLite");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--loans", options->loans, "Active loans to create")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  command->add_option("--days", options->days, "Consecutive business dates to run")
      ->check(CLI::Range(int64_t{1}, int64_t{300}));
  command->callback([options, exit_code] {
    const Result<std::vector<Figure>> figures = run_eod_benchmark(options->loans, options->days);
    if (!figures.ok()) {
      std::fprintf(stderr, "smecredit bench eod: %s\n", figures.error().to_string().c_str());
      *exit_code = 1;
      return;
    }
    print_figures(options->json, figures.value());
    *exit_code = 0;
  });
}

}  // namespace smecredit::bench
