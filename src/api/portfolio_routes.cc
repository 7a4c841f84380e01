#include "api/portfolio_routes.h"

#include "api/json.h"
#include "api/problem.h"
#include "core/business_date.h"
#include "core/parse.h"
#include "origination/portfolio.h"

namespace smecredit::api {

namespace {

using origination::CountAndAmount;
using origination::PortfolioSummary;

// 137 basis points -> "0.0137".
std::string ratio_text(int64_t basis_points) {
  const std::string digits = std::to_string(basis_points % 10'000 + 10'000).substr(1);
  return std::to_string(basis_points / 10'000) + "." + digits;
}

void write_counts(JsonWriter& w, const char* key, const char* label_key,
                  const std::vector<CountAndAmount>& rows, const char* count_key,
                  const char* amount_key) {
  w.Key(key);
  w.StartArray();
  for (const CountAndAmount& row : rows) {
    w.StartObject();
    write_field(w, label_key, row.label);
    w.Key(count_key);
    w.Int64(row.count);
    write_field(w, amount_key, yuan_text(row.amount_minor));
    w.EndObject();
  }
  w.EndArray();
}

void write_time_to_cash(JsonWriter& w, const PortfolioSummary& s) {
  w.Key("time_to_cash");
  w.StartObject();
  w.Key("p50_ms");
  w.Int64(s.time_to_cash_p50_ms);
  w.Key("p90_ms");
  w.Int64(s.time_to_cash_p90_ms);
  w.Key("buckets");
  w.StartArray();
  for (size_t i = 0; i < s.time_to_cash.size(); ++i) {
    w.StartObject();
    if (i < origination::kTimeToCashBoundsSeconds.size()) {
      w.Key("below_seconds");
      w.Int64(origination::kTimeToCashBoundsSeconds[i]);
    } else {
      w.Key("from_seconds");
      w.Int64(origination::kTimeToCashBoundsSeconds.back());
    }
    w.Key("count");
    w.Int64(s.time_to_cash[i].count);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string summary_json(const PortfolioSummary& s) {
  JsonBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write_field(w, "as_of", format_date(s.as_of));
  w.Key("active_loans");
  w.Int64(s.active_loans);
  write_field(w, "outstanding_principal", yuan_text(s.outstanding_principal_minor));
  write_field(w, "npl_ratio", ratio_text(s.npl_basis_points));
  write_field(w, "approval_rate", ratio_text(s.approval_basis_points));
  w.Key("applications");
  w.StartObject();
  for (const auto& [key, value] : {std::pair{"total", s.applications},
                                   {"approved", s.approved},
                                   {"declined", s.declined},
                                   {"pending", s.pending}}) {
    w.Key(key);
    w.Int64(value);
  }
  w.EndObject();
  write_counts(w, "disbursements_by_day", "date", s.disbursements_by_day, "count", "amount");
  write_counts(w, "dpd_buckets", "bucket", s.dpd_buckets, "loans", "principal");
  write_counts(w, "classification", "class", s.classification, "loans", "principal");
  write_time_to_cash(w, s);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

void add_portfolio_routes(Router& router, const Gate& gate, store::Store& store,
                          const Clock& clock) {
  gate.add(router, Method::kGet, "/v1/portfolio/summary",
           {"getPortfolioSummary",
            "The portfolio dashboard's figures: outstanding principal, disbursements per day, "
            "days-past-due buckets, five-category classification, NPL ratio, approval rate, "
            "time to cash",
            "portfolio", R"json({"200":{"description":"The summary"}})json"},
           RoleSet{Role::kOfficer, Role::kAuditor, Role::kAdmin},
           [&store, &clock](const HttpRequest& r, const Principal&) {
             int64_t days = 30;
             if (!r.query_param("days").empty()) {
               auto parsed = parse_int64(r.query_param("days"), "days", 1, 366);
               if (!parsed.ok()) return error_response(parsed.error(), r.trace_id);
               days = parsed.value();
             }
             auto summary = origination::read_portfolio_summary(store, business_date(clock.now()),
                                                                static_cast<int>(days));
             if (!summary.ok()) return error_response(summary.error(), r.trace_id);
             return HttpResponse{200, "application/json", summary_json(summary.value()), {}};
           });
}

}  // namespace smecredit::api
