#include "origination/offer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace smecredit::origination {
namespace {

loan::Product product(const std::string& name) {
  std::ifstream in(std::string(SMECREDIT_PRODUCTS_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return loan::parse_product_json(text.str()).value();
}

Money yuan(const char* text) {
  return Money::parse(text, kCny).value();
}

TEST(OfferTest, TheAmountIsTheRequestCappedByTheLimit) {
  const loan::Product p = product("sme-credit-12m.json");
  const Offer offer = make_offer(p, yuan("80000.00"), 12, Decimal::parse("12").value(),
                                 yuan("50000.00"), parse_date("2026-11-22").value())
                          .value();
  EXPECT_EQ(offer.amount, yuan("50000.00"));
  EXPECT_EQ(offer.first_due, parse_date("2026-12-22").value());
  ASSERT_EQ(offer.schedule.installments.size(), 12u);
  EXPECT_EQ(offer.schedule.total_principal, yuan("50000.00"));
  EXPECT_EQ(offer.upfront_fee, yuan("500.00"));  // 1% of the amount
}

// 2026-12-22 is a Tuesday; made a holiday, the first installment the
// borrower is shown falls due on the Wednesday, as the loan's will.
TEST(OfferTest, TheScheduleShownFollowsTheProductsCalendar) {
  loan::Product p = product("sme-credit-12m.json");
  loan::BusinessCalendar calendar;
  calendar.add_holiday(parse_date("2026-12-22").value());
  p.calendar = calendar;
  const Offer offer = make_offer(p, yuan("50000.00"), 12, Decimal::parse("12").value(),
                                 yuan("50000.00"), parse_date("2026-11-22").value())
                          .value();
  EXPECT_EQ(offer.schedule.installments[0].due_date, parse_date("2026-12-23").value());
  EXPECT_EQ(offer.schedule.installments[1].due_date, parse_date("2027-01-22").value());
}

// 12% nominal with a 1% fee withheld: the APR is above 12% and below the
// 24% cap. A fee-free loan's APR is its nominal rate.
TEST(OfferTest, TheAprCountsTheUpfrontFee) {
  loan::Product p = product("sme-credit-12m.json");
  const Offer offer = make_offer(p, yuan("50000.00"), 12, Decimal::parse("12").value(),
                                 yuan("50000.00"), parse_date("2026-11-22").value())
                          .value();
  EXPECT_GT(offer.apr_percent, Decimal::parse("13.5").value());
  EXPECT_LT(offer.apr_percent, Decimal::parse("14.5").value());
  p.upfront_fee = {};
  const Offer free = make_offer(p, yuan("50000.00"), 12, Decimal::parse("12").value(),
                                yuan("50000.00"), parse_date("2026-11-22").value())
                         .value();
  EXPECT_EQ(free.apr_percent, Decimal::parse("12.0000").value());
}

TEST(OfferTest, ALimitBelowTheProductMinimumIsRefused) {
  const loan::Product p = product("sme-credit-12m.json");
  const auto refused = make_offer(p, yuan("50000.00"), 12, Decimal::parse("12").value(),
                                  yuan("500.00"), parse_date("2026-11-22").value());
  EXPECT_EQ(refused.error().code, ErrorCode::kOutOfRange);
}

TEST(OfferTest, AnAprAboveTheCapIsRefused) {
  const loan::Product p = product("sme-credit-12m.json");
  const auto refused = make_offer(p, yuan("50000.00"), 12, Decimal::parse("23.5").value(),
                                  yuan("50000.00"), parse_date("2026-11-22").value());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kOutOfRange);
}

// The legal ceiling in force on the offer date lowers the product's 24%:
// with the four-times-LPR rule on and the LPR at 3.10%, 12.40%.
TEST(OfferTest, TheLegalCapInForceOnTheOfferDateApplies) {
  const loan::Product p = product("sme-credit-12m.json");
  const loan::AprCapTable caps =
      loan::parse_apr_cap_table("cap 2020-08-20 24\nlpr 2024-10-21 3.10\nlpr-multiple 4\n").value();
  const Date day = parse_date("2026-11-22").value();
  const auto low = make_offer(p, yuan("50000.00"), 12, Decimal::parse("10").value(),
                              yuan("50000.00"), day, &caps);
  ASSERT_TRUE(low.ok()) << low.error().message;  // about 11.9% with the fee
  const auto refused = make_offer(p, yuan("50000.00"), 12, Decimal::parse("12").value(),
                                  yuan("50000.00"), day, &caps);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kOutOfRange);
  EXPECT_NE(refused.error().message.find("exceeds 4 x one-year LPR 3.10% from 2024-10-21"),
            std::string::npos)
      << refused.error().message;
  // Before any entry is in force the table cannot say: refused, not guessed.
  EXPECT_EQ(make_offer(p, yuan("50000.00"), 12, Decimal::parse("10").value(), yuan("50000.00"),
                       parse_date("2019-01-01").value(), &caps)
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST(OfferTest, TheContractStatesTheTermsAndTheSigningMessageBindsItsHash) {
  const loan::Product p = product("sme-credit-12m.json");
  const Offer offer = make_offer(p, yuan("50000.00"), 12, Decimal::parse("12").value(),
                                 yuan("50000.00"), parse_date("2026-11-22").value())
                          .value();
  const std::string text = contract_text("con_x", "福州小店", "91350100M000100Y43", offer);
  EXPECT_NE(text.find("principal: 50000.00 CNY"), std::string::npos);
  EXPECT_NE(text.find("APR: " + offer.apr_percent.to_string() + "%"), std::string::npos);
  EXPECT_EQ(contract_signing_message("con_x", "ab"), "smecredit-contract-v1\ncon_x\nab");
}

}  // namespace
}  // namespace smecredit::origination
