// Check characters of Chinese registry identifiers.
//
// Two national identifiers carry a check character that catches single-
// character typos and most transpositions:
//
//   * the unified social credit code (统一社会信用代码, GB 32100-2015): 18
//     characters from the 31-character alphabet "0123456789ABCDEFGHJKLMNPQRTUWXY"
//     (no I, O, S, V, Z). Position 18 is the check character: with weights
//     W_i = 3^i mod 31 (i = 0..16) and C_i the alphabet index of character i,
//     check = 31 - (sum C_i * W_i mod 31), where 31 becomes 0.
//   * the resident identity number (公民身份号码, GB 11643-1999): 17 digits
//     and a check character by ISO 7064 MOD 11-2: with weights
//     W_i = 2^(17-i) mod 11, the check is "10X98765432"[sum a_i * W_i mod 11].
//
// Validation is structural only: it proves the code is well formed, not that
// it was ever issued. Errors are kInvalidArgument values whose messages say
// which rule failed (length, character and position, date, check character);
// they never repeat the code itself, because resident numbers are personal
// data. Pure: no I/O, no allocation beyond error messages.
//
// Example:
//   SC_ASSIGN_OR_RETURN(char check, uscc_check_char("91350100M000100Y4"));
//   // check == '3'
//   SC_RETURN_IF_ERROR(validate_resident_id(number));
#pragma once

#include <string_view>

#include "core/result.h"

namespace smecredit {

inline constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr int kUsccLength = 18;
inline constexpr int kResidentIdLength = 18;

// The check character for the first 17 characters of a unified social
// credit code. `body` must be exactly 17 characters from kUsccAlphabet.
Result<char> uscc_check_char(std::string_view body);

// OK when `code` is 18 characters from kUsccAlphabet, positions 3-8 (the
// administrative division) are digits, and position 18 is the check character.
// Lower-case letters are rejected: the standard prints codes in upper case.
Status validate_uscc(std::string_view code);

// The check character ('0'-'9' or 'X') for the first 17 digits of a resident
// identity number. `body` must be exactly 17 decimal digits.
Result<char> resident_id_check_char(std::string_view body);

// OK when `number` is 17 digits, a birth date YYYYMMDD at positions 7-14
// that exists in the Gregorian calendar (year 1800-2099), and the check
// character ('X' upper case only) at position 18.
Status validate_resident_id(std::string_view number);

}  // namespace smecredit
