#include "underwriting/policy_underwriter.h"

#include <algorithm>
#include <map>

#include "connectors/consent/consent_token.h"
#include "decision/record/record.h"
#include "profile/features.h"
#include "underwriting/inputs.h"
#include "underwriting/reasons.h"

namespace smecredit::underwriting {

namespace {

using origination::Outcome;
using origination::Underwriting;

int32_t month_index(Date date) {
  return static_cast<int32_t>(date.year()) * 12 + static_cast<int32_t>(unsigned(date.month())) - 1;
}

Outcome outcome_of(decision::Verdict verdict) {
  switch (verdict) {
    case decision::Verdict::kApprove:
      return Outcome::kApprove;
    case decision::Verdict::kDecline:
      return Outcome::kDecline;
    case decision::Verdict::kRefer:
      return Outcome::kRefer;
  }
  return Outcome::kRefer;
}

// A failed pull as the underwriter's error; kNotFound (the provider has no
// such data) is not an error and is filtered out before.
Error pull_error(const Error& error, std::string_view section) {
  const std::string what = "pulling " + std::string(section) + ": ";
  if (error.code == ErrorCode::kPermissionDenied) {
    return Error{ErrorCode::kFailedPrecondition,
                 what +
                     "no unexpired data consent covers this section; grant consent "
                     "(POST /v1/enterprises/{id}/consents) and submit again"};
  }
  return Error{ErrorCode::kUnavailable, what + error.message};
}

std::string* section_slot(profile::SectionDocuments& docs, std::string_view section) {
  if (section == "registration") return &docs.registration;
  if (section == "tax") return &docs.tax;
  if (section == "invoices") return &docs.invoices;
  if (section == "flows") return &docs.flows;
  if (section == "judicial") return &docs.judicial;
  if (section == "penalties") return &docs.penalties;
  if (section == "relationships") return &docs.relationships;
  return nullptr;
}

Result<Underwriting> answer(const decision::DecisionRecord& record,
                            const origination::UnderwritingRequest& request) {
  Underwriting out;
  out.outcome = outcome_of(record.decision.verdict);
  out.limit = Money::zero(request.requested.currency());
  out.annual_rate_percent = Decimal::from_int(0);
  if (record.decision.has_offer) {
    out.limit = record.decision.offer.limit;
    SC_ASSIGN_OR_RETURN(out.annual_rate_percent,
                        record.decision.offer.annual_rate.multiply(Decimal::from_int(100)));
  }
  for (const std::string& code : record.decision.reasons) {
    out.reasons.push_back({code, reason_text(code)});
  }
  if (out.outcome != Outcome::kApprove && out.reasons.empty()) {
    out.reasons.push_back({"NO_OUTCOME", reason_text("NO_OUTCOME")});
  }
  for (const decision::ModelFactors& model : record.decision.factors) {
    for (const decision::ScoreFactor& f : model.factors) {
      out.factors.push_back({model.model, f.feature, factor_text(f.feature), f.contribution});
    }
  }
  out.decision_id = "dec-" + request.application_id;
  out.record_json = record.to_json();
  return out;
}

}  // namespace

Status PolicyUnderwriter::refresh_sections(const origination::UnderwritingRequest& request) const {
  const std::string fresh_after = format_timestamp(clock_.now() - options_.data_max_age);
  std::map<std::string, std::string, std::less<>> pulled_at;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query("SELECT section, pulled_at FROM enterprise_data WHERE enterprise_id = ?",
                     {request.uscc}));
        for (const store::Row& row : rows) pulled_at[row.text(0)] = row.text(1);
        return ok_status();
      }));
  connectors::PullRequest pull{.actor = "origination:" + request.application_id,
                               .enterprise_id = request.uscc,
                               .section = {},
                               .purpose = options_.purpose};
  std::vector<std::string> stale;
  for (std::string_view section : connectors::kConsentScopes) {
    const auto stored = pulled_at.find(section);
    if (stored == pulled_at.end() || stored->second < fresh_after) {
      stale.emplace_back(section);
      continue;
    }
    // Fresh data is reused, but only under a consent that still holds.
    pull.section = std::string(section);
    const Status consented = pulls_.require_consent(pull);
    if (!consented.ok()) return pull_error(consented.error(), section);
  }
  if (stale.empty()) return ok_status();
  SC_ASSIGN_OR_RETURN(const std::vector<Result<connectors::PullOutcome>> pulled,
                      pulls_.pull_sections(pull, stale));
  for (size_t i = 0; i < stale.size(); ++i) {
    if (!pulled[i].ok() && pulled[i].error().code != ErrorCode::kNotFound) {
      return pull_error(pulled[i].error(), stale[i]);
    }
  }
  return ok_status();
}

int32_t feature_month(const profile::EnterpriseHistory& history, Date business_date) {
  const int32_t last_complete = month_index(business_date) - 1;
  const int32_t data_month = profile::last_data_month(history);
  return data_month < 0 ? last_complete : std::min(data_month, last_complete);
}

Result<profile::EnterpriseHistory> stored_history(store::Store& store, const std::string& subject) {
  profile::SectionDocuments docs;
  bool any = false;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            store::Rows rows,
            tx.query("SELECT section, payload FROM enterprise_data WHERE enterprise_id = ?",
                     {subject}));
        for (const store::Row& row : rows) {
          if (std::string* slot = section_slot(docs, row.text(0))) *slot = row.text(1);
          any = true;
        }
        return ok_status();
      }));
  if (!any) return Error{ErrorCode::kNotFound, "no data has been pulled for this enterprise"};
  Result<profile::EnterpriseHistory> history = profile::history_from_sections(docs);
  if (!history.ok()) {
    return Error{ErrorCode::kUnavailable,
                 "stored provider data cannot be read: " + history.error().message};
  }
  return history;
}

Result<profile::PlatformGraph> load_platform_graph(store::Store& store, int64_t* skipped) {
  std::vector<profile::HeldEnterprise> held;
  int64_t unreadable = 0;
  SC_RETURN_IF_ERROR(
      store.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            const store::Rows rows,
            tx.query("SELECT enterprise_id, section, payload FROM enterprise_data "
                     "WHERE section IN ('relationships', 'judicial') ORDER BY enterprise_id",
                     {}));
        size_t at = 0;
        while (at < rows.size()) {
          const std::string& key = rows[at].text(0);
          std::string relationships;
          std::string judicial;
          for (; at < rows.size() && rows[at].text(0) == key; ++at) {
            (rows[at].text(1) == "judicial" ? judicial : relationships) = rows[at].text(2);
          }
          auto one = profile::held_enterprise(key, relationships, judicial);
          if (one.ok()) {
            held.push_back(std::move(one).value());
          } else {
            ++unreadable;
          }
        }
        return ok_status();
      }));
  if (skipped != nullptr) *skipped = unreadable;
  return profile::PlatformGraph::build(held);
}

void use_platform_graph(profile::EnterpriseHistory& history, const profile::PlatformGraph* graph,
                        const std::string& uscc, int32_t as_of_month) {
  if (graph == nullptr) return;
  if (auto facts = graph->facts(uscc, as_of_month)) history.graph = *facts;
}

void PolicyUnderwriter::set_platform_graph(std::shared_ptr<const profile::PlatformGraph> graph) {
  std::lock_guard lock(graph_mutex_);
  graph_ = std::move(graph);
}

std::shared_ptr<const profile::PlatformGraph> PolicyUnderwriter::platform_graph() const {
  std::lock_guard lock(graph_mutex_);
  return graph_;
}

Result<Underwriting> PolicyUnderwriter::underwrite(
    const origination::UnderwritingRequest& request) const {
  // Taken first: the whole decision runs on the version active now.
  SC_ASSIGN_OR_RETURN(const decision::PolicyRegistry::PolicyPtr policy,
                      policies_.active(options_.policy_name));
  SC_RETURN_IF_ERROR(refresh_sections(request));
  // Nothing stored (the provider knows no such enterprise) decides on an
  // empty history: the policy's thin-file rules apply.
  Result<profile::EnterpriseHistory> history = stored_history(store_, request.uscc);
  if (!history.ok() && history.error().code == ErrorCode::kNotFound) {
    history = profile::EnterpriseHistory{};
  }
  if (!history.ok()) return history.error();
  const int32_t as_of_month = feature_month(history.value(), request.as_of);
  use_platform_graph(history.value(), platform_graph().get(), request.uscc, as_of_month);
  const int32_t data_month = profile::last_data_month(history.value());
  const std::vector<double> features = profile::compute_features(history.value(), as_of_month);
  const int32_t inputs_month = data_month < 0 ? -1 : as_of_month;
  if (options_.challenger_name.empty()) {
    SC_ASSIGN_OR_RETURN(const std::vector<decision::Value> inputs,
                        application_inputs(*policy, request, features, inputs_month));
    SC_ASSIGN_OR_RETURN(const decision::DecisionRecord record,
                        decision::record_decision(*policy, inputs, request.as_of, "champion"));
    return answer(record, request);
  }
  SC_ASSIGN_OR_RETURN(const decision::PolicyRegistry::PolicyPtr challenger,
                      policies_.active(options_.challenger_name));
  const bool to_challenger =
      decision::route_to_challenger(request.enterprise_id, options_.challenger_basis_points);
  const decision::CompiledPolicy& deciding = to_challenger ? *challenger : *policy;
  const decision::CompiledPolicy& shadow = to_challenger ? *policy : *challenger;
  SC_ASSIGN_OR_RETURN(const std::vector<decision::Value> inputs,
                      application_inputs(deciding, request, features, inputs_month));
  SC_ASSIGN_OR_RETURN(const decision::DecisionRecord record,
                      decision::record_decision(deciding, inputs, request.as_of,
                                                to_challenger ? "challenger" : "champion"));
  const char* shadow_arm = to_challenger ? "shadow-champion" : "shadow-challenger";
  SC_ASSIGN_OR_RETURN(const std::vector<decision::Value> shadow_inputs,
                      application_inputs(shadow, request, features, inputs_month));
  SC_ASSIGN_OR_RETURN(const decision::DecisionRecord shadow_record,
                      decision::record_decision(shadow, shadow_inputs, request.as_of, shadow_arm,
                                                /*explain=*/false));
  SC_ASSIGN_OR_RETURN(Underwriting out, answer(record, request));
  out.shadow_arm = shadow_arm;
  out.shadow_record_json = shadow_record.to_json();
  return out;
}

}  // namespace smecredit::underwriting
