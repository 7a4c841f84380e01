// Consent tokens (授权凭证): proof, signed by whoever recorded an
// enterprise's authorisation, that a data user may read named scopes of that
// enterprise's data for a purpose until an expiry.
//
// Format: "v1.<payload>.<mac>", where <payload> is base64url (no padding) of
// "<enterprise_id>|<scope>,<scope>...|<purpose>|<expires_unix_seconds>" and
// <mac> is base64url of HMAC-SHA256(secret, "v1.<payload>"). Scopes are
// from kConsentScopes; the enterprise id and purpose are [A-Za-z0-9_-]+.
//
// verify_consent_token checks, in order: the shape (kUnauthenticated), the
// signature in constant time (kUnauthenticated), the expiry against `now`
// (kPermissionDenied), the enterprise and the scope asked for
// (kPermissionDenied). Messages never include the token or the secret.
//
// Example:
//   std::string token = mint_consent_token(secret, {"E0000001", {"tax"}, "credit_assessment",
//   exp}); Result<ConsentClaims> claims = verify_consent_token(secret, token, now_unix, "E0000001",
//   "tax");
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace smecredit::connectors {

// The data a consent may cover; also the provider's per-enterprise sections.
inline constexpr std::string_view kConsentScopes[] = {
    "registration", "tax", "invoices", "flows", "judicial", "penalties", "relationships"};

bool is_consent_scope(std::string_view scope);

struct ConsentClaims {
  std::string enterprise_id;
  std::vector<std::string> scopes;
  std::string purpose;
  int64_t expires_unix = 0;
};

// Checks the claims' shape (ids, scopes, purpose); kInvalidArgument says what is wrong.
Status validate_claims(const ConsentClaims& claims);

// The signed token for valid claims (validate_claims first).
Result<std::string> mint_consent_token(std::string_view secret, const ConsentClaims& claims);

Result<ConsentClaims> verify_consent_token(std::string_view secret, std::string_view token,
                                           int64_t now_unix, std::string_view enterprise_id,
                                           std::string_view scope);

}  // namespace smecredit::connectors
