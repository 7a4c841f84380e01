// Rounding modes and exact rounded division on 128-bit integers.
//
// Money never passes through floating point: where a computation produces a
// fraction of a minor unit, it is carried as an exact 128-bit numerator and
// denominator and rounded once, here, with a mode the product chooses.
//
// Example:
//   Int128 fen = divide_rounded(Int128{500000} * 12, 1200, Rounding::kHalfEven);
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace smecredit {

using Int128 = __int128;

enum class Rounding {
  kHalfEven,  // banker's rounding: ties go to the even neighbour
  kHalfUp,    // ties go away from zero (四舍五入)
  kDown,      // toward zero (truncate)
  kUp,        // away from zero
};

// Parses "half-even", "half-up", "down" or "up".
Result<Rounding> parse_rounding(std::string_view text);
std::string_view rounding_name(Rounding mode);

// numerator / denominator rounded to an integer by `mode`. `denominator` must
// not be zero (programmer error). Exact for every representable input.
Int128 divide_rounded(Int128 numerator, Int128 denominator, Rounding mode);

// 10^exponent for 0 <= exponent <= 38 (programmer error otherwise).
Int128 power_of_ten(int exponent);

// a * b, or nullopt-like failure reported as false when it would overflow.
bool checked_multiply(Int128 a, Int128 b, Int128* out);

// True when value fits in int64_t.
bool fits_int64(Int128 value);

}  // namespace smecredit
