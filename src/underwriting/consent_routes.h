// Data consent (授权) over HTTP: an enterprise lets the platform read named
// sections of its data at the providers, for a purpose, until an expiry.
//
//   POST /v1/enterprises/{id}/consents
//        {"scopes":["tax","invoices",…] (default: every section),
//         "purpose":"credit_assessment" (default), "days":90 (1..365)}
//     → 201 {"id":7,"enterprise_id":…,"scopes":[…],"purpose":…,"expires_at":…}
//   POST /v1/enterprises/{id}/consents/{consent_id}/revoke → 200
//
// Borrowers grant and revoke for their own enterprise, partners for those
// they referred, admins for any. On grant the platform issues the consent
// token it presents to providers (consent_token.h, signed with the secret
// agreed with the provider) and records it with PullService, which audits
// the change and publishes consent.granted / consent.revoked. The token is
// never returned or logged.
//
// Example:
//   add_consent_routes(router, gate, {.service = &service, .pulls = &pulls,
//                                     .clock = &clock, .consent_secret = secret});
#pragma once

#include <string>

#include "api/gate.h"
#include "connectors/pull_service.h"
#include "core/clock.h"
#include "origination/origination_service.h"

namespace smecredit::underwriting {

inline constexpr int kMaxConsentDays = 365;

struct ConsentRoutesContext {
  const origination::OriginationService* service = nullptr;
  connectors::PullService* pulls = nullptr;  // null: no provider; both routes answer 503
  const Clock* clock = nullptr;
  std::string consent_secret;  // raw bytes, shared with the providers
};

// Everything in the context must outlive the router.
void add_consent_routes(api::Router& router, const api::Gate& gate, ConsentRoutesContext context);

}  // namespace smecredit::underwriting
