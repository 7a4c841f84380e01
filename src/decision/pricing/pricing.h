// Limits and risk-based pricing for one application under one loan product.
//
// Limit = the smallest of
//   - repayment capacity: the largest principal whose level monthly
//     installment at the offered rate fits max_debt_service_ratio x monthly
//     cash flow - existing monthly obligations;
//   - revenue cap: annual revenue x revenue_multiple x the score band's
//     multiplier;
//   - the product's maximum, and the amount requested;
//   - for secured products, collateral value x the product's maximum LTV;
// rounded down to limit_step (whole hundreds by default). Below the
// product's minimum the offer has a zero limit and binding "below_minimum".
//
// Rate (annual, a fraction) = funding cost + PD x LGD + operating cost +
// capital ratio x hurdle rate (the RAROC capital charge), rounded up to
// rate_scale digits, then bounded by the product's [min_rate, max_rate] and
// by the legal APR cap: the APR of the actual schedule (fees included, Reg Z
// Appendix J via the loan core) must not exceed the cap; when it does the
// rate is lowered by the excess and the schedule recomputed (at most
// kMaxAprIterations times), else the offer fails with kOutOfRange.
//
// All amounts are Money, all rates exact Decimal. The APR solver's double
// result enters the offer rounded half-up to 6 digits (a fraction).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/product.h"

namespace smecredit::decision {

inline constexpr int kMaxAprIterations = 4;

struct ScoreBand {
  Decimal min_score;         // inclusive
  Decimal limit_multiplier;  // applied to the revenue cap
};

struct PricingParams {
  loan::Product product;
  int term_months = 12;
  Decimal funding_cost;            // 0.025
  Decimal operating_cost;          // 0.015
  Decimal capital_ratio;           // 0.08
  Decimal hurdle_rate;             // 0.15
  Decimal min_rate;                // 0.06
  Decimal max_rate;                // 0.2
  Decimal apr_cap;                 // 0.24; the product's own cap applies when lower
  Decimal max_debt_service_ratio;  // 0.4 of monthly cash flow
  Decimal revenue_multiple;        // 0.2 of annual revenue
  std::vector<ScoreBand> bands;    // highest min_score first wins; none: multiplier 1
  int64_t limit_step_minor = 10'000;
  int rate_scale = 4;
};

struct PricingInput {
  Decimal pd;   // probability of default over a year, 0..1
  Decimal lgd;  // loss given default, 0..1
  Decimal score;
  Money annual_revenue;
  Money monthly_cash_flow;
  Money monthly_obligations;
  Money collateral_value;  // zero when none
  Money requested;
  Date start;  // value date of the offer (passed in: no clock)
};

struct Offer {
  Money limit;
  Decimal annual_rate;  // a fraction: 0.1325
  Decimal apr;          // nominal APR of the schedule, a fraction, 6 digits
  int term_months = 0;
  std::string product_code;
  std::string binding;  // which constraint set the limit: capacity, revenue, product_max,
                        // requested, collateral, below_minimum
  Money monthly_installment;
};

// Checks the parameters once (ranges non-empty, fractions in [0, 1]).
Status validate_pricing_params(const PricingParams& params);

Result<Offer> price_offer(const PricingParams& params, const PricingInput& input);

}  // namespace smecredit::decision
