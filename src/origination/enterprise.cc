#include "origination/enterprise.h"

#include "core/mask.h"
#include "core/registry_codes.h"

namespace smecredit::origination {

namespace {

Error field_error(std::string_view field, std::string_view message) {
  return Error{ErrorCode::kInvalidArgument, std::string(field) + ": " + std::string(message)};
}

Status check_text(std::string_view field, std::string_view value, size_t max_bytes) {
  if (value.empty()) return field_error(field, "is required");
  if (value.size() > max_bytes) {
    return field_error(field, "is longer than " + std::to_string(max_bytes) + " bytes");
  }
  for (const char c : value) {
    if (static_cast<unsigned char>(c) < 0x20) return field_error(field, "has control characters");
  }
  return ok_status();
}

Status check_digits(std::string_view field, std::string_view value, size_t min, size_t max) {
  if (value.size() < min || value.size() > max ||
      value.find_first_not_of("0123456789") != std::string_view::npos) {
    return field_error(field,
                       "must be " + std::to_string(min) + "-" + std::to_string(max) + " digits");
  }
  return ok_status();
}

Status with_field(std::string_view field, const Status& status) {
  if (status.ok()) return status;
  return field_error(field, status.error().message);
}

Status check_kind_and_industry(const EnterpriseInput& in) {
  bool known_kind = false;
  for (const std::string_view kind : kEnterpriseKinds) known_kind = known_kind || in.kind == kind;
  if (!known_kind) return field_error("kind", "must be small, micro or individual");
  if (in.industry.size() != 1 || in.industry[0] < 'A' || in.industry[0] > 'T') {
    return field_error("industry", "must be a GB/T 4754 section letter A-T");
  }
  return check_digits("region", in.region, 6, 6);
}

Status check_owners(const std::vector<Owner>& owners) {
  if (owners.size() > kMaxOwners) return field_error("owners", "at most 50");
  const Decimal hundred = Decimal::from_int(100);
  Decimal total = Decimal::from_int(0);
  for (size_t i = 0; i < owners.size(); ++i) {
    const std::string at = "owners[" + std::to_string(i) + "]";
    SC_RETURN_IF_ERROR(check_text(at + ".name", owners[i].name, kMaxNameBytes));
    SC_RETURN_IF_ERROR(with_field(at + ".id_number", validate_resident_id(owners[i].id_number)));
    const Decimal& share = owners[i].share_percent;
    if (share <= Decimal::from_int(0) || share > hundred) {
      return field_error(at + ".share_percent", "must be above 0 and at most 100");
    }
    SC_ASSIGN_OR_RETURN(total, total.add(share));
  }
  if (total > hundred) return field_error("owners", "shares sum to more than 100%");
  return ok_status();
}

Status check_public_key(std::string_view key) {
  if (key.empty()) return ok_status();
  if (key.size() != 64 || key.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return field_error("borrower_public_key", "must be 64 lower-case hex digits (Ed25519)");
  }
  return ok_status();
}

}  // namespace

Status validate_enterprise(const EnterpriseInput& in) {
  SC_RETURN_IF_ERROR(with_field("uscc", validate_uscc(in.uscc)));
  SC_RETURN_IF_ERROR(check_text("name", in.name, kMaxNameBytes));
  SC_RETURN_IF_ERROR(check_kind_and_industry(in));
  SC_RETURN_IF_ERROR(check_text("legal_rep.name", in.legal_rep.name, kMaxNameBytes));
  SC_RETURN_IF_ERROR(
      with_field("legal_rep.id_number", validate_resident_id(in.legal_rep.id_number)));
  SC_RETURN_IF_ERROR(check_digits("legal_rep.phone", in.legal_rep.phone, 11, 11));
  SC_RETURN_IF_ERROR(check_owners(in.owners));
  SC_RETURN_IF_ERROR(check_digits("bank_account", in.bank_account, 8, 30));
  SC_RETURN_IF_ERROR(check_public_key(in.borrower_public_key));
  if (in.referred_by.size() > 64) return field_error("referred_by", "is longer than 64 bytes");
  return ok_status();
}

std::string mask_name(std::string_view name) {
  return mask_middle(name, 1, 0);
}
std::string mask_id_number(std::string_view id_number) {
  return mask_middle(id_number, 4, 4);
}
std::string mask_phone(std::string_view phone) {
  return mask_middle(phone, 3, 4);
}
std::string mask_account(std::string_view account) {
  return mask_middle(account, 0, 4);
}

}  // namespace smecredit::origination
