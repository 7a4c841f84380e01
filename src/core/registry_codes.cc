#include "core/registry_codes.h"

#include <string>

namespace smecredit {

namespace {

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr int kIdWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheck = "10X98765432";
constexpr size_t kCodeLength = 18;

Error invalid(std::string what) {
  return Error{ErrorCode::kInvalidArgument, std::move(what)};
}

}  // namespace

Result<char> uscc_check_character(std::string_view first17) {
  if (first17.size() != kCodeLength - 1) return invalid("expected 17 characters");
  int sum = 0;
  for (size_t i = 0; i < first17.size(); ++i) {
    const size_t value = kUsccAlphabet.find(first17[i]);
    if (value == std::string_view::npos) {
      return invalid("character " + std::to_string(i + 1) +
                     " is not allowed in a unified social credit code");
    }
    sum += static_cast<int>(value) * kUsccWeights[i];
  }
  return kUsccAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

Status validate_uscc(std::string_view code) {
  if (code.size() != kCodeLength) {
    return invalid("a unified social credit code has 18 characters");
  }
  SC_ASSIGN_OR_RETURN(const char expected, uscc_check_character(code.substr(0, 17)));
  if (code[17] != expected) {
    return invalid("the unified social credit code's check character should be '" +
                   std::string(1, expected) + "'");
  }
  return ok_status();
}

Result<char> resident_id_check_character(std::string_view first17) {
  if (first17.size() != kCodeLength - 1) return invalid("expected 17 digits");
  int sum = 0;
  for (size_t i = 0; i < first17.size(); ++i) {
    if (first17[i] < '0' || first17[i] > '9') {
      return invalid("character " + std::to_string(i + 1) +
                     " of an identity number is not a digit");
    }
    sum += (first17[i] - '0') * kIdWeights[i];
  }
  return kIdCheck[static_cast<size_t>(sum % 11)];
}

Status validate_resident_id(std::string_view id_number) {
  if (id_number.size() != kCodeLength) return invalid("an identity number has 18 characters");
  SC_ASSIGN_OR_RETURN(const char expected, resident_id_check_character(id_number.substr(0, 17)));
  if (id_number[17] != expected) {
    return invalid("the identity number's check character does not match");
  }
  return ok_status();
}

}  // namespace smecredit
