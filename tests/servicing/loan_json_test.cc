#include "servicing/loan_json.h"

#include <gtest/gtest.h>

#include "tests/servicing/fixtures.h"

namespace smecredit::servicing {
namespace {

using testing_support::day;
using testing_support::terms_12m;
using testing_support::yuan;

TEST(LoanJsonTest, TermsRoundTripExactly) {
  const loan::LoanTerms terms = terms_12m("12345.67");
  const std::string text = terms_to_json(terms);
  const loan::LoanTerms back = terms_from_json(text).value();
  EXPECT_EQ(back.principal, yuan("12345.67"));
  EXPECT_EQ(back.annual_rate_percent, Decimal::from_int(12));
  EXPECT_EQ(back.first_due, day("2024-02-01"));
  EXPECT_EQ(back.product.penalty_multiplier, Decimal::parse("1.5").value());
  EXPECT_EQ(back.product.upfront_fee.percent, Decimal::from_int(1));
  EXPECT_EQ(terms_to_json(back), text);
}

TEST(LoanJsonTest, SecuredTermsRoundTrip) {
  loan::LoanTerms terms = terms_12m();
  terms.product.secured = true;
  terms.product.collateral_types = {loan::CollateralType::kProperty};
  terms.product.max_ltv_percent = Decimal::from_int(70);
  terms.collateral = {{loan::CollateralType::kProperty, 5'000'000}};
  const std::string text = terms_to_json(terms);
  const loan::LoanTerms back = terms_from_json(text).value();
  ASSERT_EQ(back.collateral.size(), 1u);
  EXPECT_EQ(back.collateral[0].value_minor, 5'000'000);
  EXPECT_EQ(terms_to_json(back), text);
}

TEST(LoanJsonTest, AProductsCalendarTravelsWithItsTermsAndItsStoredText) {
  loan::LoanTerms terms = terms_12m();
  loan::BusinessCalendar calendar;
  calendar.add_holiday(day("2024-03-01"));
  calendar.add_workday(day("2024-03-02"));
  terms.product.calendar = calendar;
  const loan::LoanTerms back = terms_from_json(terms_to_json(terms)).value();
  EXPECT_EQ(back.product.calendar, calendar);
  const loan::LoanTerms split =
      terms_fields_from_json(terms_fields_to_json(terms),
                             loan::parse_product_json(product_to_json(terms.product)).value())
          .value();
  EXPECT_EQ(split.product.calendar, calendar);
  EXPECT_EQ(terms_to_json(split), terms_to_json(terms));
  EXPECT_FALSE(terms_from_json(terms_to_json(terms_12m())).value().product.calendar.has_value());
}

TEST(LoanJsonTest, TransactionPayloadRoundTrips) {
  loan::LoanTransaction tx =
      loan::waiver(3, 4, day("2024-03-01"), loan::Component::kPenalty, yuan("1.25"));
  loan::LoanTransaction back;
  back.id = 3;
  back.sequence = 4;
  back.kind = tx.kind;
  back.value_date = tx.value_date;
  ASSERT_TRUE(transaction_payload_from_json(transaction_payload_to_json(tx), kCny, back).ok());
  EXPECT_EQ(back.amount, yuan("1.25"));
  EXPECT_EQ(back.waiver_component, loan::Component::kPenalty);
  const loan::LoanTransaction ov =
      loan::class_override(5, 6, day("2024-03-01"), loan::LoanClass::kDoubtful, "court case");
  loan::LoanTransaction ov_back;
  ASSERT_TRUE(transaction_payload_from_json(transaction_payload_to_json(ov), kCny, ov_back).ok());
  EXPECT_EQ(ov_back.override_class, loan::LoanClass::kDoubtful);
  EXPECT_EQ(ov_back.reason, "court case");
}

TEST(LoanJsonTest, ThroughAProductCacheTermsReadTheSame) {
  loan::LoanTerms terms = terms_12m("12345.67");
  // Braces and a quote inside the product's code must not end its object.
  terms.product.code = R"(SME-{"x"}-12M)";
  const std::string text = terms_to_json(terms);
  ProductCache cache;
  const loan::LoanTerms first = terms_from_json(text, &cache).value();
  const loan::LoanTerms second = terms_from_json(text, &cache).value();
  EXPECT_EQ(first.product.code, terms.product.code);
  EXPECT_EQ(terms_to_json(first), text);
  EXPECT_EQ(terms_to_json(second), text);
  EXPECT_EQ(terms_to_json(terms_from_json(text).value()), text);
  // A bad field outside the product is still an error with a cache.
  std::string broken = text;
  broken.replace(broken.find("\"installments\":12"), 17, "\"installments\":0 ");
  EXPECT_FALSE(terms_from_json(broken, &cache).ok());
}

TEST(LoanJsonTest, PayloadsHoldOnlyWhatDiffersAndOldFullPayloadsStillRead) {
  EXPECT_EQ(transaction_payload_to_json(loan::accrual(7, 7, day("2024-03-01"))), "{}");
  EXPECT_EQ(transaction_payload_to_json(loan::repayment(2, 2, day("2024-03-01"), yuan("5.00"))),
            R"({"amount":"5.00"})");
  // As sessions before this one wrote every field.
  loan::LoanTransaction back;
  back.kind = loan::TransactionKind::kExtension;
  ASSERT_TRUE(transaction_payload_from_json(
                  R"({"amount":"0.00","full":false,"waiver_component":"fees",)"
                  R"("new_rate_percent":"0","defer_periods":2,"extra_installments":1,)"
                  R"("target_id":0,"override_class":"normal","reason":""})",
                  kCny, back)
                  .ok());
  EXPECT_EQ(back.defer_periods, 2);
  EXPECT_EQ(back.extra_installments, 1);
  EXPECT_EQ(parse_transaction_kind("penalty-accrual").value(), loan::TransactionKind::kAccrual);
  loan::LoanTransaction bad;
  EXPECT_FALSE(transaction_payload_from_json(R"({"defer_periods":-1})", kCny, bad).ok());
}

TEST(LoanJsonTest, BadTextIsAnError) {
  EXPECT_FALSE(terms_from_json("[]").ok());
  EXPECT_FALSE(terms_from_json(R"({"product":{}})").ok());
  EXPECT_FALSE(parse_transaction_kind("gift").ok());
  EXPECT_EQ(
      parse_transaction_kind(loan::transaction_kind_name(loan::TransactionKind::kWaiver)).value(),
      loan::TransactionKind::kWaiver);
}

}  // namespace
}  // namespace smecredit::servicing
