#include "profile/credit_report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/money.h"

namespace smecredit::profile {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

struct SeriesLine {
  const char* name;
  Series series;
};

constexpr std::array<SeriesLine, 7> kActivity{{
    {"inflows_fen", Series::kInflows},
    {"invoiced_sales_fen", Series::kInvoicesIssued},
    {"purchases_fen", Series::kPurchases},
    {"vat_tax_base_fen", Series::kTaxBase},
    {"vat_paid_fen", Series::kVatPaid},
    {"electricity_kwh", Series::kElectricity},
    {"insured_headcount_months", Series::kHeadcount},
}};

constexpr std::array<const char*, kEventKindCount> kEventNames = {
    "court_defendant", "court_plaintiff", "enforcement",      "dishonest_debtor",
    "penalty",         "equity_freeze",   "legal_rep_change", "shareholder_change"};

std::string month_text(int32_t index) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", index / 12, index % 12 + 1);
  return text;
}

std::string yuan(int64_t fen) {
  return Money::from_minor_units(fen, kCny).to_string();
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

void key_value(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void key_int(Writer& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

std::string html_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Money-like activity in yuan, other figures as they are.
std::string activity_text(const ActivityLine& line, int64_t value) {
  return ends_with(line.name, "_fen") ? yuan(value) : std::to_string(value);
}

}  // namespace

CreditReport build_credit_report(const EnterpriseHistory& history, int32_t as_of_month) {
  CreditReport report;
  report.as_of_month = as_of_month;
  report.founded_month = history.founded_month_index;
  report.registered_capital_fen = history.registered_capital_fen;
  report.declared_employees = history.declared_employees;
  report.graph = history.graph;
  const size_t edges = std::min(history.relationships.size(), kMaxReportEdges);
  report.edges.assign(history.relationships.begin(),
                      history.relationships.begin() + static_cast<std::ptrdiff_t>(edges));
  for (const SeriesLine& s : kActivity) report.activity.push_back({s.name, 0, 0});
  CrossCheckInputs checks;
  checks.declared_employees = history.declared_employees;
  checks.self_declared_annual_revenue_fen = history.self_declared_annual_revenue_fen;
  checks.self_declared_month_index = history.self_declared_month_index;
  for (const MonthValues& m : history.months) {
    if (m.month_index > as_of_month) continue;
    const int32_t age = as_of_month - m.month_index;  // 0: the as-of month
    if (age < 12) ++report.months_reported_12m;
    for (size_t i = 0; i < kActivity.size(); ++i) {
      const int64_t v = m.values[static_cast<size_t>(kActivity[i].series)];
      if (age < 12) report.activity[i].last_12m += v;
      if (age >= 12 && age < 24) report.activity[i].previous_12m += v;
    }
    const auto value = [&](Series s) { return m.values[static_cast<size_t>(s)]; };
    checks.months.push_back({m.month_index, value(Series::kInvoicesIssued), value(Series::kTaxBase),
                             value(Series::kInflows), value(Series::kElectricity),
                             value(Series::kHeadcount)});
  }
  for (int k = 0; k < kEventKindCount; ++k) report.events.push_back({kEventNames[k], 0, 0, 0});
  for (const DatedEvent& e : history.events) {
    const int32_t age = as_of_month - e.month_index;
    if (age < 0 || age >= 36) continue;
    EventCount& count = report.events[static_cast<size_t>(e.kind)];
    ++count.last_36m;
    count.amount_36m_fen += e.amount_fen;
    if (age < 12) ++count.last_12m;
  }
  report.cross_check = cross_verify(checks, as_of_month);
  const std::vector<double> values = compute_features(history, as_of_month);
  const std::vector<FeatureInfo>& catalogue = feature_catalogue();
  for (size_t i = 0; i < catalogue.size(); ++i) {
    report.features.emplace_back(catalogue[i].name, values[i]);
  }
  return report;
}

std::string credit_report_json(const CreditReport& r, std::string_view enterprise_id) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetMaxDecimalPlaces(4);
  w.StartObject();
  key_value(w, "enterprise_id", enterprise_id);
  key_value(w, "as_of_month", month_text(r.as_of_month));
  w.Key("registration");
  w.StartObject();
  key_value(w, "founded", month_text(r.founded_month));
  key_value(w, "registered_capital", yuan(r.registered_capital_fen));
  key_int(w, "declared_employees", r.declared_employees);
  w.EndObject();
  key_int(w, "months_reported_12m", r.months_reported_12m);
  w.Key("activity");
  w.StartObject();
  for (const ActivityLine& line : r.activity) {
    w.Key(line.name.c_str());
    w.StartObject();
    key_value(w, "last_12m", activity_text(line, line.last_12m));
    key_value(w, "previous_12m", activity_text(line, line.previous_12m));
    w.EndObject();
  }
  w.EndObject();
  w.Key("events");
  w.StartObject();
  for (const EventCount& e : r.events) {
    w.Key(e.kind.c_str());
    w.StartObject();
    key_int(w, "last_12m", e.last_12m);
    key_int(w, "last_36m", e.last_36m);
    key_value(w, "amount_36m", yuan(e.amount_36m_fen));
    w.EndObject();
  }
  w.EndObject();
  w.Key("relationships");
  w.StartObject();
  key_int(w, "guarantees_given", r.graph.guarantees_given);
  key_int(w, "guarantees_received", r.graph.guarantees_received);
  key_int(w, "mutual_guarantees", r.graph.mutual_guarantees);
  key_int(w, "guarantee_circle_size", r.graph.circle_size);
  key_int(w, "trade_partners", r.graph.trade_partners);
  w.Key("edges");
  w.StartArray();
  for (const RelationshipEdge& e : r.edges) {
    w.StartObject();
    key_value(w, "type", e.type);
    key_value(w, "counterparty", e.counterparty);
    key_value(w, "direction", e.outgoing ? "out" : "in");
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("consistency");
  w.StartObject();
  key_int(w, "score", r.cross_check.consistency_score);
  w.Key("flags");
  w.StartArray();
  for (const Flag& f : r.cross_check.flags) {
    w.StartObject();
    key_value(w, "code", f.code);
    key_value(w, "severity", severity_name(f.severity));
    key_value(w, "detail", f.detail);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  if (r.decision) {
    const DecisionSummary& d = *r.decision;
    w.Key("decision");
    w.StartObject();
    key_value(w, "application_id", d.application_id);
    key_value(w, "applied_at", d.applied_at);
    key_value(w, "outcome", d.outcome);
    key_value(w, "decision_id", d.decision_id);
    for (const auto& [name, value] : d.risk) key_value(w, name.c_str(), value);
    w.Key("reasons");
    w.StartArray();
    for (const auto& [code, text] : d.reasons) {
      w.StartObject();
      key_value(w, "code", code);
      key_value(w, "text", text);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.Key("features");
  w.StartObject();
  for (const auto& [name, value] : r.features) {
    w.Key(name.c_str());
    if (std::isfinite(value)) {
      w.Double(value);
    } else {
      w.Null();
    }
  }
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

std::string credit_report_html(const CreditReport& r, std::string_view enterprise_id) {
  std::string h =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>Credit report 信用报告</title><style>body{font-family:sans-serif;"
      "margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
      "padding:4px 8px;text-align:right}th{text-align:left}</style></head><body>";
  h += "<h1>Credit report 信用报告 " + html_escaped(enterprise_id) + "</h1>";
  h += "<p>As of " + month_text(r.as_of_month) + " · founded " + month_text(r.founded_month) +
       " · registered capital " + yuan(r.registered_capital_fen) + " CNY · " +
       std::to_string(r.declared_employees) + " declared employees · " +
       std::to_string(r.months_reported_12m) + " of the last 12 months reported</p>";
  h += "<h2>Activity</h2><table><tr><th></th><th>last 12 months</th><th>previous 12</th></tr>";
  for (const ActivityLine& line : r.activity) {
    h += "<tr><th>" + html_escaped(line.name) + "</th><td>" + activity_text(line, line.last_12m) +
         "</td><td>" + activity_text(line, line.previous_12m) + "</td></tr>";
  }
  h += "</table><h2>Events</h2><table><tr><th></th><th>12 months</th><th>36 months</th>"
       "<th>amount (36 months)</th></tr>";
  for (const EventCount& e : r.events) {
    h += "<tr><th>" + html_escaped(e.kind) + "</th><td>" + std::to_string(e.last_12m) +
         "</td><td>" + std::to_string(e.last_36m) + "</td><td>" + yuan(e.amount_36m_fen) +
         "</td></tr>";
  }
  h += "</table>";
  if (r.decision) {
    const DecisionSummary& d = *r.decision;
    h += "<h2>Decision 授信决策: " + html_escaped(d.outcome) + "</h2><p>" +
         html_escaped(d.application_id) + " · " + html_escaped(d.applied_at);
    for (const auto& [name, value] : d.risk) {
      h += " · " + html_escaped(name) + " " + html_escaped(value);
    }
    h += "</p><ul>";
    for (const auto& [code, text] : d.reasons) {
      h += "<li>" + html_escaped(code) + ": " + html_escaped(text) + "</li>";
    }
    if (d.reasons.empty()) h += "<li>no reasons recorded</li>";
    h += "</ul>";
  }
  h += "<h2>Consistency " + std::to_string(r.cross_check.consistency_score) + "/100</h2><ul>";
  for (const Flag& f : r.cross_check.flags) {
    h += "<li>" + html_escaped(severity_name(f.severity)) + " " + html_escaped(f.code) + ": " +
         html_escaped(f.detail) + "</li>";
  }
  if (r.cross_check.flags.empty()) h += "<li>no flags</li>";
  h += "</ul><h2>Relationships</h2><p>" + std::to_string(r.graph.guarantees_given) +
       " guarantees given, " + std::to_string(r.graph.guarantees_received) + " received, " +
       std::to_string(r.graph.mutual_guarantees) + " mutual, " +
       std::to_string(r.graph.trade_partners) + " trade partners</p></body></html>";
  return h;
}

}  // namespace smecredit::profile
