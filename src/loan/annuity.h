// The equal installment (PMT) of an annuity, computed exactly.
//
// With a periodic rate i = numerator / denominator, the installment that
// repays `principal` in `periods` equal payments is
//   P * i * (1 + i)^n / ((1 + i)^n - 1),
// a rational number whose numerator and denominator outgrow 128 bits after a
// few periods. equal_installment() evaluates it with unbounded unsigned
// integers and rounds once, to a multiple of `multiple_minor_units`, by
// `mode`. No floating point is involved, so the result never depends on the
// platform and ties round exactly as the mode says.
//
// Thread-safety: a pure function.
//
// Example (8% a year, monthly, 10 periods, 10,000.00):
//   equal_installment(1'000'000, {8, 1200}, 10, 1, Rounding::kHalfEven);   // 103703 fen
#pragma once

#include <cstdint>

#include "core/rounding.h"

namespace smecredit::loan {

// An exact periodic rate numerator / denominator; both positive, or a zero
// numerator for an interest-free loan. Each must stay below 2^62.
struct PeriodicRate {
  uint64_t numerator = 0;
  uint64_t denominator = 1;
};

// The installment in minor units, rounded to a multiple of
// multiple_minor_units (>= 1). principal_minor_units must be positive and
// periods >= 1; the result fits in int64 for principal below 2^62.
int64_t equal_installment(int64_t principal_minor_units, PeriodicRate rate, int periods,
                          int64_t multiple_minor_units, Rounding mode);

}  // namespace smecredit::loan
