// Loan products as versioned data, and the terms of one loan under a product.
//
// A `Product` is everything a loan inherits from its product version: limits,
// security, the repayment method and conventions, fees, the penalty rate, the
// repayment allocation order, the prepayment rule, the APR cap and, when it
// has one, the business calendar its due dates move by. Products
// are parsed from JSON text the caller has read (this part does no I/O) by
// parse_product_json(); every error names the offending field by its path
// ("repayment.method: ..."). products/*.json in the repository are examples
// and docs/loan-servicing.md documents the format.
//
// `LoanTerms` = a product version + the contracted amount, rate, number of
// installments and dates (+ collateral for secured products).
// validate_loan_terms() checks them against the product and the schedule
// engine's bounds; schedule_terms() turns them into `ScheduleTerms`.
//
// Ownership: plain values; LoanTerms holds its own copy of the Product.
// Thread-safety: immutable values and pure functions; safe to share.
//
// Example:
//   Product p = parse_product_json(text).value();
//   LoanTerms terms{.product = p, .principal = Money::parse("12000.00", kCny).value(),
//                   .annual_rate_percent = Decimal::from_int(12), .installments = 12,
//                   .start = parse_date("2024-01-31").value(),
//                   .first_due = parse_date("2024-02-29").value()};
//   Status ok = validate_loan_terms(terms);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/calendar.h"
#include "loan/schedule.h"

namespace smecredit::loan {

enum class CollateralType { kProperty, kVehicle, kReceivable, kDeposit };

// The parts of what a borrower owes, in the names the allocation order uses.
enum class Component { kPenalty, kFees, kInterest, kPrincipal };
inline constexpr int kComponentCount = 4;

enum class FeeBasis {
  kFixed,       // a fixed amount
  kPercentage,  // a percentage of the amount disbursed (upfront) or lent (per installment)
};

struct FeeRule {
  FeeBasis basis = FeeBasis::kFixed;
  int64_t fixed_minor = 0;  // kFixed: minor units of the product's currency
  Decimal percent;          // kPercentage: 1.5 means 1.5%
};

enum class PrepaymentMode {
  kShortenTerm,       // keep the installment, fewer installments
  kLowerInstallment,  // keep the number of installments, a lower installment
};

// Upper bounds of product data (loans can overflow nothing below them).
inline constexpr int64_t kMaxPenaltyMultiplier = 10;
inline constexpr int kMaxMultiplierFractionDigits = 4;
inline constexpr int kMaxPercentFractionDigits = 6;

struct Product {
  std::string code;  // e.g. "SME-CREDIT-12M"
  int version = 1;   // >= 1; a changed product is a new version, never an edit
  Currency currency = kCny;
  int64_t min_amount_minor = 0;
  int64_t max_amount_minor = 0;
  int min_installments = 1;
  int max_installments = 1;
  bool secured = false;
  std::vector<CollateralType> collateral_types;  // secured only, not empty
  Decimal max_ltv_percent;                       // secured only: 70 means 70%
  RepaymentMethod method = RepaymentMethod::kEqualInstallment;
  Frequency frequency = Frequency::kMonthly;
  InterestMethod interest = InterestMethod::kPerPeriod;
  DayCount day_count = DayCount::kAct365Fixed;
  Rounding rounding = Rounding::kHalfEven;
  int64_t installment_multiple = 0;  // major units; 0: the minor unit
  int grace_principal = 0;
  int grace_interest = 0;
  FeeRule upfront_fee;                      // deducted from the first disbursement
  FeeRule installment_fee;                  // added to every installment
  Decimal penalty_multiplier;               // 1.5: penalty rate = 1.5 x the contract rate, daily
  std::vector<Component> allocation_order;  // a permutation of the four components
  Decimal prepayment_fee_percent;           // on the principal prepaid
  PrepaymentMode prepayment_mode = PrepaymentMode::kLowerInstallment;
  Decimal apr_cap_percent;  // the contract rate may not exceed it
  // Due dates falling on a non-business day move to the next business day,
  // in every schedule of the loan (the first and any regenerated one);
  // none: due dates stay on their calendar dates. JSON "calendar": the
  // calendar format's lines (loan/calendar.h), a string each.
  std::optional<BusinessCalendar> calendar;
};

// "penalty", "fees", "interest", "principal".
Result<Component> parse_component(std::string_view text);
std::string_view component_name(Component component);
// "property", "vehicle", "receivable", "deposit".
Result<CollateralType> parse_collateral_type(std::string_view text);

// Parses and validates one product (the format in docs/loan-servicing.md).
Result<Product> parse_product_json(std::string_view text);
// The product's calendar for generate_schedule; nullptr when it has none.
inline const BusinessCalendar* calendar_of(const Product& product) {
  return product.calendar.has_value() ? &*product.calendar : nullptr;
}
// A product file may name its business calendar's data file
// ("calendar_file", relative to the product file) instead of listing the
// lines: product_calendar_file gives that name (nullopt when there is none),
// the loader reads the file, and the two-argument parse_product_json takes
// its text, so the product — and every loan stored under it — carries the
// calendar itself.
Result<std::optional<std::string>> product_calendar_file(std::string_view text);
Result<Product> parse_product_json(std::string_view text, std::string_view calendar_file_text);
// The checks parse_product_json() applies, for products built in code.
Status validate_product(const Product& product);

struct Collateral {
  CollateralType type = CollateralType::kProperty;
  int64_t value_minor = 0;  // appraised value, product currency
};

struct LoanTerms {
  Product product;
  Money principal;              // the approved amount; tranches may not exceed it
  Decimal annual_rate_percent;  // the contract rate: 12 means 12% a year
  int installments = 0;
  Date start;                          // the earliest value date of any transaction
  Date first_due;                      // the first installment's due date; later ones keep its day
  std::vector<Collateral> collateral;  // secured products: at least one
};

// Checks the terms against the product (currency, amount, term, collateral
// type and loan-to-value, rate against the APR cap) and the schedule bounds.
Status validate_loan_terms(const LoanTerms& terms);

// The schedule terms for `principal` from `start` with `installments`
// installments whose first is due `first_due`; rate and conventions from
// the loan. The anchor day stays that of terms.first_due.
ScheduleTerms schedule_terms(const LoanTerms& terms, Money principal,
                             const Decimal& annual_rate_percent, int installments, Date start,
                             Date first_due);

// A fee by its rule: fixed, or percent of `base_minor` rounded by the product.
Result<int64_t> fee_amount_minor(const FeeRule& rule, int64_t base_minor, Rounding rounding);

}  // namespace smecredit::loan
