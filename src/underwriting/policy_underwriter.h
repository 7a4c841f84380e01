// PolicyUnderwriter: the live underwriter — consent-gated data, the profile
// and the active decision policy (README.md in this folder has the steps).
//
// Example:
//   connectors::PullService pulls(store, http_connector, clock);
//   decision::PolicyRegistry policies;  // with "sme-origination" activated
//   PolicyUnderwriter underwriter(store, pulls, policies, clock,
//                                 {.policy_name = "sme-origination"});
//   OriginationService service(store, catalog, underwriter, ...);
//
// Errors: kFailedPrecondition when the enterprise has not granted consent to
// a section (nothing is decided; grant consent and submit again);
// kUnavailable when the provider cannot be reached or keeps sending invalid
// data (retryable); kNotFound when no policy is active. A section the
// provider does not have (404) is decided on as missing data.
//
// Lifetime: every reference is borrowed and must outlive the underwriter.
// Thread-safety: underwrite() may run concurrently (the store, the pull
// service and the registry are thread-safe; the policy is immutable).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "connectors/pull_service.h"
#include "core/clock.h"
#include "decision/policy/registry.h"
#include "origination/underwriter.h"
#include "profile/platform_graph.h"
#include "profile/sections.h"
#include "store/store.h"

namespace smecredit::underwriting {

// The provider sections stored for `subject` (its USCC), parsed. kNotFound
// when nothing has been pulled; kUnavailable when stored data cannot be read.
Result<profile::EnterpriseHistory> stored_history(store::Store& store, const std::string& subject);

// Every enterprise's stored relationships and judicial sections joined into
// the platform-wide graph (profile/platform_graph.h). An enterprise whose
// stored documents do not parse is left out — its own decision reports the
// problem — rather than failing everyone's graph; `skipped` counts them.
Result<profile::PlatformGraph> load_platform_graph(store::Store& store, int64_t* skipped);

// Replaces `history`'s graph facts with those of the platform-wide graph for
// `uscc` as of `as_of_month`, when there is a graph and it holds the
// enterprise; otherwise the facts of its own edges stay.
void use_platform_graph(profile::EnterpriseHistory& history, const profile::PlatformGraph* graph,
                        const std::string& uscc, int32_t as_of_month);

// The month features and reports are taken as of: the last month the data
// covers, and never the current (incomplete) month of `business_date`.
int32_t feature_month(const profile::EnterpriseHistory& history, Date business_date);

struct UnderwriterOptions {
  std::string policy_name = "sme-origination";
  std::string purpose = "credit_assessment";  // the consent purpose pulls ask for
  std::chrono::minutes data_max_age{60};      // stored sections younger than this are reused
  // A champion/challenger experiment: the registry name of the challenger
  // (empty: none) and its share of enterprises in basis points. An
  // enterprise's arm follows a hash of its id, so it never changes; the
  // other arm decides in shadow and both records are kept.
  std::string challenger_name = {};
  int challenger_basis_points = 0;
};

class PolicyUnderwriter final : public origination::Underwriter {
 public:
  PolicyUnderwriter(store::Store& store, connectors::PullService& pulls,
                    const decision::PolicyRegistry& policies, const Clock& clock,
                    UnderwriterOptions options)
      : store_(store),
        pulls_(pulls),
        policies_(policies),
        clock_(clock),
        options_(std::move(options)) {}

  Result<origination::Underwriting> underwrite(
      const origination::UnderwritingRequest& request) const override;

  // The platform-wide graph the decision reads an enterprise's graph facts
  // from — circles, chains, distance to blacklisted parties, shared-contact
  // clusters — as of the decision's month. Until one is set, and for an
  // enterprise the graph does not hold, the facts of its own edges stand.
  // Callable at any time from any thread; decisions under way keep the
  // graph they started with.
  void set_platform_graph(std::shared_ptr<const profile::PlatformGraph> graph);
  // The graph set last; null before the first.
  std::shared_ptr<const profile::PlatformGraph> platform_graph() const;

 private:
  // Pulls every section whose stored copy is missing or stale.
  Status refresh_sections(const origination::UnderwritingRequest& request) const;

  store::Store& store_;
  connectors::PullService& pulls_;
  const decision::PolicyRegistry& policies_;
  const Clock& clock_;
  UnderwriterOptions options_;
  mutable std::mutex graph_mutex_;
  std::shared_ptr<const profile::PlatformGraph> graph_;  // guarded by graph_mutex_
};

}  // namespace smecredit::underwriting
