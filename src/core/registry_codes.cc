#include "core/registry_codes.h"

#include <array>
#include <string>

namespace smecredit {
namespace {

constexpr int kBodyLength = 17;
constexpr std::string_view kResidentCheckChars = "10X98765432";

// 3^i mod 31 for i = 0..16.
constexpr std::array<int, kBodyLength> kUsccWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                       29, 25, 13, 8,  24, 10, 30, 28};
// 2^(17-i) mod 11 for i = 0..16.
constexpr std::array<int, kBodyLength> kResidentWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                           3, 7, 9,  10, 5, 8, 4, 2};

Error invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::string position_text(size_t index) {
  return "position " + std::to_string(index + 1);
}

int uscc_index(char c) {
  const size_t found = kUsccAlphabet.find(c);
  return found == std::string_view::npos ? -1 : static_cast<int>(found);
}

Error uscc_bad_char(char c, size_t index) {
  if (c >= 'a' && c <= 'z') {
    return invalid("unified social credit code: lower-case letter at " + position_text(index) +
                   " (codes are upper case)");
  }
  if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z') {
    return invalid("unified social credit code: letter " + std::string(1, c) + " at " +
                   position_text(index) + " is not in the code alphabet (no I, O, S, V, Z)");
  }
  return invalid("unified social credit code: character at " + position_text(index) +
                 " is not a digit or an allowed upper-case letter");
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int digits_value(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[static_cast<size_t>(month - 1)];
}

Status check_birth_date(std::string_view yyyymmdd) {
  const int year = digits_value(yyyymmdd.substr(0, 4));
  const int month = digits_value(yyyymmdd.substr(4, 2));
  const int day = digits_value(yyyymmdd.substr(6, 2));
  if (year < 1800 || year > 2099) {
    return invalid("resident identity number: birth year (positions 7-10) outside 1800-2099");
  }
  if (month < 1 || month > 12) {
    return invalid("resident identity number: birth month (positions 11-12) is not 01-12");
  }
  if (day < 1 || day > days_in_month(year, month)) {
    return invalid(
        "resident identity number: birth day (positions 13-14) does not exist in that month");
  }
  return ok_status();
}

}  // namespace

Result<char> uscc_check_char(std::string_view body) {
  if (body.size() != kBodyLength) {
    return invalid("unified social credit code: the check is computed over 17 characters, got " +
                   std::to_string(body.size()));
  }
  int sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    const int index = uscc_index(body[i]);
    if (index < 0) return uscc_bad_char(body[i], i);
    sum += index * kUsccWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kUsccAlphabet[static_cast<size_t>(check)];
}

Status validate_uscc(std::string_view code) {
  if (code.size() != kUsccLength) {
    return invalid("unified social credit code: must be 18 characters, got " +
                   std::to_string(code.size()));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (uscc_index(code[i]) < 0) return uscc_bad_char(code[i], i);
  }
  for (size_t i = 2; i < 8; ++i) {
    if (!is_digit(code[i])) {
      return invalid("unified social credit code: " + position_text(i) +
                     " must be a digit (positions 3-8 are the administrative division code)");
    }
  }
  SC_ASSIGN_OR_RETURN(const char expected, uscc_check_char(code.substr(0, kBodyLength)));
  if (code[kBodyLength] != expected) {
    return invalid(
        "unified social credit code: check character (position 18) does not match the first 17 "
        "characters");
  }
  return ok_status();
}

Result<char> resident_id_check_char(std::string_view body) {
  if (body.size() != kBodyLength) {
    return invalid("resident identity number: the check is computed over 17 digits, got " +
                   std::to_string(body.size()));
  }
  int sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (!is_digit(body[i])) {
      return invalid("resident identity number: " + position_text(i) + " must be a digit");
    }
    sum += (body[i] - '0') * kResidentWeights[i];
  }
  return kResidentCheckChars[static_cast<size_t>(sum % 11)];
}

Status validate_resident_id(std::string_view number) {
  if (number.size() != kResidentIdLength) {
    return invalid("resident identity number: must be 18 characters, got " +
                   std::to_string(number.size()));
  }
  SC_ASSIGN_OR_RETURN(const char expected, resident_id_check_char(number.substr(0, kBodyLength)));
  SC_RETURN_IF_ERROR(check_birth_date(number.substr(6, 8)));
  const char actual = number[kBodyLength];
  if (actual == 'x') {
    return invalid("resident identity number: check character must be upper-case X");
  }
  if (!is_digit(actual) && actual != 'X') {
    return invalid("resident identity number: check character (position 18) must be 0-9 or X");
  }
  if (actual != expected) {
    return invalid(
        "resident identity number: check character (position 18) does not match the first 17 "
        "digits");
  }
  return ok_status();
}

}  // namespace smecredit
