// Check characters of Chinese registry identifiers.
//
// The unified social credit code (统一社会信用代码, GB 32100-2015): 18
// characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z); the
// last is a check character, 31 - (Σ value_i × 3^i mod 31) mod 31 over the
// first 17. The resident identity number (GB 11643-1999): 17 digits and an
// ISO 7064 MOD 11-2 check character (0-9 or X).
//
// Example:
//   validate_uscc("91350100M000100Y43");             // ok
//   uscc_check_character("91350100M000100Y4");       // 'Y'... computed
//   validate_resident_id("11010519491231002X");      // ok
#pragma once

#include <string_view>

#include "core/result.h"

namespace smecredit {

// The check character for the first 17 characters of a code; kInvalidArgument
// when they are not 17 characters of the code's alphabet.
Result<char> uscc_check_character(std::string_view first17);
// kInvalidArgument naming what is wrong: length, a character outside the
// alphabet, or the check character (with the expected one).
Status validate_uscc(std::string_view code);

Result<char> resident_id_check_character(std::string_view first17);
Status validate_resident_id(std::string_view id_number);

}  // namespace smecredit
