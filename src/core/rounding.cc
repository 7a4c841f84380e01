#include "core/rounding.h"

#include <cstdlib>
#include <limits>

namespace smecredit {

Result<Rounding> parse_rounding(std::string_view text) {
  if (text == "half-even") return Rounding::kHalfEven;
  if (text == "half-up") return Rounding::kHalfUp;
  if (text == "down") return Rounding::kDown;
  if (text == "up") return Rounding::kUp;
  return Error{ErrorCode::kInvalidArgument,
               "unknown rounding mode (expected half-even, half-up, down or up)"};
}

std::string_view rounding_name(Rounding mode) {
  switch (mode) {
    case Rounding::kHalfEven:
      return "half-even";
    case Rounding::kHalfUp:
      return "half-up";
    case Rounding::kDown:
      return "down";
    case Rounding::kUp:
      return "up";
  }
  return "half-even";
}

namespace {
Int128 absolute(Int128 v) {
  return v < 0 ? -v : v;
}
}  // namespace

Int128 divide_rounded(Int128 numerator, Int128 denominator, Rounding mode) {
  if (denominator == 0) std::abort();
  const Int128 quotient = numerator / denominator;
  const Int128 remainder = numerator % denominator;
  if (remainder == 0) return quotient;
  const bool negative = (numerator < 0) != (denominator < 0);
  const Int128 away = negative ? quotient - 1 : quotient + 1;
  const Int128 rem = absolute(remainder);
  const Int128 rest = absolute(denominator) - rem;  // distance to the next integer
  switch (mode) {
    case Rounding::kDown:
      return quotient;
    case Rounding::kUp:
      return away;
    case Rounding::kHalfUp:
      return rem >= rest ? away : quotient;
    case Rounding::kHalfEven:
      if (rem > rest) return away;
      if (rem < rest) return quotient;
      return (quotient % 2 == 0) ? quotient : away;
  }
  return quotient;
}

Int128 power_of_ten(int exponent) {
  if (exponent < 0 || exponent > 38) std::abort();
  Int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

bool checked_multiply(Int128 a, Int128 b, Int128* out) {
  return !__builtin_mul_overflow(a, b, out);
}

bool fits_int64(Int128 value) {
  return value >= std::numeric_limits<int64_t>::min() &&
         value <= std::numeric_limits<int64_t>::max();
}

}  // namespace smecredit
