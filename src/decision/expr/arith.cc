#include "decision/expr/arith.h"

#include <algorithm>

namespace smecredit::decision {

namespace {

Int128 widen(const Decimal& d, int scale) {
  return Int128{d.mantissa()} * power_of_ten(scale - d.scale());
}

// mantissa / 10^scale reduced to the most fractional digits that fit.
Result<Decimal> fit(Int128 mantissa, int scale) {
  while (scale > Decimal::kMaxScale || (!fits_int64(mantissa) && scale > 0)) {
    mantissa = divide_rounded(mantissa, 10, Rounding::kHalfEven);
    --scale;
  }
  if (!fits_int64(mantissa)) return Error{ErrorCode::kOverflow, "number out of range"};
  return Decimal::from_parts(static_cast<int64_t>(mantissa), scale);
}

}  // namespace

Result<Decimal> decimal_add(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale(), b.scale());
  return fit(widen(a, scale) + widen(b, scale), scale);
}

Result<Decimal> decimal_subtract(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale(), b.scale());
  return fit(widen(a, scale) - widen(b, scale), scale);
}

Result<Decimal> decimal_multiply(const Decimal& a, const Decimal& b) {
  return fit(Int128{a.mantissa()} * Int128{b.mantissa()}, a.scale() + b.scale());
}

Result<Decimal> decimal_divide(const Decimal& a, const Decimal& b, int scale, Rounding mode) {
  if (b.is_zero()) return Error{ErrorCode::kInvalidArgument, "division by zero"};
  for (int s = std::clamp(scale, 0, Decimal::kMaxScale); s >= 0; --s) {
    Result<Decimal> quotient = a.divide(b, s, mode);
    if (quotient.ok()) return quotient;
  }
  return Error{ErrorCode::kOverflow, "number out of range"};
}

Result<Decimal> decimal_remainder(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return Error{ErrorCode::kInvalidArgument, "division by zero"};
  const int scale = std::max(a.scale(), b.scale());
  const Int128 x = widen(a, scale);
  const Int128 y = widen(b, scale);
  return fit(x % y, scale);
}

}  // namespace smecredit::decision
