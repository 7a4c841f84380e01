#include "servicing/relief.h"

#include <gtest/gtest.h>

#include "servicing/loan_service.h"
#include "tests/servicing/fixtures.h"

namespace smecredit::servicing {
namespace {

using testing_support::day;
using testing_support::kNow;
using testing_support::yuan;

class ReliefTest : public testing_support::StoreTest {
 protected:
  int64_t disbursed_loan() {
    const int64_t id = create_12m_loan();
    EXPECT_TRUE(apply_transaction(*store_, id,
                                  loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                  kNow)
                    .ok());
    return id;
  }
};

TEST_F(ReliefTest, TermsOutOfRangeAreRefusedAndNothingIsStored) {
  const int64_t id = disbursed_loan();
  ReliefTerms none{.kind = ReliefKind::kExtension, .reason = "why"};
  EXPECT_EQ(request_relief(*store_, id, none, "b", kNow).error().code, ErrorCode::kInvalidArgument);
  ReliefTerms principal{.kind = ReliefKind::kWaiver,
                        .waiver_component = loan::Component::kPrincipal,
                        .amount = yuan("1.00"),
                        .reason = "why"};
  EXPECT_EQ(request_relief(*store_, id, principal, "b", kNow).error().code,
            ErrorCode::kInvalidArgument);
  ReliefTerms too_long{.kind = ReliefKind::kExtension, .defer_periods = 13, .reason = "why"};
  EXPECT_EQ(request_relief(*store_, id, too_long, "b", kNow).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(request_relief(*store_, 999,
                           {.kind = ReliefKind::kExtension, .defer_periods = 1, .reason = "why"},
                           "b", kNow)
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM relief_requests"), 0);
}

TEST_F(ReliefTest, AnApprovedRestructureCapitalisesTheArrears) {
  const int64_t id = disbursed_loan();
  ReliefTerms bad{.kind = ReliefKind::kRestructure,
                  .new_rate_percent = Decimal::from_int(9),
                  .new_installments = 0,
                  .reason = "orders lost"};
  EXPECT_EQ(request_relief(*store_, id, bad, "b", kNow).error().code, ErrorCode::kInvalidArgument);
  ReliefTerms terms = bad;
  terms.new_installments = 24;
  const int64_t request = request_relief(*store_, id, terms, "b", kNow).value();
  const ReliefRecord r = decide_relief(*store_, request, true, "cash flow plan seen", "officer",
                                       day("2024-03-10"), kNow)
                             .value();
  EXPECT_EQ(r.stage, "approved");
  EXPECT_NE(r.terms_json.find(R"("new_installments":24)"), std::string::npos);
  const LoanSnapshot s = loan_snapshot(*store_, id, day("2024-03-10")).value();
  EXPECT_EQ(s.state.annual_rate_percent, Decimal::from_int(9));
  EXPECT_EQ(s.state.capitalised.interest_minor, yuan("230.54").minor_units());
  EXPECT_EQ(s.state.days_past_due, 0);
  EXPECT_TRUE(check_subledger(*store_, id, day("2024-03-10")).ok());
}

TEST_F(ReliefTest, ApprovalAppliesTheTransactionAndADeclineChangesNothing) {
  const int64_t id = disbursed_loan();
  const int64_t extension =
      request_relief(
          *store_, id,
          {.kind = ReliefKind::kExtension, .extra_installments = 2, .reason = "harvest late"}, "b",
          kNow)
          .value();
  const int64_t waiver = request_relief(*store_, id,
                                        {.kind = ReliefKind::kWaiver,
                                         .waiver_component = loan::Component::kInterest,
                                         .amount = yuan("5.00"),
                                         .reason = "goodwill"},
                                        "b", kNow)
                             .value();
  EXPECT_EQ(pending_relief(*store_, 10).value().size(), 2u);
  const auto declined =
      decide_relief(*store_, waiver, false, "not warranted", "o", day("2024-01-10"), kNow);
  ASSERT_TRUE(declined.ok()) << declined.error().message;
  EXPECT_EQ(declined.value().stage, "declined");
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_transactions"), 1);
  const auto approved =
      decide_relief(*store_, extension, true, "confirmed", "o", day("2024-01-10"), kNow);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_transactions"), 2);
  const auto snapshot = loan_snapshot(*store_, id, day("2024-01-10")).value();
  EXPECT_EQ(snapshot.state.installments.size(), 14u);
  EXPECT_EQ(
      decide_relief(*store_, extension, true, "again", "o", day("2024-01-10"), kNow).error().code,
      ErrorCode::kConflict);
  EXPECT_TRUE(pending_relief(*store_, 10).value().empty());
  EXPECT_TRUE(check_subledger(*store_, id, day("2024-01-10")).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE aggregate_type = 'relief'"), 4);
}

}  // namespace
}  // namespace smecredit::servicing
