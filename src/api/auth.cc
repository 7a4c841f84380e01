#include "api/auth.h"

#include <array>
#include <chrono>

#include "core/parse.h"
#include "security/base64url.h"
#include "security/digest.h"
#include "security/random.h"

namespace smecredit::api {

namespace {

constexpr std::string_view kApiKeyPrefix = "sk_";
constexpr std::string_view kBorrowerTokenPrefix = "bt1.";
constexpr size_t kKeyIdBytes = 9;    // 12 base64url characters
constexpr size_t kSecretBytes = 32;  // 43 base64url characters
constexpr size_t kMaxCredentialBytes = 512;

constexpr std::array<std::string_view, 5> kRoleNames = {"borrower", "partner", "officer", "auditor",
                                                        "admin"};

Error unauthenticated(std::string_view why) {
  return Error{ErrorCode::kUnauthenticated, std::string(why)};
}

// base64url of HMAC-SHA-256(key, payload): the borrower token's signature.
std::string token_mac(std::string_view key, std::string_view payload) {
  const security::Sha256 mac = security::hmac_sha256(key, payload);
  return security::base64url_encode(
      std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::string secret_digest(std::string_view secret) {
  return security::to_hex(security::sha256(secret));
}

int64_t unix_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The borrower token's signed payload: "subject\nenterprise\nexpires".
std::string token_payload(std::string_view subject, std::string_view enterprise_id,
                          int64_t expires_unix) {
  std::string payload;
  payload.append(subject).append("\n").append(enterprise_id).append("\n");
  payload.append(std::to_string(expires_unix));
  return payload;
}

bool is_plain_field(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string_view role_name(Role role) {
  return kRoleNames[static_cast<size_t>(role)];
}

Result<Role> parse_role(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return Error{ErrorCode::kInvalidArgument,
               "role must be one of borrower, partner, officer, auditor, admin"};
}

Status check_enterprise_access(const Principal& principal, std::string_view enterprise_id,
                               std::string_view referred_by) {
  switch (principal.role) {
    case Role::kOfficer:
    case Role::kAuditor:
    case Role::kAdmin:
      return ok_status();
    case Role::kBorrower:
      if (principal.enterprise_id == enterprise_id) return ok_status();
      break;
    case Role::kPartner:
      if (!referred_by.empty() && principal.partner_id == referred_by) return ok_status();
      break;
  }
  return Error{ErrorCode::kPermissionDenied, "this credential may not act for that enterprise"};
}

Authenticator::Authenticator(store::Store& store, std::string token_key, const Clock& clock)
    : store_(store), token_key_(std::move(token_key)), clock_(clock) {}

Result<Principal> Authenticator::authenticate(const HttpRequest& request) const {
  const std::string_view header = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty()) return unauthenticated("an Authorization: Bearer credential is required");
  if (!header.starts_with(kBearer) || header.size() > kBearer.size() + kMaxCredentialBytes) {
    return unauthenticated("the Authorization header must be \"Bearer <credential>\"");
  }
  const std::string_view credential = header.substr(kBearer.size());
  if (credential.starts_with(kApiKeyPrefix)) return authenticate_api_key(credential);
  if (credential.starts_with(kBorrowerTokenPrefix)) {
    return authenticate_borrower_token(credential);
  }
  return unauthenticated("the credential is neither an API key nor a borrower token");
}

Result<Principal> Authenticator::authenticate_api_key(std::string_view credential) const {
  const std::string_view rest = credential.substr(kApiKeyPrefix.size());
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return unauthenticated("malformed API key");
  const std::string key_id(rest.substr(0, dot));
  const std::string presented = secret_digest(rest.substr(dot + 1));
  Principal principal;
  bool valid = false;
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT secret_sha256, role, partner_id FROM api_keys "
                                     "WHERE key_id = ? AND revoked_at IS NULL",
                                     {key_id}));
        if (rows.size() != 1) return ok_status();
        valid = security::constant_time_equal(rows[0].text(0), presented);
        SC_ASSIGN_OR_RETURN(principal.role, parse_role(rows[0].text(1)));
        if (!rows[0].is_null(2)) principal.partner_id = rows[0].text(2);
        return ok_status();
      }));
  if (!valid) return unauthenticated("unknown or revoked API key");
  principal.subject = "key:" + key_id;
  return principal;
}

Result<Principal> Authenticator::authenticate_borrower_token(std::string_view credential) const {
  const std::string_view rest = credential.substr(kBorrowerTokenPrefix.size());
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return unauthenticated("malformed borrower token");
  const std::string_view payload_text = rest.substr(0, dot);
  const std::string expected_mac = token_mac(token_key_, payload_text);
  if (!security::constant_time_equal(rest.substr(dot + 1), expected_mac)) {
    return unauthenticated("the borrower token's signature does not verify");
  }
  auto payload = security::base64url_decode(payload_text);
  if (!payload.ok()) return unauthenticated("malformed borrower token");
  const std::string& p = payload.value();
  const size_t first = p.find('\n');
  const size_t second = p.find('\n', first == std::string::npos ? 0 : first + 1);
  if (first == std::string::npos || second == std::string::npos) {
    return unauthenticated("malformed borrower token");
  }
  auto expires = parse_int64(std::string_view(p).substr(second + 1), "expiry", 0, INT64_MAX);
  if (!expires.ok()) return unauthenticated("malformed borrower token");
  if (expires.value() <= unix_seconds(clock_.now())) {
    return unauthenticated("the borrower token has expired");
  }
  Principal principal;
  principal.role = Role::kBorrower;
  principal.subject = "borrower:" + p.substr(0, first);
  principal.enterprise_id = p.substr(first + 1, second - first - 1);
  return principal;
}

Result<IssuedApiKey> Authenticator::create_api_key(Role role, std::string_view name,
                                                   std::string_view partner_id) const {
  if (role == Role::kBorrower) {
    return Error{ErrorCode::kInvalidArgument, "borrowers sign in with tokens, not API keys"};
  }
  if (!is_plain_field(name)) {
    return Error{ErrorCode::kInvalidArgument, "a key name is 1-128 printable characters"};
  }
  if (role == Role::kPartner && partner_id.empty()) {
    return Error{ErrorCode::kInvalidArgument, "a partner key needs a partner id"};
  }
  IssuedApiKey issued;
  issued.key_id = security::random_token(kKeyIdBytes);
  const std::string secret = security::random_token(kSecretBytes);
  issued.credential = std::string(kApiKeyPrefix) + issued.key_id + "." + secret;
  store::Value partner =
      partner_id.empty() ? store::Value{} : store::Value{std::string(partner_id)};
  SC_RETURN_IF_ERROR(
      store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(
            int64_t inserted,
            tx.execute("INSERT INTO api_keys (key_id, secret_sha256, role, name, partner_id, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       {issued.key_id, secret_digest(secret), std::string(role_name(role)),
                        std::string(name), partner, format_timestamp(clock_.now())}));
        return store::expect_one_row_changed(inserted, "API key");
      }));
  return issued;
}

Status Authenticator::revoke_api_key(std::string_view key_id) const {
  return store_.transact(store::TxMode::kReadWrite, [&](store::Transaction& tx) -> Status {
    SC_ASSIGN_OR_RETURN(int64_t changed,
                        tx.execute("UPDATE api_keys SET revoked_at = ? "
                                   "WHERE key_id = ? AND revoked_at IS NULL",
                                   {format_timestamp(clock_.now()), std::string(key_id)}));
    if (changed != 1) return Error{ErrorCode::kNotFound, "no such active API key"};
    return ok_status();
  });
}

std::string Authenticator::issue_borrower_token(std::string_view subject,
                                                std::string_view enterprise_id,
                                                Timestamp expires_at) const {
  return sign_borrower_token(token_key_, subject, enterprise_id, expires_at);
}

std::string Authenticator::sign_borrower_token(std::string_view token_key, std::string_view subject,
                                               std::string_view enterprise_id,
                                               Timestamp expires_at) {
  const std::string payload =
      security::base64url_encode(token_payload(subject, enterprise_id, unix_seconds(expires_at)));
  return std::string(kBorrowerTokenPrefix) + payload + "." + token_mac(token_key, payload);
}

}  // namespace smecredit::api
