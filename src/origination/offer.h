// Offers and contracts: the priced terms an approval turns into, and the
// document both parties sign. Pure: no store, no clock (dates are passed).
//
// make_offer(): the amount is the request capped by the underwriter's limit
// and the product's range; the first installment falls one period after the
// value date; the schedule comes from the loan core and the APR from the
// offer's real cash flows (the upfront fee is deducted from the money the
// borrower receives), disclosed to 4 decimal places. An offer whose APR
// exceeds the product's cap is refused (kOutOfRange): the pricing must never
// produce one.
//
// contract_text() renders the contract from the offer; contract_signing_message()
// is what the borrower's and the platform's Ed25519 signatures cover: a
// domain-separated statement of the document's SHA-256.
//
// Example:
//   Offer offer = make_offer(product, requested, 12, rate, limit, start).value();
//   std::string text = contract_text(contract_id, enterprise_name, uscc, offer);
//   std::string message = contract_signing_message(contract_id, sha256_hex(text));
#pragma once

#include <string>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/apr_cap.h"
#include "loan/product.h"
#include "loan/schedule.h"

namespace smecredit::origination {

struct Offer {
  std::string product_code;
  int product_version = 0;
  Money amount;
  Decimal annual_rate_percent;
  int installments = 0;
  Date start;      // value date the offer is priced from
  Date first_due;  // one period after start
  Money upfront_fee;
  Decimal apr_percent;  // nominal, 4 decimal places: 12.6835 means 12.6835%
  loan::Schedule schedule;
};

// Refused (kOutOfRange, naming the cap) when the offer's APR exceeds the
// product's cap or, when `legal_caps` is given, the legal cap in force on
// `start` (loan/apr_cap.h), whichever is lower.
Result<Offer> make_offer(const loan::Product& product, Money requested, int installments,
                         const Decimal& annual_rate_percent, Money limit, Date start,
                         const loan::AprCapTable* legal_caps = nullptr);

// The loan terms the offer becomes once disbursed on `value_date`.
loan::LoanTerms loan_terms_for(const loan::Product& product, const Offer& offer);

std::string contract_text(std::string_view contract_id, std::string_view enterprise_name,
                          std::string_view uscc, const Offer& offer);
std::string contract_signing_message(std::string_view contract_id, std::string_view sha256_hex);

}  // namespace smecredit::origination
