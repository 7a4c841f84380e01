#include "underwriting/report_routes.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/origination_routes.h"
#include "api/problem.h"
#include "core/business_date.h"
#include "profile/credit_report.h"
#include "underwriting/policy_underwriter.h"

namespace smecredit::underwriting {

namespace {

// A JSON value as report text: strings unquoted, anything else as written.
std::string value_text(const rapidjson::Value& value) {
  if (value.IsString()) return {value.GetString(), value.GetStringLength()};
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// The summary of one application's decision column and decision record.
profile::DecisionSummary summarise(const store::Row& row) {
  profile::DecisionSummary d;
  d.application_id = row.text(0);
  d.applied_at = row.text(1);
  rapidjson::Document decision;
  decision.Parse(row.text(2).c_str());
  if (!decision.HasParseError() && decision.IsObject()) {
    if (decision.HasMember("outcome")) d.outcome = value_text(decision["outcome"]);
    if (decision.HasMember("decision_id")) d.decision_id = value_text(decision["decision_id"]);
    if (decision.HasMember("reasons") && decision["reasons"].IsArray()) {
      for (const rapidjson::Value& r : decision["reasons"].GetArray()) {
        if (r.IsObject() && r.HasMember("code") && r.HasMember("text")) {
          d.reasons.emplace_back(value_text(r["code"]), value_text(r["text"]));
        }
      }
    }
  }
  if (row.is_null(3)) return d;
  rapidjson::Document record;
  record.Parse(row.text(3).c_str());
  if (record.HasParseError() || !record.IsObject() || !record.HasMember("outputs") ||
      !record["outputs"].IsObject()) {
    return d;
  }
  const rapidjson::Value& outputs = record["outputs"];
  for (const char* name : {"score", "grade", "pd"}) {
    if (outputs.HasMember(name) && !outputs[name].IsNull()) {
      d.risk.emplace_back(name, value_text(outputs[name]));
    }
  }
  return d;
}

// The enterprise's most recent decided application, if any.
Result<std::optional<profile::DecisionSummary>> latest_decision(store::Store& store,
                                                                std::string_view enterprise_id) {
  std::optional<profile::DecisionSummary> out;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT id, submitted_at, decision, decision_record"
                                     " FROM applications WHERE enterprise_id = ? AND decision"
                                     " IS NOT NULL ORDER BY submitted_at DESC, id DESC LIMIT 1",
                                     {std::string(enterprise_id)}));
        if (!rows.empty()) out = summarise(rows[0]);
        return ok_status();
      }));
  return out;
}

}  // namespace

Result<std::string> credit_report(store::Store& store, const std::string& uscc,
                                  std::string_view enterprise_id, std::string_view format,
                                  Date business_date, const profile::PlatformGraph* graph) {
  if (format != "json" && format != "html") {
    return Error{ErrorCode::kInvalidArgument, "format: json or html"};
  }
  SC_ASSIGN_OR_RETURN(profile::EnterpriseHistory history, stored_history(store, uscc));
  const int32_t as_of_month = feature_month(history, business_date);
  use_platform_graph(history, graph, uscc, as_of_month);
  profile::CreditReport report = profile::build_credit_report(history, as_of_month);
  SC_ASSIGN_OR_RETURN(report.decision, latest_decision(store, enterprise_id));
  return format == "html" ? profile::credit_report_html(report, enterprise_id)
                          : profile::credit_report_json(report, enterprise_id);
}

void add_report_routes(api::Router& router, const api::Gate& gate, store::Store& store,
                       const origination::OriginationService& service, const Clock& clock,
                       PlatformGraphSource graph) {
  gate.add(
      router, api::Method::kGet, "/v1/enterprises/{id}/credit-report",
      {"getCreditReport", "The digital credit report from the last pulled data (?format=json|html)",
       "enterprises",
       R"json({"200":{"description":"The report"},"404":{"description":"No data pulled yet"}})json"},
      api::RoleSet{api::Role::kBorrower, api::Role::kPartner, api::Role::kOfficer,
                   api::Role::kAuditor, api::Role::kAdmin},
      [&store, &service, &clock, graph = std::move(graph)](const api::HttpRequest& r,
                                                           const api::Principal& p) {
        const std::string_view id = r.path_param("id");
        const std::string_view format =
            r.query_param("format").empty() ? "json" : r.query_param("format");
        const Status allowed = api::enterprise_access(service, p, id);
        if (!allowed.ok()) return api::error_response(allowed.error(), r.trace_id);
        const auto enterprise = service.enterprise(id);
        if (!enterprise.ok()) return api::error_response(enterprise.error(), r.trace_id);
        const std::shared_ptr<const profile::PlatformGraph> platform = graph ? graph() : nullptr;
        Result<std::string> report = credit_report(store, enterprise.value().data.uscc, id, format,
                                                   business_date(clock.now()), platform.get());
        if (!report.ok()) return api::error_response(report.error(), r.trace_id);
        return api::HttpResponse{200,
                                 format == "html" ? "text/html; charset=utf-8" : "application/json",
                                 std::move(report).value(),
                                 {}};
      });
}

}  // namespace smecredit::underwriting
