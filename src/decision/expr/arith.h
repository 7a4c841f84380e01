// Exact decimal arithmetic for expressions, over the core Decimal.
//
// Unlike Decimal's own operations these never fail merely because the exact
// result has more than 18 significant digits: they keep as many fractional
// digits as fit, rounded half-even, and fail (kOverflow) only when the
// integer part does not fit. Results are deterministic.
#pragma once

#include "core/decimal.h"
#include "core/result.h"

namespace smecredit::decision {

Result<Decimal> decimal_add(const Decimal& a, const Decimal& b);
Result<Decimal> decimal_subtract(const Decimal& a, const Decimal& b);
Result<Decimal> decimal_multiply(const Decimal& a, const Decimal& b);
// a / b with `scale` fractional digits (fewer when the integer part needs
// them), rounded by `mode`; b == 0 is kInvalidArgument.
Result<Decimal> decimal_divide(const Decimal& a, const Decimal& b, int scale, Rounding mode);
// The remainder of a / b truncated toward zero (sign of a); b == 0 fails.
Result<Decimal> decimal_remainder(const Decimal& a, const Decimal& b);

}  // namespace smecredit::decision
