// Decimal: an exact decimal number for rates, ratios and other non-money
// quantities (money is `Money`, in integer minor units).
//
// Representation: a signed 64-bit mantissa and a scale of 0..18 fractional
// digits; the value is mantissa / 10^scale. Parsing and formatting are exact;
// addition, subtraction and comparison are exact; multiplication is exact up
// to 18 fractional digits and rounds half-even beyond that; division takes an
// explicit result scale and rounding mode. Every operation that could exceed
// the range returns ErrorCode::kOverflow instead of wrapping.
//
// Example:
//   Decimal annual = Decimal::parse("0.12").value();     // 12%
//   Decimal monthly = annual.divide(Decimal::from_int(12), 10, Rounding::kHalfEven).value();
//   monthly.to_string();                                  // "0.0100000000"
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/rounding.h"

namespace smecredit {

class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  constexpr Decimal() = default;
  static Decimal from_int(int64_t value) { return Decimal(value, 0); }
  // mantissa / 10^scale; scale must be in [0, kMaxScale] (programmer error).
  static Decimal from_parts(int64_t mantissa, int scale);
  // "12", "-0.125", "3.50"; no exponent, no spaces, at most 18 fraction digits.
  static Result<Decimal> parse(std::string_view text);

  int64_t mantissa() const { return mantissa_; }
  int scale() const { return scale_; }
  bool is_zero() const { return mantissa_ == 0; }
  bool is_negative() const { return mantissa_ < 0; }

  Result<Decimal> add(const Decimal& other) const;
  Result<Decimal> subtract(const Decimal& other) const;
  Result<Decimal> multiply(const Decimal& other) const;
  Result<Decimal> divide(const Decimal& divisor, int result_scale, Rounding mode) const;
  // The same value at another scale, rounding when the scale shrinks.
  Result<Decimal> rescale(int new_scale, Rounding mode) const;
  // Drops trailing fractional zeros: 1.500 -> 1.5.
  Decimal normalized() const;

  // Only for models and solvers; never for money.
  double to_double() const;

  // Keeps the scale: Decimal::parse("1.50") prints "1.50".
  std::string to_string() const;

  std::strong_ordering operator<=>(const Decimal& other) const;
  bool operator==(const Decimal& other) const { return std::is_eq(*this <=> other); }

 private:
  constexpr Decimal(int64_t mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

  int64_t mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace smecredit
