#include "underwriting/report_routes.h"

#include "api/origination_routes.h"
#include "api/problem.h"
#include "core/business_date.h"
#include "profile/credit_report.h"
#include "underwriting/policy_underwriter.h"

namespace smecredit::underwriting {

Result<std::string> credit_report(store::Store& store, const std::string& uscc,
                                  std::string_view enterprise_id, std::string_view format,
                                  Date business_date) {
  if (format != "json" && format != "html") {
    return Error{ErrorCode::kInvalidArgument, "format: json or html"};
  }
  SC_ASSIGN_OR_RETURN(const profile::EnterpriseHistory history, stored_history(store, uscc));
  const profile::CreditReport report =
      profile::build_credit_report(history, feature_month(history, business_date));
  return format == "html" ? profile::credit_report_html(report, enterprise_id)
                          : profile::credit_report_json(report, enterprise_id);
}

void add_report_routes(api::Router& router, const api::Gate& gate, store::Store& store,
                       const origination::OriginationService& service, const Clock& clock) {
  gate.add(
      router, api::Method::kGet, "/v1/enterprises/{id}/credit-report",
      {"getCreditReport", "The digital credit report from the last pulled data (?format=json|html)",
       "enterprises",
       R"json({"200":{"description":"The report"},"404":{"description":"No data pulled yet"}})json"},
      api::RoleSet{api::Role::kBorrower, api::Role::kPartner, api::Role::kOfficer,
                   api::Role::kAuditor, api::Role::kAdmin},
      [&store, &service, &clock](const api::HttpRequest& r, const api::Principal& p) {
        const std::string_view id = r.path_param("id");
        const std::string_view format =
            r.query_param("format").empty() ? "json" : r.query_param("format");
        const Status allowed = api::enterprise_access(service, p, id);
        if (!allowed.ok()) return api::error_response(allowed.error(), r.trace_id);
        const auto enterprise = service.enterprise(id);
        if (!enterprise.ok()) return api::error_response(enterprise.error(), r.trace_id);
        Result<std::string> report = credit_report(store, enterprise.value().data.uscc, id, format,
                                                   business_date(clock.now()));
        if (!report.ok()) return api::error_response(report.error(), r.trace_id);
        return api::HttpResponse{200,
                                 format == "html" ? "text/html; charset=utf-8" : "application/json",
                                 std::move(report).value(),
                                 {}};
      });
}

}  // namespace smecredit::underwriting
