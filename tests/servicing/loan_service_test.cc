#include "servicing/loan_service.h"

#include <gtest/gtest.h>

#include "ledger/journal_store.h"
#include "tests/servicing/fixtures.h"

namespace smecredit::servicing {
namespace {

using testing_support::day;
using testing_support::kNow;
using testing_support::yuan;

class LoanServiceTest : public testing_support::StoreTest {
 protected:
  ledger::TrialBalance trial_balance(Date as_of) {
    std::optional<ledger::TrialBalance> tb;
    EXPECT_TRUE(store_
                    ->transact(store::TxMode::kReadOnly,
                               [&](store::Transaction& tx) -> Status {
                                 SC_ASSIGN_OR_RETURN(tb,
                                                     ledger::load_trial_balance(tx, as_of, kCny));
                                 return ok_status();
                               })
                    .ok());
    return *tb;
  }
};

TEST_F(LoanServiceTest, DisburseAndRepayPostBalancedEntriesMatchingTheState) {
  const int64_t id = create_12m_loan();
  auto s1 = apply_transaction(*store_, id,
                              loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")), kNow);
  ASSERT_TRUE(s1.ok()) << s1.error().message;
  EXPECT_EQ(s1.value().status, loan::LoanStatus::kActive);
  auto s2 = apply_transaction(*store_, id,
                              loan::repayment(2, 2, day("2024-02-01"), yuan("1066.19")), kNow);
  ASSERT_TRUE(s2.ok()) << s2.error().message;
  const ledger::TrialBalance tb = trial_balance(day("2024-02-01"));
  EXPECT_TRUE(tb.balanced());
  EXPECT_EQ(tb.balance(ledger::Account::kPrincipalReceivable).net().value().minor_units(),
            s2.value().principal_outstanding_minor);
  const Status check = check_subledger(*store_, id, day("2024-02-01"));
  EXPECT_TRUE(check.ok()) << check.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_transactions"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM events WHERE aggregate_type = 'loan'"), 2);
  EXPECT_EQ(count("SELECT row_version FROM loans"), 3);
}

TEST_F(LoanServiceTest, APaymentCoveringThePayoffQuoteClosesTheLoan) {
  const int64_t id = create_12m_loan();
  ASSERT_TRUE(apply_transaction(*store_, id,
                                loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")), kNow)
                  .ok());
  // Below the payoff: an ordinary repayment (ahead of the schedule).
  auto early = record_repayment(*store_, id, yuan("500.00"), day("2024-01-10"), "", kNow);
  ASSERT_TRUE(early.ok()) << early.error().message;
  EXPECT_FALSE(early.value().closed);
  auto snapshot = loan_snapshot(*store_, id, day("2024-01-20"));
  ASSERT_TRUE(snapshot.ok());
  const auto quote =
      loan::payoff_quote(snapshot.value().loan.terms, snapshot.value().state, day("2024-01-20"));
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  auto paid =
      record_repayment(*store_, id, Money::from_minor_units(quote.value().total_minor, kCny),
                       day("2024-01-20"), "BANK-REF-9", kNow);
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_TRUE(paid.value().closed);
  EXPECT_EQ(paid.value().principal_outstanding_minor, 0);
  EXPECT_EQ(record_repayment(*store_, id, yuan("1.00"), day("2024-01-20"), "BANK-REF-9", kNow)
                .error()
                .code,
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(check_subledger(*store_, id, day("2024-01-20")).ok());
}

TEST_F(LoanServiceTest, LatePaymentPostsPenaltyAndTheSubledgerStillMatches) {
  const int64_t id = create_12m_loan();
  ASSERT_TRUE(apply_transaction(*store_, id,
                                loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")), kNow)
                  .ok());
  auto s = apply_transaction(*store_, id, loan::repayment(2, 2, day("2024-02-20"), yuan("1100.00")),
                             kNow);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_GT(s.value().summaries.back().penalty_accrued_minor, 0);
  EXPECT_TRUE(trial_balance(day("2024-02-20")).balanced());
  const Status check = check_subledger(*store_, id, day("2024-02-20"));
  EXPECT_TRUE(check.ok()) << check.error().message;
}

TEST_F(LoanServiceTest, AReversalPostsTheMirrorEntry) {
  const int64_t id = create_12m_loan();
  ASSERT_TRUE(apply_transaction(*store_, id,
                                loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")), kNow)
                  .ok());
  ASSERT_TRUE(apply_transaction(*store_, id,
                                loan::repayment(2, 2, day("2024-02-01"), yuan("1066.19")), kNow)
                  .ok());
  auto s = apply_transaction(*store_, id, loan::reversal(3, 3, day("2024-02-02"), 2), kNow);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s.value().principal_outstanding_minor, 1'200'000);
  const Status check = check_subledger(*store_, id, day("2024-02-02"));
  EXPECT_TRUE(check.ok()) << check.error().message;
}

TEST_F(LoanServiceTest, AFailedTransactionWritesNothing) {
  const int64_t id = create_12m_loan();
  const int64_t events = count("SELECT COUNT(*) FROM events");
  auto s = apply_transaction(*store_, id, loan::repayment(1, 1, day("2024-02-01"), yuan("100.00")),
                             kNow);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM loan_transactions"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM journal_entries"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM events"), events);
  EXPECT_EQ(count("SELECT row_version FROM loans"), 1);
}

TEST_F(LoanServiceTest, CheckSubledgerNamesTheDifference) {
  const int64_t id = create_12m_loan();
  ASSERT_TRUE(apply_transaction(*store_, id,
                                loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")), kNow)
                  .ok());
  ASSERT_TRUE(store_
                  ->transact(store::TxMode::kReadWrite,
                             [&](store::Transaction& tx) -> Status {
                               return append_transaction(
                                   tx, id, loan::repayment(2, 2, day("2024-02-01"), yuan("500.00")),
                                   kNow);
                             })
                  .ok());
  const Status check = check_subledger(*store_, id, day("2024-02-01"));
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().message.find("principal_receivable"), std::string::npos);
  EXPECT_NE(check.error().message.find("difference"), std::string::npos);
}

}  // namespace
}  // namespace smecredit::servicing
