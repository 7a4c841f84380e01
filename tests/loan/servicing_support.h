// Helpers shared by the servicing tests: a product and loan terms in code.
#pragma once

#include "loan/product.h"
#include "loan/servicing.h"
#include "tests/loan/test_terms.h"

namespace smecredit::loan::testing {

// Unsecured, equal installments, per-period interest, no fees, penalty 1.5x,
// penalty -> fees -> interest -> principal, free prepayment lowering the installment.
inline Product credit_product() {
  Product p;
  p.code = "TEST-CREDIT";
  p.min_amount_minor = 100'000;
  p.max_amount_minor = 100'000'000'000;
  p.min_installments = 1;
  p.max_installments = 360;
  p.penalty_multiplier = Decimal::parse("1.5").value();
  p.allocation_order = {Component::kPenalty, Component::kFees, Component::kInterest,
                        Component::kPrincipal};
  p.apr_cap_percent = Decimal::from_int(24);
  return p;
}

// 12,000.00 at 12% over 12 months from 2024-01-01, first due 2024-02-01:
// an installment of 1,066.19 (PMT at 1% a month).
inline LoanTerms credit_terms() {
  LoanTerms t;
  t.product = credit_product();
  t.principal = yuan("12000.00");
  t.annual_rate_percent = Decimal::from_int(12);
  t.installments = 12;
  t.start = day("2024-01-01");
  t.first_due = day("2024-02-01");
  return t;
}

inline int64_t fen(std::string_view yuan_text) {
  return yuan(yuan_text).minor_units();
}

}  // namespace smecredit::loan::testing
