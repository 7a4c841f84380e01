// Money: an amount as an integer count of a currency's minor unit.
//
// CNY amounts are counted in fen (分, 1/100 yuan); JPY has no minor unit.
// There is no floating point anywhere in this type. Every operation that
// could overflow int64 (about 9.2 * 10^16 yuan) returns ErrorCode::kOverflow;
// mixing currencies returns ErrorCode::kInvalidArgument. Where a computation
// yields a fraction of a minor unit (interest, fees as a percentage) it is
// carried exactly in 128 bits and rounded once by an explicit mode.
//
// Thread-safety: a value type; immutable after construction.
//
// Example:
//   Money principal = Money::parse("5000.00", kCny).value();   // 500000 fen
//   Money interest = principal.multiply_ratio(12, 1200, Rounding::kHalfEven).value();
//   interest.to_string();                                       // "50.00"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/result.h"
#include "core/rounding.h"

namespace smecredit {

struct Currency {
  std::string_view code;  // ISO 4217, e.g. "CNY"
  int minor_digits = 2;   // digits after the point: 2 for CNY (fen)

  bool operator==(const Currency& other) const { return code == other.code; }
};

inline constexpr Currency kCny{"CNY", 2};

// The currencies the platform knows; unknown codes are an error.
Result<Currency> find_currency(std::string_view code);

class Money {
 public:
  Money() : minor_units_(0), currency_(kCny) {}
  static Money from_minor_units(int64_t minor_units, Currency currency) {
    return Money(minor_units, currency);
  }
  static Money zero(Currency currency) { return Money(0, currency); }
  // "5000.00", "-3.5", "12": at most the currency's minor digits after the
  // point; more digits are an error, never silently rounded.
  static Result<Money> parse(std::string_view text, Currency currency);
  // Rounds a decimal amount of major units to the minor unit.
  static Result<Money> from_decimal(const Decimal& amount, Currency currency, Rounding mode);

  int64_t minor_units() const { return minor_units_; }
  const Currency& currency() const { return currency_; }
  bool is_zero() const { return minor_units_ == 0; }
  bool is_negative() const { return minor_units_ < 0; }
  bool is_positive() const { return minor_units_ > 0; }

  Result<Money> add(const Money& other) const;
  Result<Money> subtract(const Money& other) const;
  Result<Money> multiply(int64_t factor) const;
  Result<Money> negate() const;
  // this * numerator / denominator, exact in 128 bits, rounded once.
  // denominator must be non-zero (kInvalidArgument otherwise).
  Result<Money> multiply_ratio(Int128 numerator, Int128 denominator, Rounding mode) const;
  // this * rate, rounded once to the minor unit.
  Result<Money> multiply_rate(const Decimal& rate, Rounding mode) const;
  // The amount in major units as an exact decimal ("12.30" -> 12.30).
  Decimal to_decimal() const;

  // "5000.00" (the currency's minor digits, no code, no grouping).
  std::string to_string() const;

  bool operator==(const Money& other) const {
    return minor_units_ == other.minor_units_ && currency_ == other.currency_;
  }
  // Ordering across currencies is a programmer error (aborts).
  bool operator<(const Money& other) const;
  bool operator<=(const Money& other) const { return !(other < *this); }
  bool operator>(const Money& other) const { return other < *this; }
  bool operator>=(const Money& other) const { return !(*this < other); }

 private:
  Money(int64_t minor_units, Currency currency) : minor_units_(minor_units), currency_(currency) {}
  Status same_currency(const Money& other) const;

  int64_t minor_units_;
  Currency currency_;
};

}  // namespace smecredit
