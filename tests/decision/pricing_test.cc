#include "decision/pricing/pricing.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace smecredit::decision {
namespace {

Decimal dec(std::string_view text) {
  return Decimal::parse(text).value();
}
Money cny(std::string_view text) {
  return Money::parse(text, kCny).value();
}

loan::Product product() {
  std::ifstream in(std::string(SMECREDIT_PRODUCTS_DIR) + "/sme-credit-12m.json");
  std::stringstream text;
  text << in.rdbuf();
  return loan::parse_product_json(text.str()).value();
}

PricingParams params() {
  PricingParams p;
  p.product = product();
  p.term_months = 12;
  p.funding_cost = dec("0.025");
  p.operating_cost = dec("0.015");
  p.capital_ratio = dec("0.08");
  p.hurdle_rate = dec("0.15");
  p.min_rate = dec("0.06");
  p.max_rate = dec("0.2");
  p.apr_cap = dec("0.24");
  p.max_debt_service_ratio = dec("0.4");
  p.revenue_multiple = dec("0.2");
  p.bands = {{dec("650"), dec("1.5")}, {dec("0"), dec("1")}};
  return p;
}

PricingInput input() {
  PricingInput in;
  in.pd = dec("0.02");
  in.lgd = dec("0.45");
  in.score = dec("700");
  in.annual_revenue = cny("2400000.00");
  in.monthly_cash_flow = cny("60000.00");
  in.monthly_obligations = cny("4000.00");
  in.requested = cny("900000.00");
  in.start = parse_date("2026-11-22").value();
  return in;
}

TEST(PricingTest, RateIsFundingPlusExpectedLossPlusCostsPlusCapital) {
  Offer offer = price_offer(params(), input()).value();
  // 0.025 + 0.02 * 0.45 + 0.015 + 0.08 * 0.15 = 0.061
  EXPECT_EQ(offer.annual_rate.to_string(), "0.0610");
  EXPECT_EQ(offer.product_code, "SME-CREDIT-12M");
  EXPECT_EQ(offer.term_months, 12);
}

TEST(PricingTest, LimitIsTheTightestConstraint) {
  Offer offer = price_offer(params(), input()).value();
  // capacity: (60000 * 0.4 - 4000) = 20000 a month for 12 months at 6.1%
  EXPECT_EQ(offer.binding, "capacity");
  EXPECT_GT(offer.limit, cny("230000.00"));
  EXPECT_LT(offer.limit, cny("240000.00"));
  EXPECT_EQ(offer.limit.minor_units() % 10'000, 0);
  EXPECT_LE(offer.monthly_installment, cny("20000.00"));
  PricingInput small = input();
  small.requested = cny("50000.00");
  EXPECT_EQ(price_offer(params(), small).value().binding, "requested");
  small.monthly_obligations = cny("24000.00");
  Offer none = price_offer(params(), small).value();
  EXPECT_EQ(none.binding, "below_minimum");
  EXPECT_TRUE(none.limit.is_zero());
}

TEST(PricingTest, RateIsBoundedByTheProductRange) {
  PricingInput risky = input();
  risky.pd = dec("0.5");
  EXPECT_EQ(price_offer(params(), risky).value().annual_rate.to_string(), "0.2");
  PricingInput safe = input();
  safe.pd = dec("0");
  EXPECT_EQ(price_offer(params(), safe).value().annual_rate.to_string(), "0.06");
}

TEST(PricingTest, AprIncludesTheFeeAndIsCappedByLoweringTheRate) {
  PricingParams p = params();
  p.max_rate = dec("0.24");
  p.apr_cap = dec("0.24");
  PricingInput risky = input();
  risky.pd = dec("0.5");
  Offer offer = price_offer(p, risky).value();
  EXPECT_LE(offer.apr, dec("0.24"));
  EXPECT_LT(offer.annual_rate, dec("0.24"));
  EXPECT_GT(offer.apr, dec("0.23"));
}

// Property: a higher PD never lowers the rate, nor raises the limit.
TEST(PricingTest, MonotoneInPdProperty) {
  Offer previous = price_offer(params(), input()).value();
  for (int pd_bp = 0; pd_bp <= 5000; pd_bp += 250) {
    PricingInput in = input();
    in.pd = Decimal::from_parts(pd_bp, 4);
    Offer offer = price_offer(params(), in).value();
    if (pd_bp > 0) {
      EXPECT_GE(offer.annual_rate, previous.annual_rate) << pd_bp;
      EXPECT_LE(offer.limit, previous.limit) << pd_bp;
    }
    previous = offer;
  }
}

TEST(PricingTest, ParametersAreChecked) {
  PricingParams p = params();
  p.min_rate = dec("0.3");
  EXPECT_FALSE(validate_pricing_params(p).ok());
  p = params();
  p.term_months = 24;
  EXPECT_FALSE(validate_pricing_params(p).ok());
}

}  // namespace
}  // namespace smecredit::decision
