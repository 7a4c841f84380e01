// Who is calling: API keys for partners and staff, signed tokens for borrowers.
//
// Every /v1 request carries `Authorization: Bearer <credential>`:
//   - an API key "sk_<key id>.<secret>", issued by `smecredit keys create`
//     (or the demo loader). Only the SHA-256 of the secret is stored; the key
//     is shown once, at creation. Keys carry a role (partner, officer,
//     auditor, admin) and can be revoked.
//   - a borrower token "bt1.<payload>.<mac>", an HMAC-SHA-256-signed,
//     expiring statement "this subject acts for this enterprise". Borrowers
//     see and change only their own enterprise.
//
// Thread-safety: an Authenticator is immutable after construction apart from
// the store it reads; share it between the server's threads.
//
// Example:
//   Authenticator auth(store, token_key, clock);
//   IssuedApiKey key = auth.create_api_key(Role::kOfficer, "risk desk", "").value();
//   Result<Principal> who = auth.authenticate(request);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/result.h"
#include "store/store.h"

namespace smecredit::api {

enum class Role : uint8_t { kBorrower, kPartner, kOfficer, kAuditor, kAdmin };

inline constexpr Role kAllRoles[] = {Role::kBorrower, Role::kPartner, Role::kOfficer,
                                     Role::kAuditor, Role::kAdmin};

// "borrower", "partner", "officer", "auditor", "admin".
std::string_view role_name(Role role);
Result<Role> parse_role(std::string_view name);

// A set of roles, as a bit mask: RoleSet{Role::kOfficer, Role::kAdmin}.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (const Role r : roles) bits_ |= bit(r);
  }
  constexpr bool contains(Role role) const { return (bits_ & bit(role)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  static constexpr uint8_t bit(Role role) { return uint8_t{1} << static_cast<uint8_t>(role); }
  uint8_t bits_ = 0;
};

struct Principal {
  std::string subject;  // key id, or the borrower's subject; never a secret
  Role role = Role::kBorrower;
  std::string enterprise_id;  // borrowers: the one enterprise they act for
  std::string partner_id;     // partners: whose referrals they see
};

// kPermissionDenied unless the principal may act for `enterprise_id`: staff
// roles may, borrowers only for their own, partners for their referrals
// (`referred_by` is the enterprise's referring partner, or empty).
Status check_enterprise_access(const Principal& principal, std::string_view enterprise_id,
                               std::string_view referred_by);

struct IssuedApiKey {
  std::string key_id;
  std::string credential;  // "sk_<key id>.<secret>": shown once, never stored
};

class Authenticator {
 public:
  // `token_key` is the HMAC key for borrower tokens (at least 32 bytes).
  // The store and clock must outlive the Authenticator.
  Authenticator(store::Store& store, std::string token_key, const Clock& clock);

  // kUnauthenticated when the header is missing, malformed, unknown, revoked
  // or expired. The message never echoes the credential.
  Result<Principal> authenticate(const HttpRequest& request) const;

  Result<IssuedApiKey> create_api_key(Role role, std::string_view name,
                                      std::string_view partner_id) const;
  Status revoke_api_key(std::string_view key_id) const;

  // A borrower token for `subject` acting for `enterprise_id`, valid until
  // `expires_at`.
  std::string issue_borrower_token(std::string_view subject, std::string_view enterprise_id,
                                   Timestamp expires_at) const;
  // The same, for tools that hold the key but no store (`smecredit token`).
  static std::string sign_borrower_token(std::string_view token_key, std::string_view subject,
                                         std::string_view enterprise_id, Timestamp expires_at);

 private:
  Result<Principal> authenticate_api_key(std::string_view credential) const;
  Result<Principal> authenticate_borrower_token(std::string_view credential) const;

  store::Store& store_;
  std::string token_key_;
  const Clock& clock_;
};

}  // namespace smecredit::api
