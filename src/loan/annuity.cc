#include "loan/annuity.h"

#include <cstdlib>
#include <vector>

namespace smecredit::loan {

namespace {

using UInt128 = unsigned __int128;

// Just enough unbounded unsigned arithmetic for one exact PMT: products by
// 64-bit factors, subtraction, comparison and shifts. Little-endian 32-bit
// limbs with no leading zero limbs.
class BigUnsigned {
 public:
  explicit BigUnsigned(UInt128 value) {
    while (value != 0) {
      limbs_.push_back(static_cast<uint32_t>(value));
      value >>= 32;
    }
  }

  void multiply_small(uint64_t factor) {
    UInt128 carry = 0;
    for (uint32_t& limb : limbs_) {
      const UInt128 product = UInt128{limb} * factor + carry;
      limb = static_cast<uint32_t>(product);
      carry = product >> 32;
    }
    while (carry != 0) {
      limbs_.push_back(static_cast<uint32_t>(carry));
      carry >>= 32;
    }
  }

  // *this -= other; requires *this >= other.
  void subtract(const BigUnsigned& other) {
    int64_t borrow = 0;
    for (size_t i = 0; i < limbs_.size(); ++i) {
      int64_t difference = int64_t{limbs_[i]} - borrow;
      if (i < other.limbs_.size()) difference -= other.limbs_[i];
      borrow = difference < 0 ? 1 : 0;
      limbs_[i] = static_cast<uint32_t>(difference + (borrow << 32));
    }
    trim();
  }

  int compare(const BigUnsigned& other) const {
    if (limbs_.size() != other.limbs_.size()) return limbs_.size() < other.limbs_.size() ? -1 : 1;
    for (size_t i = limbs_.size(); i-- > 0;) {
      if (limbs_[i] != other.limbs_[i]) return limbs_[i] < other.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

  int bit_length() const {
    if (limbs_.empty()) return 0;
    return static_cast<int>(32 * (limbs_.size() - 1)) + (32 - __builtin_clz(limbs_.back()));
  }

  bool is_zero() const { return limbs_.empty(); }

  void shift_left(int bits) {
    const size_t whole = static_cast<size_t>(bits / 32);
    const int rest = bits % 32;
    limbs_.insert(limbs_.begin(), whole, 0u);
    if (rest == 0) return;
    uint32_t carry = 0;
    for (uint32_t& limb : limbs_) {
      const uint32_t next_carry = limb >> (32 - rest);
      limb = (limb << rest) | carry;
      carry = next_carry;
    }
    if (carry != 0) limbs_.push_back(carry);
  }

  void shift_right_one() {
    for (size_t i = 0; i < limbs_.size(); ++i) {
      const uint32_t high = i + 1 < limbs_.size() ? limbs_[i + 1] << 31 : 0u;
      limbs_[i] = (limbs_[i] >> 1) | high;
    }
    trim();
  }

 private:
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }

  std::vector<uint32_t> limbs_;
};

// numerator / denominator rounded by `mode`; the quotient must fit in 120 bits.
Int128 divide_big_rounded(BigUnsigned numerator, const BigUnsigned& denominator, Rounding mode) {
  if (denominator.is_zero()) std::abort();
  const int shift = numerator.bit_length() - denominator.bit_length();
  if (shift > 120) std::abort();
  Int128 quotient = 0;
  if (shift >= 0) {
    BigUnsigned shifted = denominator;
    shifted.shift_left(shift);
    for (int bit = shift; bit >= 0; --bit) {
      quotient <<= 1;
      if (numerator.compare(shifted) >= 0) {
        numerator.subtract(shifted);
        quotient |= 1;
      }
      shifted.shift_right_one();
    }
  }
  // Encode the remainder's position against one half as quarters, so that the
  // core rounding rules decide: 0 exact, 1 below half, 2 half, 3 above half.
  int quarters = 0;
  if (!numerator.is_zero()) {
    numerator.shift_left(1);
    const int against_half = numerator.compare(denominator);
    quarters = against_half < 0 ? 1 : (against_half == 0 ? 2 : 3);
  }
  return divide_rounded(quotient * 4 + quarters, 4, mode);
}

BigUnsigned power(uint64_t base, int exponent) {
  BigUnsigned result(1);
  for (int i = 0; i < exponent; ++i) result.multiply_small(base);
  return result;
}

}  // namespace

int64_t equal_installment(int64_t principal_minor_units, PeriodicRate rate, int periods,
                          int64_t multiple_minor_units, Rounding mode) {
  if (principal_minor_units <= 0 || periods < 1 || multiple_minor_units < 1) std::abort();
  const auto principal = static_cast<uint64_t>(principal_minor_units);
  const auto multiple = static_cast<uint64_t>(multiple_minor_units);
  if (rate.numerator == 0) {
    BigUnsigned denominator(static_cast<uint64_t>(periods));
    denominator.multiply_small(multiple);
    return static_cast<int64_t>(divide_big_rounded(BigUnsigned(principal), denominator, mode) *
                                multiple_minor_units);
  }
  // i = a / b: PMT = P * a * (b + a)^n / (b * ((b + a)^n - b^n)).
  const uint64_t a = rate.numerator;
  const uint64_t b = rate.denominator;
  const BigUnsigned grown = power(b + a, periods);
  BigUnsigned numerator = grown;
  numerator.multiply_small(principal);
  numerator.multiply_small(a);
  BigUnsigned denominator = grown;
  denominator.subtract(power(b, periods));
  denominator.multiply_small(b);
  denominator.multiply_small(multiple);
  return static_cast<int64_t>(divide_big_rounded(numerator, denominator, mode) *
                              multiple_minor_units);
}

}  // namespace smecredit::loan
