#include "servicing/posting_rules.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/loan/random_loans.h"
#include "tests/loan/servicing_support.h"
#include "tests/support/prng.h"

namespace smecredit::servicing {
namespace {

using loan::TransactionKind;
using loan::testing::credit_terms;
using loan::testing::day;
using loan::testing::fen;
using loan::testing::yuan;

constexpr int64_t kLoan = 42;

int64_t net(const ledger::TrialBalance& tb, ledger::Account account) {
  return tb.balance(account).net().value().minor_units();
}

// The journal's receivables and suspense equal the fold's position.
void expect_matches(const ledger::TrialBalance& tb, const loan::LedgerPosition& p,
                    const std::string& where) {
  EXPECT_TRUE(tb.balanced()) << where;
  EXPECT_EQ(net(tb, ledger::Account::kPrincipalReceivable), p.principal_receivable_minor) << where;
  EXPECT_EQ(net(tb, ledger::Account::kInterestReceivable), p.interest_receivable_minor) << where;
  EXPECT_EQ(net(tb, ledger::Account::kFeeReceivable), p.fees_receivable_minor) << where;
  EXPECT_EQ(net(tb, ledger::Account::kPenaltyReceivable), p.penalty_receivable_minor) << where;
  EXPECT_EQ(-net(tb, ledger::Account::kSuspense), p.suspense_minor) << where;
}

// Applies `txs` one by one in recording order, as apply_transaction does:
// each time, the corrections against what was posted so far.
std::vector<ledger::JournalEntry> post_all(const loan::LoanTerms& terms,
                                           const std::vector<loan::LoanTransaction>& txs) {
  std::vector<ledger::JournalEntry> journal;
  std::vector<loan::LoanTransaction> applied;
  for (const loan::LoanTransaction& t : txs) {
    applied.push_back(t);
    Result<std::vector<ledger::JournalEntry>> more =
        correction_entries(kLoan, terms, applied, journal, t);
    EXPECT_TRUE(more.ok()) << more.error().message;
    if (!more.ok()) break;
    journal.insert(journal.end(), more.value().begin(), more.value().end());
  }
  return journal;
}

TEST(PostingRulesTest, DisbursementNetsTheUpfrontFee) {
  loan::LoanTerms terms = credit_terms();
  terms.product.upfront_fee = {loan::FeeBasis::kPercentage, 0, Decimal::from_int(1)};
  const loan::LoanState s =
      loan::replay(terms, {loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00"))},
                   day("2024-01-01"))
          .value();
  const ledger::JournalEntry e = *entry_for(1, s.summaries[0], kCny).value();
  EXPECT_EQ(e.source_ref, "loan:1:tx:1");
  ASSERT_EQ(e.postings.size(), 3u);
  EXPECT_EQ(e.postings[0].account, ledger::Account::kPrincipalReceivable);
  EXPECT_EQ(e.postings[0].amount.minor_units(), fen("12000.00"));
  EXPECT_EQ(e.postings[1].account, ledger::Account::kFeeIncome);
  EXPECT_EQ(e.postings[1].amount.minor_units(), fen("120.00"));
  EXPECT_EQ(e.postings[2].account, ledger::Account::kDisbursementClearing);
  EXPECT_EQ(e.postings[2].amount.minor_units(), fen("11880.00"));
}

TEST(PostingRulesTest, InstallmentFeesAreReceivableWhenDueAndClearedWhenPaid) {
  loan::LoanTerms terms = credit_terms();
  terms.product.installment_fee = {loan::FeeBasis::kFixed, fen("20.00"), Decimal()};
  const std::vector<loan::LoanTransaction> txs = {
      loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
      loan::accrual(2, 2, day("2024-02-01")),
      loan::repayment(3, 3, day("2024-02-01"), yuan("1086.19"))};
  const std::vector<ledger::JournalEntry> journal = post_all(terms, txs);
  const ledger::TrialBalance tb = ledger::trial_balance(journal, day("2024-02-01"), kCny).value();
  EXPECT_EQ(net(tb, ledger::Account::kFeeReceivable), 0);
  EXPECT_EQ(net(tb, ledger::Account::kInterestReceivable), 0);
  EXPECT_EQ(-net(tb, ledger::Account::kFeeIncome), fen("20.00"));
  EXPECT_EQ(-net(tb, ledger::Account::kInterestIncome), fen("120.00"));
  EXPECT_EQ(net(tb, ledger::Account::kRepaymentClearing), fen("1086.19"));
}

TEST(PostingRulesTest, AReversalTakesItsTargetOutAndAdjustsWhatFollowed) {
  const loan::LoanTerms terms = credit_terms();
  const std::vector<loan::LoanTransaction> txs = {
      loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
      loan::repayment(2, 2, day("2024-02-01"), yuan("1066.19")),
      loan::accrual(3, 3, day("2024-02-20")), loan::reversal(4, 4, day("2024-02-25"), 2)};
  const std::vector<ledger::JournalEntry> journal = post_all(terms, txs);
  // The repayment's own entry stays; an adjustment on its own date undoes
  // it (a reversed transaction never happened), and the accrual of 20
  // February, which found nothing overdue, is adjusted on its date for the
  // penalty it now recognises.
  std::map<std::string, Date> adjustments;
  for (const ledger::JournalEntry& e : journal) {
    if (e.kind == "adjustment") adjustments[e.source_ref] = e.value_date;
  }
  const std::map<std::string, Date> expected = {
      {"loan:42:tx:2:adj:4:2024-02-01", day("2024-02-01")},
      {"loan:42:tx:3:adj:4:2024-02-20", day("2024-02-20")}};
  EXPECT_EQ(adjustments, expected);
  for (const char* date : {"2024-02-01", "2024-02-10", "2024-02-20", "2024-02-25"}) {
    const loan::LoanState state = loan::replay(terms, txs, day(date)).value();
    const ledger::TrialBalance tb = ledger::trial_balance(journal, day(date), kCny).value();
    expect_matches(tb, state.recognised, date);
    EXPECT_EQ(net(tb, ledger::Account::kPrincipalReceivable), fen("12000.00")) << date;
  }
}

TEST(PostingRulesTest, AForeignEntryInTheSubledgerIsAnError) {
  const loan::LoanTerms terms = credit_terms();
  const loan::LoanState s =
      loan::replay(terms, {loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00"))},
                   day("2024-01-01"))
          .value();
  ledger::JournalEntry foreign = *entry_for(kLoan, s.summaries[0], kCny).value();
  foreign.source_ref = "voucher:9";
  const loan::LoanTransaction late = loan::accrual(2, 2, day("2024-01-10"));
  EXPECT_EQ(correction_entries(
                kLoan, terms, {loan::disbursement(1, 1, day("2024-01-01"), yuan("12000.00")), late},
                {foreign}, late)
                .error()
                .code,
            ErrorCode::kInternal);
}

// Property: over random loans with backdated transactions and reversals,
// every entry balances, every kind of transaction is posted, and the journal
// as of every date equals the fold's position as of that date.
TEST(PostingRulesProperty, TheJournalAlwaysEqualsTheFold) {
  smecredit::testing::Prng rng(31337);
  std::map<TransactionKind, int> kinds;
  int adjustments = 0;
  for (int i = 0; i < 150; ++i) {
    const loan::testing::RandomLoan loan = loan::testing::random_loan(rng, true, true);
    const std::vector<ledger::JournalEntry> journal = post_all(loan.terms, loan.transactions);
    for (const loan::LoanTransaction& t : loan.transactions) ++kinds[t.kind];
    const loan::LoanState last = loan::replay(loan.terms, loan.transactions, loan.as_of).value();
    for (const loan::AccountingSummary& s : last.summaries) {
      const auto entry = entry_for(kLoan, s, kCny);
      EXPECT_TRUE(entry.ok()) << "loan " << i << " transaction " << s.transaction_id << " ("
                              << loan::transaction_kind_name(s.kind)
                              << "): " << entry.error().message;
    }
    for (const ledger::JournalEntry& e : journal) adjustments += e.kind == "adjustment" ? 1 : 0;
    for (Date d = loan.terms.start; d <= loan.as_of; d = add_days(d, 11)) {
      const loan::LoanState state = loan::replay(loan.terms, loan.transactions, d).value();
      expect_matches(ledger::trial_balance(journal, d, kCny).value(), state.recognised,
                     "loan " + std::to_string(i) + " as of " + format_date(d));
    }
  }
  EXPECT_GT(kinds[TransactionKind::kRestructure], 5);
  for (int k = 0; k <= static_cast<int>(TransactionKind::kRecovery); ++k) {
    EXPECT_GT(kinds[static_cast<TransactionKind>(k)], 5)
        << loan::transaction_kind_name(static_cast<TransactionKind>(k));
  }
  EXPECT_GT(adjustments, 50);
}

}  // namespace
}  // namespace smecredit::servicing
