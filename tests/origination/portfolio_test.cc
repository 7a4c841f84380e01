#include "origination/portfolio.h"

#include <gtest/gtest.h>

namespace smecredit::origination {
namespace {

Date day(const char* text) {
  return parse_date(text).value();
}

Timestamp at(const char* date, int seconds) {
  return Timestamp{std::chrono::sys_days{day(date)}} + std::chrono::seconds(seconds);
}

LoanFact loan(int64_t dpd, loan::LoanClass c, int64_t principal_minor,
              const char* status = "active") {
  return {
      .status = status, .days_past_due = dpd, .loan_class = c, .principal_minor = principal_minor};
}

TEST(PortfolioTest, NplRatioIsSubstandardAndWorseOverOutstanding) {
  const std::vector<LoanFact> loans = {
      loan(0, loan::LoanClass::kNormal, 700'000),
      loan(45, loan::LoanClass::kSpecialMention, 200'000),
      loan(120, loan::LoanClass::kSubstandard, 60'000),
      loan(400, loan::LoanClass::kLoss, 40'000),
      loan(0, loan::LoanClass::kNormal, 0, "paid-off"),  // closed loans do not count
  };
  const PortfolioSummary s = summarize_portfolio(loans, {}, day("2026-12-04"), 7);
  EXPECT_EQ(s.active_loans, 4);
  EXPECT_EQ(s.outstanding_principal_minor, 1'000'000);
  EXPECT_EQ(s.npl_basis_points, 1'000);  // (60,000 + 40,000) / 1,000,000
  ASSERT_EQ(s.dpd_buckets.size(), 6u);
  EXPECT_EQ(s.dpd_buckets[0].label, "current");
  EXPECT_EQ(s.dpd_buckets[0].count, 1);
  EXPECT_EQ(s.dpd_buckets[2].label, "31-60");
  EXPECT_EQ(s.dpd_buckets[2].amount_minor, 200'000);
  EXPECT_EQ(s.dpd_buckets[4].count, 1);  // 91-180
  EXPECT_EQ(s.dpd_buckets[5].count, 1);  // 181+
  ASSERT_EQ(s.classification.size(), 5u);
  EXPECT_EQ(s.classification[4].label, "loss");
  EXPECT_EQ(s.classification[4].amount_minor, 40'000);
  int64_t by_class = 0;
  for (const CountAndAmount& c : s.classification) by_class += c.amount_minor;
  EXPECT_EQ(by_class, s.outstanding_principal_minor);
}

TEST(PortfolioTest, ApprovalRateAndTimeToCashCountEveryApplication) {
  std::vector<ApplicationFact> applications;
  for (int i = 0; i < 10; ++i) {
    applications.push_back({.stage = Stage::kDisbursed,
                            .submitted_at = at("2026-12-01", 0),
                            .disbursed_at = at("2026-12-01", (i + 1) * 30),
                            .disbursed_minor = 1'000});
  }
  applications.push_back({.stage = Stage::kDeclined, .submitted_at = at("2026-12-02", 0)});
  applications.push_back({.stage = Stage::kReferred, .submitted_at = at("2026-12-02", 0)});
  applications.push_back({.stage = Stage::kOfferExpired, .submitted_at = at("2026-12-03", 0)});
  const PortfolioSummary s = summarize_portfolio({}, applications, day("2026-12-04"), 7);
  EXPECT_EQ(s.applications, 13);
  EXPECT_EQ(s.approved, 11);
  EXPECT_EQ(s.declined, 1);
  EXPECT_EQ(s.pending, 1);
  EXPECT_EQ(s.approval_basis_points, 9'166);  // 11 / 12, truncated
  EXPECT_EQ(s.time_to_cash_p50_ms, 150'000);  // nearest rank 5 of 30..300 s
  EXPECT_EQ(s.time_to_cash_p90_ms, 270'000);
  ASSERT_EQ(s.time_to_cash.size(), kTimeToCashBoundsSeconds.size() + 1);
  EXPECT_EQ(s.time_to_cash[0].count, 1);  // 30 s
  EXPECT_EQ(s.time_to_cash[1].count, 8);  // 60..270 s
  EXPECT_EQ(s.time_to_cash[2].count, 1);  // 300 s
  EXPECT_EQ(s.npl_basis_points, 0);
}

// Days are Beijing business days: 17:00 UTC on the 2nd is the 3rd.
TEST(PortfolioTest, DisbursementsFillEveryBusinessDayOfTheWindow) {
  const std::vector<ApplicationFact> applications = {
      {.stage = Stage::kDisbursed,
       .submitted_at = at("2026-11-20", 0),
       .disbursed_at = at("2026-11-20", 5),
       .disbursed_minor = 9'900},  // before the window
      {.stage = Stage::kDisbursed,
       .submitted_at = at("2026-12-02", 0),
       .disbursed_at = at("2026-12-02", 5),
       .disbursed_minor = 4'950},
      {.stage = Stage::kDisbursed,
       .submitted_at = at("2026-12-02", 0),
       .disbursed_at = at("2026-12-02", 50'000),
       .disbursed_minor = 50},
      {.stage = Stage::kDisbursed,
       .submitted_at = at("2026-12-02", 0),
       .disbursed_at = at("2026-12-02", 61'200),
       .disbursed_minor = 7},
  };
  const PortfolioSummary s = summarize_portfolio({}, applications, day("2026-12-04"), 3);
  ASSERT_EQ(s.disbursements_by_day.size(), 3u);
  EXPECT_EQ(s.disbursements_by_day[0].label, "2026-12-02");
  EXPECT_EQ(s.disbursements_by_day[0].count, 2);
  EXPECT_EQ(s.disbursements_by_day[0].amount_minor, 5'000);
  EXPECT_EQ(s.disbursements_by_day[1].count, 1);
  EXPECT_EQ(s.disbursements_by_day[1].amount_minor, 7);
  EXPECT_EQ(s.disbursements_by_day[2].label, "2026-12-04");
  EXPECT_EQ(s.disbursements_by_day[2].count, 0);
  EXPECT_EQ(s.time_to_cash_p50_ms, 5'000);
}

TEST(PortfolioTest, AnEmptyBookHasNoRatiosAndNoPercentiles) {
  const PortfolioSummary s = summarize_portfolio({}, {}, day("2026-12-04"), 1);
  EXPECT_EQ(s.npl_basis_points, 0);
  EXPECT_EQ(s.approval_basis_points, 0);
  EXPECT_EQ(s.time_to_cash_p50_ms, -1);
  EXPECT_EQ(s.time_to_cash_p90_ms, -1);
}

}  // namespace
}  // namespace smecredit::origination
