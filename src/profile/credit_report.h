// The digital credit report (数字信用报告) of one enterprise as of a month:
// what a risk officer reads before deciding, built from the same history the
// decision uses — registration facts, activity over the last twelve months
// with year-on-year change, judicial and administrative events, the
// guarantee and trade relationships, the cross-verification flags with the
// consistency score, the feature catalogue's values, and — once the
// enterprise has applied — the latest decision: its outcome, the model's
// score, grade and probability of default, and its reasons.
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
#include <optional>
#include <string>
#include <utility>
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

// The latest credit decision on the enterprise, as the decision engine
// recorded it (the caller reads it from the store).
struct DecisionSummary {
  std::string application_id;
  std::string applied_at;
  std::string outcome;      // approve, decline, refer
  std::string decision_id;  // the decision record, for replay
  // The policy's outputs that describe the enterprise's risk, in this
  // order when present: score, grade, pd (as the record holds them).
  std::vector<std::pair<std::string, std::string>> risk;
  std::vector<std::pair<std::string, std::string>> reasons;  // code, readable text
};

inline constexpr size_t kMaxReportEdges = 200;

struct CreditReport {
  int32_t as_of_month = 0;
  int32_t founded_month = 0;
  int64_t registered_capital_fen = 0;
  int64_t declared_employees = 0;
  int64_t months_reported_12m = 0;
  std::vector<ActivityLine> activity;
  std::vector<EventCount> events;
  GraphFacts graph;
  // The enterprise's own edges, at most kMaxReportEdges of them.
  std::vector<RelationshipEdge> edges;
  CrossCheck cross_check;
  std::vector<std::pair<std::string, double>> features;  // catalogue order; NaN: n/a
  std::optional<DecisionSummary> decision;
};

CreditReport build_credit_report(const EnterpriseHistory& history, int32_t as_of_month);

std::string credit_report_json(const CreditReport& report, std::string_view enterprise_id);
std::string credit_report_html(const CreditReport& report, std::string_view enterprise_id);

}  // namespace smecredit::profile
