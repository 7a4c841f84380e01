#include "servicing/posting_rules.h"

#include <gtest/gtest.h>

namespace smecredit::servicing {
namespace {

using loan::TransactionKind;

int64_t side_total(const ledger::JournalEntry& e, ledger::Side side) {
  int64_t total = 0;
  for (const ledger::Posting& p : e.postings) {
    if (p.side == side) total += p.amount.minor_units();
  }
  return total;
}

loan::AccountingSummary summary(TransactionKind kind) {
  loan::AccountingSummary s;
  s.transaction_id = 7;
  s.kind = kind;
  s.value_date = parse_date("2024-03-01").value();
  s.amounts = {
      .principal_minor = 10'000, .interest_minor = 500, .fees_minor = 30, .penalty_minor = 20};
  s.penalty_accrued_minor = 15;
  s.fee_income_minor = kind == TransactionKind::kDisbursement ? 100 : 40;
  s.overpayment_minor = 5;
  return s;
}

TEST(PostingRulesTest, EveryKindBalancesWithADeterministicRef) {
  for (int k = 0; k <= static_cast<int>(TransactionKind::kClassOverride); ++k) {
    const auto kind = static_cast<TransactionKind>(k);
    if (kind == TransactionKind::kReversal) continue;
    const auto entry = entry_for(42, summary(kind), kCny);
    ASSERT_TRUE(entry.ok()) << loan::transaction_kind_name(kind);
    ASSERT_TRUE(entry.value().has_value()) << loan::transaction_kind_name(kind);
    const ledger::JournalEntry& e = *entry.value();
    EXPECT_EQ(e.source_ref, "loan:42:tx:7");
    EXPECT_EQ(e.subledger, "loan:42");
    EXPECT_EQ(side_total(e, ledger::Side::kDebit), side_total(e, ledger::Side::kCredit))
        << loan::transaction_kind_name(kind);
  }
}

TEST(PostingRulesTest, DisbursementNetsTheUpfrontFee) {
  loan::AccountingSummary s;
  s.transaction_id = 1;
  s.kind = TransactionKind::kDisbursement;
  s.value_date = parse_date("2024-01-01").value();
  s.amounts.principal_minor = 1'200'000;
  s.fee_income_minor = 12'000;
  const ledger::JournalEntry e = *entry_for(1, s, kCny).value();
  ASSERT_EQ(e.postings.size(), 3u);
  EXPECT_EQ(e.postings[0].account, ledger::Account::kPrincipalReceivable);
  EXPECT_EQ(e.postings[1].account, ledger::Account::kDisbursementClearing);
  EXPECT_EQ(e.postings[1].amount.minor_units(), 1'188'000);
  EXPECT_EQ(e.postings[2].account, ledger::Account::kFeeIncome);
}

TEST(PostingRulesTest, ZeroSummaryPostsNothing) {
  loan::AccountingSummary s;
  s.transaction_id = 3;
  s.kind = TransactionKind::kRateChange;
  s.value_date = parse_date("2024-01-01").value();
  EXPECT_FALSE(entry_for(1, s, kCny).value().has_value());
}

}  // namespace
}  // namespace smecredit::servicing
