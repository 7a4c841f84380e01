// PullService: consent-gated pulls of enterprise data into the store.
//
// Consent (授权) is recorded with record_consent: enterprise, scopes,
// purpose, expiry and the provider's consent token (a credential: stored,
// never logged). pull() then:
//   1. finds a consent for the enterprise that covers the section and the
//      purpose, is unexpired at `now` and unrevoked — otherwise the pull is
//      refused (kPermissionDenied) and nothing is fetched;
//   2. fetches through the connector;
//   3. validates the payload (connector.h) — an invalid one is rejected with
//      its reason and nothing is stored;
//   4. in one transaction replaces the stored section and appends the pull
//      log row, so data is never half-applied.
// Every pull, whatever its outcome (applied, refused, rejected, failed), is
// logged in data_pulls (in one transaction with the data it applied): who (actor), what
// (enterprise, section, connector), when, why (purpose), the consent used, the outcome and its
// reason.
//
// Thread-safety: as safe as the Store and the Connector (both are).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/connector.h"
#include "core/clock.h"
#include "store/store.h"

namespace smecredit::connectors {

struct ConsentRecord {
  std::string enterprise_id;  // the data subject as providers know it (e.g. its USCC)
  std::vector<std::string> scopes;
  std::string purpose;
  std::string token;
  Timestamp expires_at;
  std::string actor = "system";  // who recorded it, for the audit trail
};

struct PullRequest {
  std::string actor;  // who asks, e.g. "origination:app-123" (no personal data)
  std::string enterprise_id;
  std::string section;
  std::string purpose;
};

struct PullOutcome {
  int64_t pull_id = 0;
  int attempts = 0;
  int64_t bytes = 0;
};

class PullService {
 public:
  // `store`, `connector` and `clock` are borrowed.
  PullService(store::Store& store, Connector& connector, const Clock& clock)
      : store_(store), connector_(connector), clock_(clock) {}

  // The consent's id. kInvalidArgument for unknown scopes or an expiry in the
  // past. The consent.granted event and its audit row are written with it.
  Result<int64_t> record_consent(const ConsentRecord& consent);
  // Revokes a consent of `enterprise_id` (idempotent: revoking twice changes
  // nothing the second time); kNotFound when it does not exist or belongs to
  // another enterprise. Writes consent.revoked and its audit row.
  Status revoke_consent(int64_t consent_id, std::string_view enterprise_id, std::string_view actor);
  Result<PullOutcome> pull(const PullRequest& request);
  // OK when an unexpired, unrevoked consent covers the request's section and
  // purpose (kPermissionDenied otherwise): data already stored may be used
  // only while the enterprise's consent lasts.
  Status require_consent(const PullRequest& request);
  // Several sections of one enterprise (request.section is ignored): the
  // fetches run in parallel, and every outcome — applied, refused, rejected,
  // failed — is written in one transaction, so a decision waits for one
  // commit, not one per section. One result per section, in order; the
  // outer error is the store's (then nothing was written).
  Result<std::vector<Result<PullOutcome>>> pull_sections(const PullRequest& request,
                                                         const std::vector<std::string>& sections);

 private:
  struct ActiveConsent {
    int64_t id;
    std::string token;
  };
  Result<ActiveConsent> find_consent(const PullRequest& request, const std::string& now_text);
  Result<int64_t> log_pull(store::Transaction& tx, const PullRequest& request, int64_t consent_id,
                           const std::string& now_text, std::string_view outcome,
                           std::string_view reason, int attempts);

  store::Store& store_;
  Connector& connector_;
  const Clock& clock_;
};

}  // namespace smecredit::connectors
