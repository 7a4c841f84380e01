#include "decision/pricing/pricing.h"

#include <algorithm>
#include <cmath>

#include "decision/expr/arith.h"
#include "loan/apr.h"
#include "loan/schedule.h"

namespace smecredit::decision {

namespace {

constexpr int kWorkScale = 12;

bool is_fraction(const Decimal& d) {
  return !d.is_negative() && d <= Decimal::from_int(1);
}

Result<Decimal> mul(const Decimal& a, const Decimal& b) {
  return decimal_multiply(a, b);
}

// The present value factor of n level payments at periodic rate r:
// (1 - (1 + r)^-n) / r, or n when r is zero.
Result<Decimal> annuity_factor(const Decimal& r, int n) {
  if (r.is_zero()) return Decimal::from_int(n);
  SC_ASSIGN_OR_RETURN(Decimal base, decimal_add(Decimal::from_int(1), r));
  Decimal growth = Decimal::from_int(1);
  for (int i = 0; i < n; ++i) {
    SC_ASSIGN_OR_RETURN(growth, decimal_multiply(growth, base));
    SC_ASSIGN_OR_RETURN(growth,
                        growth.rescale(std::min(growth.scale(), kWorkScale), Rounding::kHalfEven));
  }
  SC_ASSIGN_OR_RETURN(Decimal discount, decimal_divide(Decimal::from_int(1), growth, kWorkScale,
                                                       Rounding::kHalfEven));
  SC_ASSIGN_OR_RETURN(Decimal numerator, decimal_subtract(Decimal::from_int(1), discount));
  return decimal_divide(numerator, r, kWorkScale, Rounding::kHalfEven);
}

Result<Money> round_down_to_step(const Money& m, int64_t step) {
  if (step <= 1) return m;
  return Money::from_minor_units(m.minor_units() / step * step, m.currency());
}

struct Candidate {
  Money amount;
  const char* name;
};

Result<Candidate> limit_of(const PricingParams& p, const PricingInput& in, const Decimal& rate) {
  const Currency currency = p.product.currency;
  SC_ASSIGN_OR_RETURN(Decimal monthly_rate,
                      decimal_divide(rate, Decimal::from_int(12), kWorkScale, Rounding::kHalfEven));
  SC_ASSIGN_OR_RETURN(Money debt_service, in.monthly_cash_flow.multiply_rate(
                                              p.max_debt_service_ratio, Rounding::kDown));
  SC_ASSIGN_OR_RETURN(Money affordable, debt_service.subtract(in.monthly_obligations));
  if (affordable.is_negative()) affordable = Money::zero(currency);
  SC_ASSIGN_OR_RETURN(Decimal factor, annuity_factor(monthly_rate, p.term_months));
  SC_ASSIGN_OR_RETURN(Money capacity, affordable.multiply_rate(factor, Rounding::kDown));
  Decimal multiplier = Decimal::from_int(1);
  for (const ScoreBand& band : p.bands) {
    if (in.score >= band.min_score) {
      multiplier = band.limit_multiplier;
      break;
    }
  }
  SC_ASSIGN_OR_RETURN(Decimal revenue_share, mul(p.revenue_multiple, multiplier));
  SC_ASSIGN_OR_RETURN(Money revenue_cap,
                      in.annual_revenue.multiply_rate(revenue_share, Rounding::kDown));
  std::vector<Candidate> candidates = {
      {capacity, "capacity"},
      {revenue_cap, "revenue"},
      {Money::from_minor_units(p.product.max_amount_minor, currency), "product_max"},
      {in.requested, "requested"},
  };
  if (p.product.secured) {
    SC_ASSIGN_OR_RETURN(Decimal ltv, decimal_divide(p.product.max_ltv_percent,
                                                    Decimal::from_int(100), 6, Rounding::kDown));
    SC_ASSIGN_OR_RETURN(Money secured, in.collateral_value.multiply_rate(ltv, Rounding::kDown));
    candidates.push_back({secured, "collateral"});
  }
  Candidate best = candidates[0];
  for (const Candidate& c : candidates) {
    if (c.amount < best.amount) best = c;
  }
  SC_ASSIGN_OR_RETURN(best.amount, round_down_to_step(best.amount, p.limit_step_minor));
  if (best.amount.minor_units() < p.product.min_amount_minor) {
    return Candidate{Money::zero(currency), "below_minimum"};
  }
  return best;
}

Result<Decimal> risk_rate(const PricingParams& p, const PricingInput& in) {
  SC_ASSIGN_OR_RETURN(Decimal expected_loss, mul(in.pd, in.lgd));
  SC_ASSIGN_OR_RETURN(Decimal capital_charge, mul(p.capital_ratio, p.hurdle_rate));
  SC_ASSIGN_OR_RETURN(Decimal rate, decimal_add(p.funding_cost, expected_loss));
  SC_ASSIGN_OR_RETURN(rate, decimal_add(rate, p.operating_cost));
  SC_ASSIGN_OR_RETURN(rate, decimal_add(rate, capital_charge));
  SC_ASSIGN_OR_RETURN(rate, rate.rescale(p.rate_scale, Rounding::kUp));
  return std::clamp(rate, p.min_rate, p.max_rate);
}

Decimal percent_of(const Decimal& fraction) {
  return decimal_multiply(fraction, Decimal::from_int(100)).value();
}

struct Priced {
  Decimal apr;
  Money installment;
};

// The schedule of `limit` at `rate` and its nominal APR (fees included).
Result<Priced> apr_of(const PricingParams& p, const Money& limit, const Decimal& rate, Date start) {
  loan::LoanTerms terms;
  terms.product = p.product;
  terms.principal = limit;
  terms.annual_rate_percent = percent_of(rate);
  terms.installments = p.term_months;
  terms.start = start;
  terms.first_due = add_months_clamped(start, 1);
  const loan::ScheduleTerms schedule_terms = loan::schedule_terms(
      terms, limit, terms.annual_rate_percent, terms.installments, start, terms.first_due);
  SC_ASSIGN_OR_RETURN(loan::Schedule schedule,
                      loan::generate_schedule(schedule_terms, loan::calendar_of(p.product)));
  SC_ASSIGN_OR_RETURN(int64_t fee, loan::fee_amount_minor(p.product.upfront_fee,
                                                          limit.minor_units(), p.product.rounding));
  std::vector<loan::CashFlow> flows;
  flows.push_back({start, Money::from_minor_units(fee - limit.minor_units(), limit.currency())});
  for (const loan::Installment& i : schedule.installments) flows.push_back({i.due_date, i.total});
  SC_ASSIGN_OR_RETURN(loan::UnitPeriod unit, loan::parse_unit_period("monthly"));
  SC_ASSIGN_OR_RETURN(loan::AprResult apr, loan::compute_apr(flows, unit));
  const auto micro = static_cast<int64_t>(std::llround(apr.nominal_annual_rate * 1e6));
  return Priced{Decimal::from_parts(micro, 6), schedule.installments.front().total};
}

}  // namespace

Status validate_pricing_params(const PricingParams& p) {
  SC_RETURN_IF_ERROR(loan::validate_product(p.product));
  if (p.term_months < p.product.min_installments || p.term_months > p.product.max_installments) {
    return Error{ErrorCode::kOutOfRange, "term_months outside the product's term"};
  }
  for (const Decimal* d : {&p.funding_cost, &p.operating_cost, &p.capital_ratio, &p.hurdle_rate,
                           &p.min_rate, &p.max_rate, &p.apr_cap, &p.max_debt_service_ratio}) {
    if (!is_fraction(*d)) return Error{ErrorCode::kOutOfRange, "rates are fractions in [0, 1]"};
  }
  if (p.min_rate > p.max_rate) return Error{ErrorCode::kOutOfRange, "min_rate above max_rate"};
  if (p.rate_scale < 2 || p.rate_scale > 8) {
    return Error{ErrorCode::kOutOfRange, "rate_scale outside 2..8"};
  }
  return ok_status();
}

Result<Offer> price_offer(const PricingParams& p, const PricingInput& in) {
  if (!is_fraction(in.pd) || !is_fraction(in.lgd)) {
    return Error{ErrorCode::kOutOfRange, "pd and lgd are fractions in [0, 1]"};
  }
  SC_ASSIGN_OR_RETURN(Decimal rate, risk_rate(p, in));
  SC_ASSIGN_OR_RETURN(
      Decimal product_cap,
      decimal_divide(p.product.apr_cap_percent, Decimal::from_int(100), 6, Rounding::kDown));
  const Decimal cap = std::min(p.apr_cap, product_cap);
  Offer offer;
  offer.term_months = p.term_months;
  offer.product_code = p.product.code;
  for (int i = 0; i < kMaxAprIterations; ++i) {
    SC_ASSIGN_OR_RETURN(Candidate limit, limit_of(p, in, rate));
    offer.limit = limit.amount;
    offer.binding = limit.name;
    offer.annual_rate = rate;
    if (limit.amount.is_zero()) return offer;
    SC_ASSIGN_OR_RETURN(Priced priced, apr_of(p, limit.amount, rate, in.start));
    offer.apr = priced.apr;
    offer.monthly_installment = priced.installment;
    if (priced.apr <= cap) return offer;
    SC_ASSIGN_OR_RETURN(Decimal excess, decimal_subtract(priced.apr, cap));
    SC_ASSIGN_OR_RETURN(rate, decimal_subtract(rate, excess));
    SC_ASSIGN_OR_RETURN(rate, rate.rescale(p.rate_scale, Rounding::kDown));
    if (rate.is_negative()) break;
  }
  return Error{ErrorCode::kOutOfRange, "no rate keeps the APR within the cap"};
}

}  // namespace smecredit::decision
