#include "loan/product.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "loan/servicing.h"
#include "tests/loan/test_terms.h"

namespace smecredit::loan {
namespace {

using testing::day;
using testing::yuan;

std::string read_product(const std::string& name) {
  std::ifstream in(std::string(SMECREDIT_PRODUCTS_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string error_of(const std::string& text) {
  const Result<Product> p = parse_product_json(text);
  return p.ok() ? "ok" : p.error().message;
}

TEST(Product, UnsecuredCreditLoanFile) {
  const Product p = parse_product_json(read_product("sme-credit-12m.json")).value();
  EXPECT_EQ(p.code, "SME-CREDIT-12M");
  EXPECT_EQ(p.version, 1);
  EXPECT_FALSE(p.secured);
  EXPECT_EQ(p.min_amount_minor, 100'000);
  EXPECT_EQ(p.max_amount_minor, 100'000'000);
  EXPECT_EQ(p.max_installments, 12);
  EXPECT_EQ(p.method, RepaymentMethod::kEqualInstallment);
  EXPECT_EQ(p.upfront_fee.basis, FeeBasis::kPercentage);
  EXPECT_EQ(p.penalty_multiplier, Decimal::parse("1.5").value());
  ASSERT_EQ(p.allocation_order.size(), 4u);
  EXPECT_EQ(p.allocation_order[0], Component::kPenalty);
  EXPECT_EQ(p.apr_cap_percent, Decimal::from_int(24));
}

TEST(Product, SecuredPropertyLoanFileAndLoanToValue) {
  const Product p = parse_product_json(read_product("sme-property-60m.json")).value();
  EXPECT_TRUE(p.secured);
  EXPECT_EQ(p.max_installments, 60);
  EXPECT_EQ(p.max_ltv_percent, Decimal::from_int(70));
  EXPECT_EQ(p.prepayment_mode, PrepaymentMode::kShortenTerm);
  LoanTerms terms{.product = p,
                  .principal = yuan("7000000.00"),
                  .annual_rate_percent = Decimal::parse("4.35").value(),
                  .installments = 60,
                  .start = day("2024-01-31"),
                  .first_due = day("2024-02-29"),
                  .collateral = {{CollateralType::kProperty, yuan("10000000.00").minor_units()}}};
  EXPECT_TRUE(validate_loan_terms(terms).ok());
  terms.principal = yuan("7000000.01");
  EXPECT_EQ(validate_loan_terms(terms).error().code, ErrorCode::kOutOfRange);
  terms.principal = yuan("5000000.00");
  terms.collateral = {{CollateralType::kVehicle, yuan("10000000.00").minor_units()}};
  EXPECT_NE(validate_loan_terms(terms).error().message.find("collateral.type"), std::string::npos);
  terms.collateral.clear();
  EXPECT_FALSE(validate_loan_terms(terms).ok());
}

TEST(Product, TermsOutsideTheProductAreRefused) {
  const Product p = parse_product_json(read_product("sme-credit-12m.json")).value();
  LoanTerms terms{.product = p,
                  .principal = yuan("999.99"),
                  .annual_rate_percent = Decimal::from_int(12),
                  .installments = 12,
                  .start = day("2024-01-01"),
                  .first_due = day("2024-02-01"),
                  .collateral = {}};
  EXPECT_EQ(validate_loan_terms(terms).error().code, ErrorCode::kOutOfRange);
  terms.principal = yuan("1000.00");
  EXPECT_TRUE(validate_loan_terms(terms).ok());
  terms.installments = 13;
  EXPECT_EQ(validate_loan_terms(terms).error().code, ErrorCode::kOutOfRange);
  terms.installments = 12;
  terms.annual_rate_percent = Decimal::parse("24.01").value();
  EXPECT_NE(validate_loan_terms(terms).error().message.find("APR cap"), std::string::npos);
}

TEST(Product, ACalendarListedOrNamedAsAFile) {
  const std::string good = read_product("sme-credit-12m.json");
  const std::string listed = replaced(
      good, "\"apr_cap_percent\": \"24\"",
      R"("apr_cap_percent": "24", "calendar": ["holiday 2024-03-01  # a Friday", "workday 2024-03-02"])");
  const Product p = parse_product_json(listed).value();
  ASSERT_TRUE(p.calendar.has_value());
  EXPECT_FALSE(p.calendar->is_business_day(day("2024-03-01")));
  EXPECT_TRUE(p.calendar->is_business_day(day("2024-03-02")));
  EXPECT_EQ(p.calendar->to_lines(),
            (std::vector<std::string>{"holiday 2024-03-01", "workday 2024-03-02"}));
  EXPECT_FALSE(parse_product_json(good).value().calendar.has_value());

  const std::string named = replaced(good, "\"apr_cap_percent\": \"24\"",
                                     R"("apr_cap_percent": "24", "calendar_file": "cn-2024.txt")");
  EXPECT_EQ(product_calendar_file(named).value(), std::optional<std::string>("cn-2024.txt"));
  EXPECT_EQ(product_calendar_file(good).value(), std::nullopt);
  const Product from_file =
      parse_product_json(named, "holiday 2024-10-01 2024-10-07\nworkday 2024-10-12\n").value();
  EXPECT_EQ(from_file.calendar->next_business_day(day("2024-10-01")).value(), day("2024-10-08"));
  EXPECT_EQ(error_of(named), "calendar_file: is read by the product loader, which passes its text");
  EXPECT_EQ(parse_product_json(good, "holiday 2024-10-01").error().message,
            "calendar_file: the product names no calendar_file");
  EXPECT_EQ(parse_product_json(named, "holiday 2024-13-01").error().message,
            "calendar_file: calendar line 1: dates must be YYYY-MM-DD");
  EXPECT_EQ(error_of(replaced(listed, "\"calendar\":", "\"calendar_file\": \"x\", \"calendar\":")),
            "calendar_file: give calendar or calendar_file, not both");
  EXPECT_EQ(error_of(replaced(listed, "\"workday 2024-03-02\"", "7")),
            "calendar: each line must be a string");
  EXPECT_EQ(error_of(replaced(listed, "\"workday 2024-03-02\"", "\"someday 2024-03-02\"")),
            "calendar: calendar line 2: expected 'holiday' or 'workday'");
}

TEST(Product, ErrorsNameTheField) {
  const std::string good = read_product("sme-credit-12m.json");
  EXPECT_EQ(error_of("[1]"), "product: must be a JSON object");
  EXPECT_NE(error_of("{").find("product JSON"), std::string::npos);
  EXPECT_EQ(error_of(replaced(good, "\"method\": \"equal-installment\"", "\"method\": \"x\"")),
            "repayment.method: unknown method (expected equal-installment, equal-principal, "
            "flat, interest-first or bullet)");
  EXPECT_EQ(error_of(replaced(good, "\"CNY\"", "\"XXX\"")), "currency: unknown currency code");
  EXPECT_EQ(error_of(replaced(good, "\"rate_multiplier\": \"1.5\"", "\"rate_multiplier\": 1.5")),
            "penalty.rate_multiplier: must be a string");
  EXPECT_EQ(error_of(replaced(good, "\"min\": \"1000.00\"", "\"minimum\": \"1000.00\"")),
            "amount.min: is required");
  EXPECT_EQ(error_of(replaced(good, "\"penalty\", \"fees\"", "\"penalty\", \"penalty\"")),
            "allocation_order: lists penalty more than once");
  EXPECT_EQ(error_of(replaced(good, "\"principal\"]", "\"capital\"]")),
            "allocation_order[3]: unknown component (expected penalty, fees, interest or "
            "principal)");
  EXPECT_EQ(error_of(replaced(good, "\"days_in_year\": 365", "\"days_in_year\": 364")),
            "repayment.days_in_year: must be 360 or 365");
  EXPECT_EQ(error_of(replaced(good, "\"days_in_year\": 365", "\"day_count\": \"ACT/366\"")),
            "repayment.day_count: unknown day count 'ACT/366' (ACT/365F, ACT/360 or ACT/ACT)");
  EXPECT_EQ(error_of(replaced(good, "\"days_in_year\": 365",
                              "\"days_in_year\": 365, \"day_count\": \"ACT/ACT\"")),
            "repayment.day_count: give day_count or days_in_year, not both or neither");
  EXPECT_EQ(
      parse_product_json(replaced(good, "\"days_in_year\": 365", "\"day_count\": \"ACT/ACT\""))
          .value()
          .day_count,
      DayCount::kActAct);
  EXPECT_EQ(error_of(replaced(good, "\"mode\": \"keep-term-lower-installment\"", "\"mode\": \"\"")),
            "prepayment.mode: must be keep-installment-shorten-term or "
            "keep-term-lower-installment");
  EXPECT_EQ(error_of(replaced(good, "\"apr_cap_percent\": \"24\"", "\"apr_cap_percent\": \"101\"")),
            "apr_cap_percent: must be between 0 and 100");
  EXPECT_EQ(error_of(replaced(good, "{\"type\": \"unsecured\"}", "{\"type\": \"secured\"}")),
            "security.collateral_types: is required");
}

TEST(Product, CreditProductServicedEndToEnd) {
  const Product p = parse_product_json(read_product("sme-credit-12m.json")).value();
  const LoanTerms terms{.product = p,
                        .principal = yuan("100000.00"),
                        .annual_rate_percent = Decimal::parse("14.4").value(),
                        .installments = 12,
                        .start = day("2024-03-01"),
                        .first_due = day("2024-04-01"),
                        .collateral = {}};
  const LoanState s =
      replay(terms, {disbursement(1, 1, day("2024-03-01"), yuan("100000.00"))}, day("2024-03-01"))
          .value();
  // 1% upfront, deducted from the proceeds.
  EXPECT_EQ(s.summaries[0].fee_income_minor, yuan("1000.00").minor_units());
  // 1.2% a month on 100,000.00.
  EXPECT_EQ(s.installments[0].interest_due_minor, yuan("1200.00").minor_units());
}

TEST(Product, PropertyProductPrepaymentShortensTheTerm) {
  const Product p = parse_product_json(read_product("sme-property-60m.json")).value();
  const LoanTerms terms{
      .product = p,
      .principal = yuan("6000000.00"),
      .annual_rate_percent = Decimal::parse("4.35").value(),
      .installments = 60,
      .start = day("2024-01-31"),
      .first_due = day("2024-02-29"),
      .collateral = {{CollateralType::kProperty, yuan("9000000.00").minor_units()}}};
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-31"), yuan("6000000.00"))};
  const LoanState start = replay(terms, txs, day("2024-01-31")).value();
  ASSERT_EQ(start.installments.size(), 60u);
  EXPECT_EQ(start.installments[0].principal_due_minor, yuan("100000.00").minor_units());
  EXPECT_EQ(format_date(start.installments[1].due_date), "2024-03-29");  // anchored on the 29th
  // 6,000,000 x 4.35% x 29 / 360 = 21,025.00 of interest for February.
  EXPECT_EQ(start.installments[0].interest_due_minor, yuan("21025.00").minor_units());
  txs.push_back(prepayment(2, 2, day("2024-02-29"), yuan("2141025.00"), false));
  const LoanState after = replay(terms, txs, day("2024-02-29")).value();
  // 121,025.00 settles the first installment; 2,020,000.00 = P x 1.01: P = 2,000,000.00.
  EXPECT_EQ(after.summaries.back().fee_income_minor, yuan("20000.00").minor_units());
  EXPECT_EQ(after.principal_outstanding_minor, yuan("3900000.00").minor_units());
  // Same 100,000.00 of principal a month: 39 more installments instead of 59.
  EXPECT_EQ(after.installments.size(), 40u);
  EXPECT_EQ(after.installments[1].principal_due_minor, yuan("100000.00").minor_units());
  EXPECT_EQ(format_date(after.installments.back().due_date), "2027-05-29");
}

}  // namespace
}  // namespace smecredit::loan
