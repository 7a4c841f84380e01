// The portfolio at a glance, for the officers' dashboard: what is lent and
// how it performs, how applications are decided and how fast money arrives.
//
// summarize_portfolio is pure: it folds facts read from the store (one row
// per loan, one per application) into the summary. read_portfolio_summary is
// the store side: it reads loans with their principal balance from the
// journal's principal-receivable postings, and applications with their
// disbursement, in one read transaction, so the figures are consistent with
// each other.
//
// Every amount is integer fen; ratios are basis points (integer division,
// truncated), so nothing here is floating point.
//
// Example:
//   Result<PortfolioSummary> s = read_portfolio_summary(store, today, 30);
//   s.value().npl_basis_points;   // 137 = 1.37%
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "loan/classification.h"
#include "origination/workflow.h"
#include "store/store.h"

namespace smecredit::origination {

struct LoanFact {
  std::string status;  // "active", "closed", ... (loan::loan_status_name)
  int64_t days_past_due = 0;
  loan::LoanClass loan_class = loan::LoanClass::kNormal;
  int64_t principal_minor = 0;  // outstanding, from the journal
};

struct ApplicationFact {
  Stage stage = Stage::kSubmitted;
  Timestamp submitted_at = {};
  std::optional<Timestamp> disbursed_at = {};  // when the bank confirmed the money
  int64_t disbursed_minor = 0;
};

struct CountAndAmount {
  std::string label;
  int64_t count = 0;
  int64_t amount_minor = 0;
};

// Upper bounds of the time-to-cash histogram, in seconds; the last bucket is
// open-ended.
inline constexpr std::array<int64_t, 5> kTimeToCashBoundsSeconds{60, 300, 3'600, 86'400,
                                                                 604'800};  // a week
inline constexpr int64_t kMillisecondsPerSecond = 1'000;

struct PortfolioSummary {
  Date as_of = {};
  int64_t active_loans = 0;
  int64_t outstanding_principal_minor = 0;
  // Principal of substandard, doubtful and loss loans over all outstanding
  // principal (不良率), in basis points; 0 with nothing outstanding.
  int64_t npl_basis_points = 0;
  // Every business day of the window (core/business_date.h), oldest first.
  std::vector<CountAndAmount> disbursements_by_day;
  std::vector<CountAndAmount> dpd_buckets;     // "current", then the configured buckets
  std::vector<CountAndAmount> classification;  // the five classes, in order
  int64_t applications = 0;
  int64_t approved = 0;  // offered or beyond, by the engine or an officer
  int64_t declined = 0;
  int64_t pending = 0;                // submitted, referred, or awaiting a second officer
  int64_t approval_basis_points = 0;  // approved / (approved + declined)
  // Submission to confirmed disbursement: counts per bucket of
  // kTimeToCashBoundsSeconds (one more for "beyond"), and the median and
  // 90th percentile (nearest rank) in milliseconds; -1 with no disbursement.
  std::vector<CountAndAmount> time_to_cash;
  int64_t time_to_cash_p50_ms = -1;
  int64_t time_to_cash_p90_ms = -1;
};

// `window_days` (1..366) days of disbursements ending on `as_of`.
PortfolioSummary summarize_portfolio(const std::vector<LoanFact>& loans,
                                     const std::vector<ApplicationFact>& applications, Date as_of,
                                     int window_days);

Result<PortfolioSummary> read_portfolio_summary(store::Store& store, Date as_of, int window_days);

}  // namespace smecredit::origination
