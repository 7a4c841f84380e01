#include "loan/apr.h"

#include <gtest/gtest.h>

#include <cmath>

namespace smecredit::loan {
namespace {

Date day(std::string_view text) {
  return parse_date(text).value();
}
Money yuan(std::string_view text) {
  return Money::parse(text, kCny).value();
}
UnitPeriod unit(std::string_view text) {
  return parse_unit_period(text).value();
}
double rounded(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// An advance on `advance_date`, then `count` equal monthly payments from
// `first_payment` on.
std::vector<CashFlow> monthly_flows(Date advance_date, std::string_view advance, Date first_payment,
                                    int count, std::string_view payment) {
  std::vector<CashFlow> flows{{advance_date, yuan(advance)}};
  for (int k = 0; k < count; ++k) {
    flows.push_back({add_months_clamped(first_payment, k), yuan(payment)});
  }
  return flows;
}

TEST(Apr, PbocAnnouncementExample) {
  // 100,000 lent with a 1,000 upfront fee, 12 monthly payments of 8,833.30:
  // 12.80% simple (单利), 13.58% compound (复利).
  const auto flows =
      monthly_flows(day("2021-01-01"), "-99000.00", day("2021-02-01"), 12, "8833.30");
  const AprResult apr = compute_apr(flows, unit("monthly")).value();
  EXPECT_DOUBLE_EQ(rounded(apr.nominal_annual_rate, 4), 0.1280);
  EXPECT_DOUBLE_EQ(rounded(apr.effective_annual_rate, 4), 0.1358);
  EXPECT_NEAR(apr.nominal_annual_rate, apr.periodic_rate * 12, 1e-15);
  EXPECT_TRUE(check_apr_cap(apr, kDefaultAprCap).ok());
}

TEST(Apr, RegulationZAppendixJMonthlyRegularFirstPeriod) {
  // Appendix J (c)(1)(i): 5,000 advanced, 24 monthly payments of 230,
  // regular first period -> APR 9.69%.
  const auto flows = monthly_flows(day("1978-01-10"), "-5000.00", day("1978-02-10"), 24, "230.00");
  const AprResult apr = compute_apr(flows, unit("monthly")).value();
  EXPECT_DOUBLE_EQ(rounded(apr.nominal_annual_rate, 4), 0.0969);
}

TEST(Apr, OddFirstPeriodByHand) {
  // Advance 17 January, first payment 10 February: no whole month, 24 odd
  // days, f = 24/30 = 0.8. One payment of 1,008.00 for 1,000.00 lent then
  // solves (1 + 0.8 i) = 1.008, i = 1% a month exactly.
  const UnitPeriodOffset offset =
      unit_periods_between(day("1978-01-17"), day("1978-02-10"), unit("monthly"));
  EXPECT_EQ(offset.whole, 0);
  EXPECT_DOUBLE_EQ(offset.fraction, 0.8);
  const std::vector<CashFlow> flows{{day("1978-01-17"), yuan("-1000.00")},
                                    {day("1978-02-10"), yuan("1008.00")}};
  const AprResult apr = compute_apr(flows, unit("monthly")).value();
  EXPECT_NEAR(apr.periodic_rate, 0.01, 1e-12);
  EXPECT_NEAR(apr.nominal_annual_rate, 0.12, 1e-12);
}

TEST(Apr, OddFirstPeriodSeriesMatchesAnIndependentSolution) {
  // 24 x 230 from 10 February for 5,000 advanced on 17 January: i solves
  // 5000 = sum 230 / ((1 + 0.8 i)(1 + i)^(k-1)); nominal 9.848%.
  const auto flows = monthly_flows(day("1978-01-17"), "-5000.00", day("1978-02-10"), 24, "230.00");
  EXPECT_NEAR(compute_apr(flows, unit("monthly")).value().nominal_annual_rate, 0.0984846, 1e-6);
}

TEST(Apr, UnitPeriodCounting) {
  const auto months = unit_periods_between(day("2021-01-31"), day("2021-03-31"), unit("monthly"));
  EXPECT_EQ(months.whole, 2);
  EXPECT_DOUBLE_EQ(months.fraction, 0.0);
  const auto weeks = unit_periods_between(day("2021-01-01"), day("2021-01-11"), unit("weekly"));
  EXPECT_EQ(weeks.whole, 1);
  EXPECT_DOUBLE_EQ(weeks.fraction, 3.0 / 7.0);
  const auto halves =
      unit_periods_between(day("2021-01-01"), day("2021-02-20"), unit("semimonthly"));
  EXPECT_EQ(halves.whole, 3);  // one month, one half, 4 odd days
  EXPECT_DOUBLE_EQ(halves.fraction, 4.0 / 15.0);
  const auto quarters =
      unit_periods_between(day("2021-01-01"), day("2021-08-01"), unit("quarterly"));
  EXPECT_EQ(quarters.whole, 2);
  EXPECT_DOUBLE_EQ(quarters.fraction, 31.0 / 90.0);
  const auto custom = unit_periods_between(day("2021-01-01"), day("2021-01-26"), unit("days:10"));
  EXPECT_EQ(custom.whole, 2);
  EXPECT_DOUBLE_EQ(custom.fraction, 0.5);
}

TEST(Apr, YearlyAndDailyUnits) {
  const std::vector<CashFlow> yearly{{day("2021-01-01"), yuan("-1000.00")},
                                     {day("2022-01-01"), yuan("1100.00")}};
  EXPECT_NEAR(compute_apr(yearly, unit("yearly")).value().nominal_annual_rate, 0.10, 1e-12);
  const std::vector<CashFlow> daily{{day("2021-01-01"), yuan("-1000.00")},
                                    {day("2021-01-02"), yuan("1000.10")}};
  const AprResult apr = compute_apr(daily, unit("daily")).value();
  EXPECT_NEAR(apr.periodic_rate, 0.0001, 1e-13);
  EXPECT_NEAR(apr.nominal_annual_rate, 0.0365, 1e-11);
}

TEST(Apr, BadFlows) {
  EXPECT_FALSE(compute_apr({}, unit("monthly")).ok());
  const std::vector<CashFlow> one_sign{{day("2021-01-01"), yuan("100.00")},
                                       {day("2021-02-01"), yuan("100.00")}};
  EXPECT_EQ(compute_apr(one_sign, unit("monthly")).error().code, ErrorCode::kInvalidArgument);
  const std::vector<CashFlow> out_of_order{{day("2021-02-01"), yuan("-100.00")},
                                           {day("2021-01-01"), yuan("101.00")}};
  const auto error = compute_apr(out_of_order, unit("monthly")).error();
  EXPECT_NE(error.message.find("out of order"), std::string::npos);
}

TEST(Apr, UnitPeriodNames) {
  EXPECT_EQ(unit("days:10").days, 10);
  EXPECT_DOUBLE_EQ(unit("days:73").periods_per_year(), 5.0);
  EXPECT_DOUBLE_EQ(unit("biweekly").periods_per_year(), 26.0);
  EXPECT_FALSE(parse_unit_period("days:0").ok());
  EXPECT_FALSE(parse_unit_period("days:x").ok());
  EXPECT_FALSE(parse_unit_period("fortnightly").ok());
}

TEST(AprCap, RefusesAboveTheCapNamingIt) {
  // 1,000 lent, 1,030 repaid a month later: 3% a month, 36% a year.
  const std::vector<CashFlow> flows{{day("2021-01-01"), yuan("-1000.00")},
                                    {day("2021-02-01"), yuan("1030.00")}};
  const AprResult apr = compute_apr(flows, unit("monthly")).value();
  const Status capped = check_apr_cap(apr, kDefaultAprCap);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().code, ErrorCode::kOutOfRange);
  EXPECT_NE(capped.error().message.find("24.00%"), std::string::npos);
  EXPECT_NE(capped.error().message.find("36.00%"), std::string::npos);
  EXPECT_TRUE(check_apr_cap(apr, Decimal::parse("0.36").value()).ok());
}

}  // namespace
}  // namespace smecredit::loan
