#include "ledger/journal.h"

#include <gtest/gtest.h>

#include <random>

namespace smecredit::ledger {
namespace {

Money fen(int64_t n) {
  return Money::from_minor_units(n, kCny);
}
Date day(const char* text) {
  return parse_date(text).value();
}

JournalEntry disbursement(int64_t amount_fen, const char* ref = "disb:L1") {
  return make_entry("loan:L1", ref, "disbursement", day("2024-01-31"),
                    {{Account::kPrincipalReceivable, Side::kDebit, fen(amount_fen)},
                     {Account::kDisbursementClearing, Side::kCredit, fen(amount_fen)}})
      .value();
}

TEST(JournalTest, BalancedEntriesAreAccepted) {
  const JournalEntry e = disbursement(500000);
  EXPECT_EQ(e.postings.size(), 2u);
  const auto split = make_entry("loan:L1", "rep:1", "repayment", day("2024-02-29"),
                                {{Account::kRepaymentClearing, Side::kDebit, fen(30500)},
                                 {Account::kPrincipalReceivable, Side::kCredit, fen(25500)},
                                 {Account::kInterestReceivable, Side::kCredit, fen(5000)}});
  EXPECT_TRUE(split.ok());
}

TEST(JournalTest, UnbalancedOrMalformedEntriesAreRejected) {
  const auto unbalanced = make_entry("loan:L1", "x", "repayment", day("2024-02-29"),
                                     {{Account::kRepaymentClearing, Side::kDebit, fen(100)},
                                      {Account::kPrincipalReceivable, Side::kCredit, fen(99)}});
  ASSERT_FALSE(unbalanced.ok());
  EXPECT_NE(unbalanced.error().message.find("does not balance"), std::string::npos);
  EXPECT_FALSE(make_entry("loan:L1", "x", "k", day("2024-02-29"),
                          {{Account::kSuspense, Side::kDebit, fen(0)},
                           {Account::kFeeIncome, Side::kCredit, fen(0)}})
                   .ok());
  EXPECT_FALSE(make_entry("loan:L1", "x", "k", day("2024-02-29"),
                          {{Account::kSuspense, Side::kDebit, fen(-5)},
                           {Account::kFeeIncome, Side::kCredit, fen(-5)}})
                   .ok());
  EXPECT_FALSE(make_entry("loan:L1", "x", "k", day("2024-02-29"),
                          {{Account::kSuspense, Side::kDebit, fen(5)}})
                   .ok());
  EXPECT_FALSE(make_entry("", "x", "k", day("2024-02-29"),
                          {{Account::kSuspense, Side::kDebit, fen(5)},
                           {Account::kFeeIncome, Side::kCredit, fen(5)}})
                   .ok());
  const Currency usd = find_currency("USD").value();
  EXPECT_FALSE(make_entry("loan:L1", "x", "k", day("2024-02-29"),
                          {{Account::kSuspense, Side::kDebit, fen(5)},
                           {Account::kFeeIncome, Side::kCredit, Money::from_minor_units(5, usd)}})
                   .ok());
}

TEST(JournalTest, OverflowingTotalsAreAnErrorNotAWrap) {
  const Money huge = Money::from_minor_units(INT64_MAX, kCny);
  const auto e = make_entry("loan:L1", "x", "k", day("2024-02-29"),
                            {{Account::kSuspense, Side::kDebit, huge},
                             {Account::kSuspense, Side::kDebit, huge},
                             {Account::kFeeIncome, Side::kCredit, huge}});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kOverflow);
}

TEST(JournalTest, AReversalNetsEveryAccountToZero) {
  const JournalEntry original = disbursement(123456);
  const JournalEntry mirror = reversal_of(original, "rev:disb:L1", day("2024-02-01"));
  EXPECT_EQ(mirror.reverses, "disb:L1");
  auto tb = trial_balance({original, mirror}, day("2024-12-31"), kCny).value();
  for (Account a : kAllAccounts) EXPECT_TRUE(tb.balance(a).net().value().is_zero());
  EXPECT_TRUE(tb.balanced());
}

TEST(JournalTest, TrialBalanceHonoursTheAsOfDate) {
  const JournalEntry first = disbursement(1000, "a");
  JournalEntry later = disbursement(2000, "b");
  later.value_date = day("2024-03-01");
  const auto tb = trial_balance({first, later}, day("2024-02-29"), kCny).value();
  EXPECT_EQ(tb.balance(Account::kPrincipalReceivable).net().value(), fen(1000));
}

TEST(JournalTest, AccountNamesRoundTrip) {
  for (Account a : kAllAccounts) EXPECT_EQ(parse_account(account_name(a)).value(), a);
  EXPECT_FALSE(parse_account("cash").ok());
  EXPECT_EQ(normal_side(Account::kInterestIncome), Side::kCredit);
  EXPECT_EQ(normal_side(Account::kPrincipalReceivable), Side::kDebit);
}

// Property: any sequence of entries that make_entry accepts leaves the trial
// balance balanced; random unbalanced candidates are always refused.
TEST(JournalTest, PropertyTheJournalAlwaysBalances) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> account(0, static_cast<int>(kAllAccounts.size()) - 1);
  std::uniform_int_distribution<int64_t> amount(1, 10'000'000'000);
  std::uniform_int_distribution<int> lines(1, 5);
  TrialBalance tb(kCny);
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::vector<Posting> postings;
    Int128 debit_total = 0;
    for (int d = lines(rng); d > 0; --d) {
      const Money m = fen(amount(rng));
      debit_total += m.minor_units();
      postings.push_back({kAllAccounts[static_cast<size_t>(account(rng))], Side::kDebit, m});
    }
    // Split the debit total over credit lines, sometimes off by one fen.
    const int credit_lines = lines(rng);
    const bool corrupt = i % 7 == 0;
    Int128 remaining = debit_total + (corrupt ? 1 : 0);
    for (int c = 0; c < credit_lines; ++c) {
      const Int128 share = c + 1 == credit_lines ? remaining : remaining / (credit_lines - c);
      remaining -= share;
      postings.push_back({kAllAccounts[static_cast<size_t>(account(rng))], Side::kCredit,
                          fen(static_cast<int64_t>(share))});
    }
    auto entry = make_entry("loan:P", "p:" + std::to_string(i), "test", day("2024-01-01"),
                            std::move(postings));
    EXPECT_EQ(entry.ok(), !corrupt);
    if (!entry.ok()) continue;
    ASSERT_TRUE(tb.add(entry.value()).ok());
    ++accepted;
  }
  EXPECT_GT(accepted, 4000);
  EXPECT_TRUE(tb.balanced());
}

}  // namespace
}  // namespace smecredit::ledger
