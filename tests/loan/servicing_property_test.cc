// Property tests of the servicing fold over random loans and random
// transaction sequences, from a fixed seed (the same cases on every run).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "loan/servicing.h"
#include "tests/loan/random_loans.h"
#include "tests/loan/servicing_support.h"
#include "tests/support/prng.h"

namespace smecredit::loan {
namespace {

constexpr int kLoans = 250;

using smecredit::testing::Prng;
using testing::random_loan;
using testing::RandomLoan;

LoanState balances(LoanState state) {
  state.summaries.clear();
  state.last_value_date = Date{};
  state.last_sequence = 0;
  state.recognised = {};
  return state;
}

void expect_sound(const LoanState& s) {
  EXPECT_GE(s.principal_outstanding_minor, 0);
  EXPECT_GE(s.interest_outstanding_minor, 0);
  EXPECT_GE(s.fees_outstanding_minor, 0);
  EXPECT_GE(s.penalty_outstanding_minor, 0);
  EXPECT_GE(s.interest_not_due_minor, 0);
  EXPECT_GE(s.overpayment_minor, 0);
  EXPECT_EQ(
      s.principal_repaid_minor + s.written_off.principal_minor + s.principal_outstanding_minor,
      s.disbursed_minor + s.capitalised.total_minor());
  for (const InstallmentState& row : s.installments) {
    EXPECT_GE(row.principal_unpaid_minor(), 0);
    EXPECT_GE(row.interest_unpaid_minor(), 0);
    EXPECT_GE(row.fees_unpaid_minor(), 0);
  }
  for (size_t i = 1; i < s.installments.size(); ++i) {
    EXPECT_LT(s.installments[i - 1].due_date, s.installments[i].due_date);
  }
}

TEST(ServicingProperty, BalancesNeverNegativeAndPrincipalIsConserved) {
  Prng rng(20240101);
  int transactions = 0;
  std::map<TransactionKind, int> kinds;
  for (int i = 0; i < kLoans; ++i) {
    const RandomLoan loan = random_loan(rng, true, true);
    transactions += static_cast<int>(loan.transactions.size());
    for (const LoanTransaction& tx : loan.transactions) ++kinds[tx.kind];
    // Every intermediate date, not only the last.
    for (Date d = loan.terms.start; d <= loan.as_of; d = add_days(d, 17)) {
      const Result<LoanState> state = replay(loan.terms, loan.transactions, d);
      ASSERT_TRUE(state.ok()) << state.error().message << " as of " << format_date(d);
      expect_sound(state.value());
    }
  }
  EXPECT_GT(transactions, kLoans * 8);  // the generator produces real sequences
  EXPECT_GT(kinds[TransactionKind::kRestructure], 5);
  for (int kind = 0; kind <= static_cast<int>(TransactionKind::kRecovery); ++kind) {
    EXPECT_GT(kinds[static_cast<TransactionKind>(kind)], 5)
        << transaction_kind_name(static_cast<TransactionKind>(kind));
  }
}

TEST(ServicingProperty, ShuffledInputGivesIdenticalState) {
  Prng rng(7);
  for (int i = 0; i < kLoans; ++i) {
    RandomLoan loan = random_loan(rng, true, true);
    const LoanState expected = replay(loan.terms, loan.transactions, loan.as_of).value();
    for (int round = 0; round < 3; ++round) {
      std::shuffle(loan.transactions.begin(), loan.transactions.end(), rng.engine());
      EXPECT_EQ(replay(loan.terms, loan.transactions, loan.as_of).value(), expected);
    }
  }
}

TEST(ServicingProperty, IncrementalEqualsFullReplay) {
  Prng rng(99);
  for (int i = 0; i < kLoans; ++i) {
    const RandomLoan loan = random_loan(rng, false, false);
    LoanState state = replay(loan.terms, {}, loan.terms.start).value();
    for (const LoanTransaction& tx : loan.transactions) {
      state = apply_next(loan.terms, state, tx, tx.value_date).value();
    }
    const Date last = loan.transactions.back().value_date;
    EXPECT_EQ(state, replay(loan.terms, loan.transactions, last).value());
  }
}

// The end of day folds a loan from its transactions but the accruals and
// the latest accrual: the state must not depend on the others.
TEST(ServicingProperty, OnlyTheLatestAccrualMattersToTheState) {
  Prng rng(1717);
  int thinned = 0;
  for (int i = 0; i < kLoans; ++i) {
    const RandomLoan loan = random_loan(rng, true, true);
    const LoanTransaction* latest = nullptr;
    for (const LoanTransaction& tx : loan.transactions) {
      if (tx.kind != TransactionKind::kAccrual) continue;
      if (latest == nullptr || tx.value_date > latest->value_date ||
          (tx.value_date == latest->value_date && tx.sequence > latest->sequence)) {
        latest = &tx;
      }
    }
    std::vector<LoanTransaction> kept;
    for (const LoanTransaction& tx : loan.transactions) {
      if (tx.kind != TransactionKind::kAccrual || &tx == latest) kept.push_back(tx);
    }
    if (kept.size() == loan.transactions.size()) continue;
    ++thinned;
    const LoanState full = replay(loan.terms, loan.transactions, loan.as_of).value();
    const LoanState thin = replay(loan.terms, kept, loan.as_of).value();
    EXPECT_EQ(full.recognised, thin.recognised) << "loan " << i;
    EXPECT_EQ(full.last_sequence, thin.last_sequence) << "loan " << i;
    EXPECT_EQ(balances(full), balances(thin)) << "loan " << i;
  }
  EXPECT_GT(thinned, kLoans / 10);
}

TEST(ServicingProperty, ReversalRestoresThePriorStateExactly) {
  Prng rng(4242);
  int restored = 0;
  for (int i = 0; i < kLoans; ++i) {
    const RandomLoan loan = random_loan(rng, true, false);
    if (loan.transactions.size() < 2) continue;
    const size_t victim =
        static_cast<size_t>(rng.between(1, static_cast<int64_t>(loan.transactions.size()) - 1));
    if (loan.transactions[victim].kind == TransactionKind::kAccrual) continue;  // not reversible
    std::vector<LoanTransaction> without = loan.transactions;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(victim));
    std::vector<LoanTransaction> reversed = loan.transactions;
    const int64_t next_id = static_cast<int64_t>(loan.transactions.size()) + 100;
    reversed.push_back(reversal(next_id, next_id, loan.as_of, loan.transactions[victim].id));
    const Result<LoanState> prior = replay(loan.terms, without, loan.as_of);
    const Result<LoanState> after = replay(loan.terms, reversed, loan.as_of);
    ASSERT_EQ(prior.ok(), after.ok());
    if (!prior.ok()) continue;
    EXPECT_EQ(balances(after.value()), balances(prior.value()));
    ++restored;
  }
  EXPECT_GT(restored, kLoans / 2);
}

}  // namespace
}  // namespace smecredit::loan
