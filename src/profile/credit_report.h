// The digital credit report (数字信用报告) of one enterprise as of a month:
// what a risk officer reads before deciding, built from the same history the
// decision uses — registration facts, activity over the last twelve months
// with year-on-year change, judicial and administrative events, the
// guarantee and trade relationships, the cross-verification flags with the
// consistency score, and the feature catalogue's values.
//
// Renders as JSON (for the API and tools) or as a self-contained HTML page
// (for people; every text is escaped). Amounts are exact yuan strings
// converted from integer fen; ratios are decimals with 4 places.
//
// Example:
//   CreditReport report = build_credit_report(history, as_of_month);
//   std::string json = credit_report_json(report, "ent_…");
//
// Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profile/cross_check.h"
#include "profile/features.h"

namespace smecredit::profile {

struct ActivityLine {
  std::string name;      // "inflows", "invoiced_sales", …
  int64_t last_12m = 0;  // fen, kWh or people-months
  int64_t previous_12m = 0;
};

struct EventCount {
  std::string kind;  // "court_defendant", "enforcement", …
  int64_t last_12m = 0;
  int64_t last_36m = 0;
  int64_t amount_36m_fen = 0;
};

struct CreditReport {
  int32_t as_of_month = 0;
  int32_t founded_month = 0;
  int64_t registered_capital_fen = 0;
  int64_t declared_employees = 0;
  int64_t months_reported_12m = 0;
  std::vector<ActivityLine> activity;
  std::vector<EventCount> events;
  GraphFacts graph;
  CrossCheck cross_check;
  std::vector<std::pair<std::string, double>> features;  // catalogue order; NaN: n/a
};

CreditReport build_credit_report(const EnterpriseHistory& history, int32_t as_of_month);

std::string credit_report_json(const CreditReport& report, std::string_view enterprise_id);
std::string credit_report_html(const CreditReport& report, std::string_view enterprise_id);

}  // namespace smecredit::profile
