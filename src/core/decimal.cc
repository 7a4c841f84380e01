#include "core/decimal.h"

#include <algorithm>
#include <cstdlib>

namespace smecredit {

namespace {

Result<Decimal> from_int128(Int128 mantissa, int scale) {
  if (!fits_int64(mantissa)) {
    return Error{ErrorCode::kOverflow, "decimal result exceeds 64-bit mantissa"};
  }
  return Decimal::from_parts(static_cast<int64_t>(mantissa), scale);
}

// Mantissa of `d` expressed at `scale` (>= d.scale()), exact in 128 bits.
Int128 widened(const Decimal& d, int scale) {
  return Int128{d.mantissa()} * power_of_ten(scale - d.scale());
}

}  // namespace

Decimal Decimal::from_parts(int64_t mantissa, int scale) {
  if (scale < 0 || scale > kMaxScale) std::abort();
  return Decimal(mantissa, scale);
}

Result<Decimal> Decimal::parse(std::string_view text) {
  const Error bad{ErrorCode::kInvalidArgument,
                  "not a decimal number (expected digits with an optional sign and point)"};
  if (text.empty() || text.size() > 64) return bad;
  size_t pos = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    pos = 1;
  }
  Int128 mantissa = 0;
  int scale = 0;
  int digits = 0;
  bool seen_point = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '.') {
      if (seen_point) return bad;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return bad;
    mantissa = mantissa * 10 + (c - '0');
    ++digits;
    if (seen_point) ++scale;
    if (mantissa > Int128{INT64_MAX}) {
      return Error{ErrorCode::kOverflow, "decimal has too many digits"};
    }
  }
  if (digits == 0 || (seen_point && text.back() == '.')) return bad;
  if (scale > kMaxScale) {
    return Error{ErrorCode::kInvalidArgument, "decimal has more than 18 fractional digits"};
  }
  return Decimal(static_cast<int64_t>(negative ? -mantissa : mantissa), scale);
}

Result<Decimal> Decimal::add(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  return from_int128(widened(*this, scale) + widened(other, scale), scale);
}

Result<Decimal> Decimal::subtract(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  return from_int128(widened(*this, scale) - widened(other, scale), scale);
}

Result<Decimal> Decimal::multiply(const Decimal& other) const {
  Int128 product = Int128{mantissa_} * Int128{other.mantissa_};
  int scale = scale_ + other.scale_;
  if (scale > kMaxScale) {
    product = divide_rounded(product, power_of_ten(scale - kMaxScale), Rounding::kHalfEven);
    scale = kMaxScale;
  }
  return from_int128(product, scale);
}

Result<Decimal> Decimal::divide(const Decimal& divisor, int result_scale, Rounding mode) const {
  if (result_scale < 0 || result_scale > kMaxScale) {
    return Error{ErrorCode::kInvalidArgument, "result scale must be 0..18"};
  }
  if (divisor.is_zero()) return Error{ErrorCode::kInvalidArgument, "division by zero"};
  // value = (m1 / 10^s1) / (m2 / 10^s2); mantissa at scale r = m1 * 10^(s2 + r - s1) / m2.
  const int shift = divisor.scale_ + result_scale - scale_;
  Int128 numerator = mantissa_;
  Int128 denominator = divisor.mantissa_;
  if (shift >= 0) {
    if (!checked_multiply(numerator, power_of_ten(shift), &numerator)) {
      return Error{ErrorCode::kOverflow, "decimal division overflows"};
    }
  } else {
    denominator *= power_of_ten(-shift);  // |m2| < 2^63, 10^18 < 2^60: fits.
  }
  return from_int128(divide_rounded(numerator, denominator, mode), result_scale);
}

Result<Decimal> Decimal::rescale(int new_scale, Rounding mode) const {
  if (new_scale < 0 || new_scale > kMaxScale) {
    return Error{ErrorCode::kInvalidArgument, "scale must be 0..18"};
  }
  if (new_scale >= scale_) return from_int128(widened(*this, new_scale), new_scale);
  return from_int128(divide_rounded(mantissa_, power_of_ten(scale_ - new_scale), mode), new_scale);
}

Decimal Decimal::normalized() const {
  int64_t mantissa = mantissa_;
  int scale = scale_;
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  return Decimal(mantissa, scale);
}

double Decimal::to_double() const {
  return static_cast<double>(mantissa_) / static_cast<double>(power_of_ten(scale_));
}

std::string Decimal::to_string() const {
  const bool negative = mantissa_ < 0;
  Int128 magnitude = negative ? -Int128{mantissa_} : Int128{mantissa_};
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  while (static_cast<int>(digits.size()) <= scale_) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale_ > 0) digits.insert(digits.end() - scale_, '.');
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  const Int128 a = widened(*this, scale);
  const Int128 b = widened(other, scale);
  if (a < b) return std::strong_ordering::less;
  if (a > b) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

}  // namespace smecredit
