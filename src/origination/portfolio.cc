#include "origination/portfolio.h"

#include <algorithm>
#include <cassert>

#include "core/business_date.h"
#include "ledger/journal.h"
#include "loan/servicing.h"

namespace smecredit::origination {

namespace {

constexpr int64_t kBasisPoints = 10'000;

int64_t basis_points(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  // part <= whole <= 10^18 / 10^4 in any real book; guard the product anyway.
  if (part > INT64_MAX / kBasisPoints) return part / (whole / kBasisPoints);
  return part * kBasisPoints / whole;
}

bool is_pending(Stage stage) {
  return stage == Stage::kSubmitted || stage == Stage::kReferred ||
         stage == Stage::kAwaitingConfirmation;
}

std::vector<CountAndAmount> disbursements_by_day(const std::vector<ApplicationFact>& applications,
                                                 Date as_of, int window_days) {
  std::vector<CountAndAmount> days(static_cast<size_t>(window_days));
  const Date first = add_days(as_of, -(window_days - 1));
  for (int i = 0; i < window_days; ++i) {
    days[static_cast<size_t>(i)].label = format_date(add_days(first, i));
  }
  for (const ApplicationFact& a : applications) {
    if (!a.disbursed_at) continue;
    const Date day = business_date(*a.disbursed_at);
    const int64_t offset = days_between(first, day);
    if (offset < 0 || offset >= window_days) continue;
    CountAndAmount& slot = days[static_cast<size_t>(offset)];
    ++slot.count;
    slot.amount_minor += a.disbursed_minor;
  }
  return days;
}

std::vector<CountAndAmount> time_to_cash(const std::vector<int64_t>& sorted_ms) {
  std::vector<CountAndAmount> buckets;
  int64_t lower = 0;
  for (const int64_t upper : kTimeToCashBoundsSeconds) {
    buckets.push_back({.label = "<" + std::to_string(upper) + "s", .count = 0, .amount_minor = 0});
    lower = upper;
  }
  buckets.push_back({.label = ">=" + std::to_string(lower) + "s", .count = 0, .amount_minor = 0});
  for (const int64_t ms : sorted_ms) {
    size_t b = 0;
    while (b < kTimeToCashBoundsSeconds.size() &&
           ms >= kTimeToCashBoundsSeconds[b] * kMillisecondsPerSecond) {
      ++b;
    }
    ++buckets[b].count;
  }
  return buckets;
}

// Nearest-rank percentile of a sorted, non-empty list.
int64_t percentile(const std::vector<int64_t>& sorted, int64_t percent) {
  assert(!sorted.empty());
  const int64_t n = static_cast<int64_t>(sorted.size());
  const int64_t rank = std::max<int64_t>(1, (percent * n + 99) / 100);
  return sorted[static_cast<size_t>(std::min(rank, n) - 1)];
}

}  // namespace

PortfolioSummary summarize_portfolio(const std::vector<LoanFact>& loans,
                                     const std::vector<ApplicationFact>& applications, Date as_of,
                                     int window_days) {
  assert(window_days >= 1 && window_days <= 366);
  PortfolioSummary s;
  s.as_of = as_of;
  const loan::DpdBucketConfig buckets = loan::default_dpd_buckets();
  s.dpd_buckets.push_back({.label = "current", .count = 0, .amount_minor = 0});
  for (const loan::DpdBucket& b : buckets) {
    s.dpd_buckets.push_back({.label = b.label, .count = 0, .amount_minor = 0});
  }
  for (const loan::LoanClass c : loan::kAllLoanClasses) {
    s.classification.push_back(
        {.label = std::string(loan::loan_class_name(c)), .count = 0, .amount_minor = 0});
  }
  int64_t non_performing_minor = 0;
  for (const LoanFact& loan : loans) {
    if (loan.status != loan::loan_status_name(loan::LoanStatus::kActive)) continue;
    ++s.active_loans;
    s.outstanding_principal_minor += loan.principal_minor;
    const std::string bucket = loan::dpd_bucket(loan.days_past_due, buckets);
    for (CountAndAmount& b : s.dpd_buckets) {
      if (b.label != bucket) continue;
      ++b.count;
      b.amount_minor += loan.principal_minor;
    }
    CountAndAmount& cls = s.classification[static_cast<size_t>(loan.loan_class)];
    ++cls.count;
    cls.amount_minor += loan.principal_minor;
    if (loan.loan_class >= loan::LoanClass::kSubstandard) {
      non_performing_minor += loan.principal_minor;
    }
  }
  s.npl_basis_points = basis_points(non_performing_minor, s.outstanding_principal_minor);

  std::vector<int64_t> ms_to_cash;
  for (const ApplicationFact& a : applications) {
    ++s.applications;
    if (is_pending(a.stage)) {
      ++s.pending;
    } else if (a.stage == Stage::kDeclined) {
      ++s.declined;
    } else {
      ++s.approved;
    }
    if (a.disbursed_at) {
      const auto elapsed =
          std::chrono::duration_cast<std::chrono::milliseconds>(*a.disbursed_at - a.submitted_at);
      ms_to_cash.push_back(std::max<int64_t>(0, elapsed.count()));
    }
  }
  s.approval_basis_points = basis_points(s.approved, s.approved + s.declined);
  std::sort(ms_to_cash.begin(), ms_to_cash.end());
  s.time_to_cash = time_to_cash(ms_to_cash);
  if (!ms_to_cash.empty()) {
    s.time_to_cash_p50_ms = percentile(ms_to_cash, 50);
    s.time_to_cash_p90_ms = percentile(ms_to_cash, 90);
  }
  s.disbursements_by_day = disbursements_by_day(applications, as_of, window_days);
  return s;
}

namespace {

Result<std::vector<LoanFact>> read_loans(store::Transaction& tx) {
  const std::string principal(ledger::account_name(ledger::Account::kPrincipalReceivable));
  SC_ASSIGN_OR_RETURN(
      const store::Rows rows,
      tx.query("SELECT l.status, l.days_past_due, l.loan_class, COALESCE(b.balance, 0) "
               "FROM loans l LEFT JOIN ("
               "  SELECT e.subledger AS subledger, SUM(CASE WHEN p.side = 'debit' "
               "    THEN p.amount_minor ELSE -p.amount_minor END) AS balance "
               "  FROM journal_postings p JOIN journal_entries e ON e.id = p.entry_id "
               "  WHERE p.account = ? GROUP BY e.subledger) b "
               "ON b.subledger = 'loan:' || CAST(l.id AS TEXT)",
               {principal}));
  std::vector<LoanFact> loans;
  loans.reserve(rows.size());
  for (const store::Row& row : rows) {
    SC_ASSIGN_OR_RETURN(const loan::LoanClass loan_class, loan::parse_loan_class(row.text(2)));
    loans.push_back({.status = row.text(0),
                     .days_past_due = row.integer(1),
                     .loan_class = loan_class,
                     .principal_minor = row.integer(3)});
  }
  return loans;
}

Result<std::vector<ApplicationFact>> read_applications(store::Transaction& tx) {
  SC_ASSIGN_OR_RETURN(const store::Rows rows,
                      tx.query("SELECT a.stage, a.submitted_at, d.updated_at, d.amount_minor "
                               "FROM applications a LEFT JOIN disbursements d "
                               "ON d.application_id = a.id AND d.state = 'confirmed'",
                               {}));
  std::vector<ApplicationFact> applications;
  applications.reserve(rows.size());
  for (const store::Row& row : rows) {
    ApplicationFact a;
    SC_ASSIGN_OR_RETURN(a.stage, parse_stage(row.text(0)));
    SC_ASSIGN_OR_RETURN(a.submitted_at, parse_timestamp(row.text(1)));
    if (!row.is_null(2)) {
      SC_ASSIGN_OR_RETURN(const Timestamp at, parse_timestamp(row.text(2)));
      a.disbursed_at = at;
      a.disbursed_minor = row.integer(3);
    }
    applications.push_back(a);
  }
  return applications;
}

}  // namespace

Result<PortfolioSummary> read_portfolio_summary(store::Store& store, Date as_of, int window_days) {
  if (window_days < 1 || window_days > 366) {
    return Error{ErrorCode::kInvalidArgument, "days must be between 1 and 366"};
  }
  std::vector<LoanFact> loans;
  std::vector<ApplicationFact> applications;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(loans, read_loans(tx));
        SC_ASSIGN_OR_RETURN(applications, read_applications(tx));
        return ok_status();
      }));
  return summarize_portfolio(loans, applications, as_of, window_days);
}

}  // namespace smecredit::origination
