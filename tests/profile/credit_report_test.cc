#include "profile/credit_report.h"

#include <gtest/gtest.h>

namespace smecredit::profile {
namespace {

constexpr int32_t kDec2025 = 2025 * 12 + 11;

MonthValues month(int32_t index, int64_t inflows) {
  MonthValues m;
  m.month_index = index;
  m.values[static_cast<size_t>(Series::kInflows)] = inflows;
  m.values[static_cast<size_t>(Series::kInvoicesIssued)] = inflows;
  m.values[static_cast<size_t>(Series::kTaxBase)] = inflows;
  return m;
}

TEST(CreditReportTest, SumsTheLastTwoYearsAndCountsEventsInTheirWindows) {
  EnterpriseHistory h;
  h.founded_month_index = 2020 * 12;
  h.registered_capital_fen = 100'000'000;
  for (int32_t i = 0; i < 30; ++i) h.months.push_back(month(kDec2025 - i, 10'000));
  h.months.push_back(month(kDec2025 + 1, 999'999));  // after the as-of month: ignored
  h.events = {{kDec2025 - 2, EventKind::kCourtDefendant, 5'000},
              {kDec2025 - 20, EventKind::kCourtDefendant, 1'000},
              {kDec2025 - 40, EventKind::kPenalty, 7}};
  const CreditReport r = build_credit_report(h, kDec2025);
  EXPECT_EQ(r.months_reported_12m, 12);
  EXPECT_EQ(r.activity[0].name, "inflows_fen");
  EXPECT_EQ(r.activity[0].last_12m, 120'000);
  EXPECT_EQ(r.activity[0].previous_12m, 120'000);
  EXPECT_EQ(r.events[0].kind, "court_defendant");
  EXPECT_EQ(r.events[0].last_12m, 1);
  EXPECT_EQ(r.events[0].last_36m, 2);
  EXPECT_EQ(r.events[0].amount_36m_fen, 6'000);
  EXPECT_EQ(r.events[4].last_36m, 0);
  const std::string json = credit_report_json(r, "ent_1");
  EXPECT_NE(json.find(R"("inflows_fen":{"last_12m":"1200.00","previous_12m":"1200.00"})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("registered_capital":"1000000.00")"), std::string::npos);
  EXPECT_NE(json.find(R"("score":)"), std::string::npos);
}

TEST(CreditReportTest, HtmlEscapesWhatItShows) {
  const CreditReport r = build_credit_report(EnterpriseHistory{}, kDec2025);
  const std::string html = credit_report_html(r, "<script>x</script>");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(CreditReportTest, ShowsTheLatestDecisionWithItsScoreAndReasons) {
  CreditReport r = build_credit_report(EnterpriseHistory{}, kDec2025);
  EXPECT_EQ(credit_report_json(r, "ent_1").find("\"decision\""), std::string::npos);
  r.decision = DecisionSummary{.application_id = "app_1",
                               .applied_at = "2026-11-22T08:00:00Z",
                               .outcome = "refer",
                               .decision_id = "dec_9",
                               .risk = {{"score", "612"}, {"grade", "C"}, {"pd", "0.031"}},
                               .reasons = {{"RF_THIN_FILE", "fewer than 12 months <reported>"}}};
  const std::string json = credit_report_json(r, "ent_1");
  EXPECT_NE(json.find(R"("decision":{"application_id":"app_1","applied_at":"2026-11-22T08:00:00Z",)"
                      R"("outcome":"refer","decision_id":"dec_9","score":"612","grade":"C",)"
                      R"("pd":"0.031","reasons":[{"code":"RF_THIN_FILE",)"),
            std::string::npos)
      << json;
  const std::string html = credit_report_html(r, "ent_1");
  EXPECT_NE(html.find("score 612 · grade C · pd 0.031"), std::string::npos) << html;
  EXPECT_NE(html.find("RF_THIN_FILE: fewer than 12 months &lt;reported&gt;"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::profile
