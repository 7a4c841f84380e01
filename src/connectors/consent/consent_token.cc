#include "connectors/consent/consent_token.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "security/base64url.h"
#include "security/digest.h"

namespace smecredit::connectors {
namespace {

constexpr std::string_view kVersion = "v1.";
// The token's MAC as raw bytes.
std::string mac_bytes(std::string_view secret, std::string_view data) {
  const security::Sha256 mac = security::hmac_sha256(secret, data);
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

Result<std::string> decode_part(std::string_view text) {
  auto decoded = security::base64url_decode(text);
  if (!decoded.ok()) return Error{ErrorCode::kUnauthenticated, "consent token is not base64url"};
  return std::move(decoded).value();
}

bool is_token_word(std::string_view text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  for (size_t at = text.find(separator); at != std::string_view::npos;
       at = text.find(separator, begin)) {
    parts.push_back(text.substr(begin, at - begin));
    begin = at + 1;
  }
  parts.push_back(text.substr(begin));
  return parts;
}

Error malformed() {
  return Error{ErrorCode::kUnauthenticated, "consent token is malformed"};
}

Result<ConsentClaims> parse_payload(std::string_view payload) {
  const std::vector<std::string_view> fields = split(payload, '|');
  if (fields.size() != 4) return malformed();
  ConsentClaims claims;
  claims.enterprise_id = std::string(fields[0]);
  for (std::string_view scope : split(fields[1], ',')) claims.scopes.emplace_back(scope);
  claims.purpose = std::string(fields[2]);
  const auto [end, error] =
      std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), claims.expires_unix);
  if (error != std::errc() || end != fields[3].data() + fields[3].size()) return malformed();
  if (!validate_claims(claims).ok()) return malformed();
  return claims;
}

}  // namespace

bool is_consent_scope(std::string_view scope) {
  return std::find(std::begin(kConsentScopes), std::end(kConsentScopes), scope) !=
         std::end(kConsentScopes);
}

Status validate_claims(const ConsentClaims& claims) {
  if (!is_token_word(claims.enterprise_id)) {
    return Error{ErrorCode::kInvalidArgument,
                 "consent: enterprise id must be 1-64 of [A-Za-z0-9_-]"};
  }
  if (!is_token_word(claims.purpose)) {
    return Error{ErrorCode::kInvalidArgument, "consent: purpose must be 1-64 of [A-Za-z0-9_-]"};
  }
  if (claims.scopes.empty()) return Error{ErrorCode::kInvalidArgument, "consent: no scope"};
  for (const std::string& scope : claims.scopes) {
    if (!is_consent_scope(scope)) {
      return Error{ErrorCode::kInvalidArgument, "consent: unknown scope '" + scope + "'"};
    }
  }
  if (claims.expires_unix <= 0) {
    return Error{ErrorCode::kInvalidArgument, "consent: expiry must be a positive Unix time"};
  }
  return ok_status();
}

Result<std::string> mint_consent_token(std::string_view secret, const ConsentClaims& claims) {
  SC_RETURN_IF_ERROR(validate_claims(claims));
  std::string payload = claims.enterprise_id + "|";
  for (size_t i = 0; i < claims.scopes.size(); ++i) {
    payload += (i == 0 ? "" : ",") + claims.scopes[i];
  }
  payload += "|" + claims.purpose + "|" + std::to_string(claims.expires_unix);
  const std::string signed_part = std::string(kVersion) + security::base64url_encode(payload);
  return signed_part + "." + security::base64url_encode(mac_bytes(secret, signed_part));
}

Result<ConsentClaims> verify_consent_token(std::string_view secret, std::string_view token,
                                           int64_t now_unix, std::string_view enterprise_id,
                                           std::string_view scope) {
  if (token.size() > 1024 || token.substr(0, kVersion.size()) != kVersion) return malformed();
  const size_t dot = token.rfind('.');
  if (dot <= kVersion.size()) return malformed();
  const std::string_view signed_part = token.substr(0, dot);
  SC_ASSIGN_OR_RETURN(const std::string mac, decode_part(token.substr(dot + 1)));
  if (!security::constant_time_equal(mac, mac_bytes(secret, signed_part))) {
    return Error{ErrorCode::kUnauthenticated, "consent token signature does not verify"};
  }
  SC_ASSIGN_OR_RETURN(const std::string payload, decode_part(signed_part.substr(kVersion.size())));
  SC_ASSIGN_OR_RETURN(ConsentClaims claims, parse_payload(payload));
  if (claims.expires_unix <= now_unix) {
    return Error{ErrorCode::kPermissionDenied, "consent has expired"};
  }
  if (claims.enterprise_id != enterprise_id) {
    return Error{ErrorCode::kPermissionDenied, "consent names another enterprise"};
  }
  if (std::find(claims.scopes.begin(), claims.scopes.end(), scope) == claims.scopes.end()) {
    return Error{ErrorCode::kPermissionDenied,
                 "consent does not cover the scope '" + std::string(scope) + "'"};
  }
  return claims;
}

}  // namespace smecredit::connectors
