#include "core/money.h"

#include <array>
#include <cstdlib>

namespace smecredit {

namespace {

constexpr std::array<Currency, 6> kCurrencies{{
    {"CNY", 2},
    {"HKD", 2},
    {"USD", 2},
    {"EUR", 2},
    {"GBP", 2},
    {"JPY", 0},
}};

Error overflow(const char* what) {
  return Error{ErrorCode::kOverflow, std::string("money overflow in ") + what};
}

Result<Money> from_int128(Int128 minor_units, Currency currency, const char* what) {
  if (!fits_int64(minor_units)) return overflow(what);
  return Money::from_minor_units(static_cast<int64_t>(minor_units), currency);
}

}  // namespace

Result<Currency> find_currency(std::string_view code) {
  for (const Currency& currency : kCurrencies) {
    if (currency.code == code) return currency;
  }
  return Error{ErrorCode::kInvalidArgument, "unknown currency code"};
}

Result<Money> Money::parse(std::string_view text, Currency currency) {
  SC_ASSIGN_OR_RETURN(Decimal amount, Decimal::parse(text));
  if (amount.scale() > currency.minor_digits) {
    return Error{ErrorCode::kInvalidArgument,
                 "amount has more decimal places than the currency's minor unit"};
  }
  return from_decimal(amount, currency, Rounding::kHalfEven);
}

Result<Money> Money::from_decimal(const Decimal& amount, Currency currency, Rounding mode) {
  auto rescaled = amount.rescale(currency.minor_digits, mode);
  if (!rescaled.ok()) return overflow("conversion from decimal");
  return Money(rescaled.value().mantissa(), currency);
}

Status Money::same_currency(const Money& other) const {
  if (currency_ == other.currency_) return ok_status();
  return Error{ErrorCode::kInvalidArgument, "currencies differ"};
}

Result<Money> Money::add(const Money& other) const {
  SC_RETURN_IF_ERROR(same_currency(other));
  int64_t sum = 0;
  if (__builtin_add_overflow(minor_units_, other.minor_units_, &sum)) return overflow("add");
  return Money(sum, currency_);
}

Result<Money> Money::subtract(const Money& other) const {
  SC_RETURN_IF_ERROR(same_currency(other));
  int64_t difference = 0;
  if (__builtin_sub_overflow(minor_units_, other.minor_units_, &difference)) {
    return overflow("subtract");
  }
  return Money(difference, currency_);
}

Result<Money> Money::multiply(int64_t factor) const {
  int64_t product = 0;
  if (__builtin_mul_overflow(minor_units_, factor, &product)) return overflow("multiply");
  return Money(product, currency_);
}

Result<Money> Money::negate() const {
  return multiply(-1);
}

Result<Money> Money::multiply_ratio(Int128 numerator, Int128 denominator, Rounding mode) const {
  if (denominator == 0) return Error{ErrorCode::kInvalidArgument, "division by zero"};
  Int128 product = 0;
  if (!checked_multiply(Int128{minor_units_}, numerator, &product)) return overflow("multiply");
  return from_int128(divide_rounded(product, denominator, mode), currency_, "multiply");
}

Result<Money> Money::multiply_rate(const Decimal& rate, Rounding mode) const {
  return multiply_ratio(rate.mantissa(), power_of_ten(rate.scale()), mode);
}

Decimal Money::to_decimal() const {
  return Decimal::from_parts(minor_units_, currency_.minor_digits);
}

std::string Money::to_string() const {
  return to_decimal().to_string();
}

bool Money::operator<(const Money& other) const {
  if (!(currency_ == other.currency_)) std::abort();
  return minor_units_ < other.minor_units_;
}

}  // namespace smecredit
