// An enterprise as the platform registers it: the registry facts, the
// people behind it (personal data), and how the borrower signs.
//
// validate_enterprise() checks an input completely before anything is
// stored: the unified social credit code's check character (GB 32100), the
// legal representative's and owners' resident identity numbers (GB 11643),
// owners' shares (0 < share <= 100, summing to at most 100), the borrower's
// Ed25519 public key (64 hex digits) when given. Errors name the field.
//
// Example:
//   EnterpriseInput in{.uscc = "91350100M000100Y43", .name = "…", ...};
//   Status ok = validate_enterprise(in);
#pragma once

#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"

namespace smecredit::origination {

struct Person {
  std::string name;
  std::string id_number;  // resident identity number, 18 characters
  std::string phone;
};

struct Owner {
  std::string name;
  std::string id_number;
  Decimal share_percent;  // 0 < share <= 100
};

// GB/T 4754 sections A-T; small and micro enterprises and individual businesses.
inline constexpr std::string_view kEnterpriseKinds[] = {"small", "micro", "individual"};

struct EnterpriseInput {
  std::string uscc;  // 统一社会信用代码
  std::string name;
  std::string kind;      // kEnterpriseKinds
  std::string industry;  // GB/T 4754 section letter, "A".."T"
  std::string region;    // administrative division code, 6 digits
  Person legal_rep;
  std::vector<Owner> owners;
  std::string bank_account;         // where disbursements go
  std::string borrower_public_key;  // Ed25519, 64 hex digits; may be empty until signing
  std::string referred_by;          // the referring partner's id, or empty
};

inline constexpr size_t kMaxOwners = 50;
inline constexpr size_t kMaxNameBytes = 200;

Status validate_enterprise(const EnterpriseInput& input);

// "张*", "1101**********1234", "138****8000": what responses show.
std::string mask_name(std::string_view name);
std::string mask_id_number(std::string_view id_number);
std::string mask_phone(std::string_view phone);
std::string mask_account(std::string_view account);

}  // namespace smecredit::origination
