// Property tests of the servicing fold over random loans and random
// transaction sequences, from a fixed seed (the same cases on every run).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "loan/servicing.h"
#include "tests/loan/servicing_support.h"
#include "tests/support/prng.h"

namespace smecredit::loan {
namespace {

using testing::credit_product;
using testing::day;

constexpr int kLoans = 250;
constexpr int kAttemptsPerLoan = 30;

using smecredit::testing::Prng;

LoanTerms random_terms(Prng& rng) {
  LoanTerms t;
  t.product = credit_product();
  Product& p = t.product;
  p.method = static_cast<RepaymentMethod>(rng.between(0, 4));
  p.interest = rng.chance(50) ? InterestMethod::kPerPeriod : InterestMethod::kDaily;
  p.days_in_year = rng.chance(50) ? 365 : 360;
  p.rounding = rng.chance(50) ? Rounding::kHalfEven : Rounding::kHalfUp;
  p.penalty_multiplier = Decimal::from_parts(rng.between(10, 20), 1);
  std::shuffle(p.allocation_order.begin(), p.allocation_order.end(), rng.engine());
  p.prepayment_mode =
      rng.chance(50) ? PrepaymentMode::kShortenTerm : PrepaymentMode::kLowerInstallment;
  p.prepayment_fee_percent = Decimal::from_parts(rng.between(0, 300), 2);
  p.installment_fee = {FeeBasis::kFixed, rng.chance(30) ? rng.between(0, 2000) : 0, Decimal()};
  t.principal = Money::from_minor_units(rng.between(100'000, 100'000'000), kCny);
  t.annual_rate_percent = Decimal::from_parts(rng.between(0, 2400), 2);
  t.installments = static_cast<int>(rng.between(1, 36));
  t.start = add_days(day("2024-01-01"), rng.between(0, 365));
  t.first_due = add_months_clamped(t.start, 1);
  return t;
}

Money random_amount(Prng& rng, int64_t max_minor) {
  return Money::from_minor_units(rng.between(1, std::max<int64_t>(1, max_minor)), kCny);
}

LoanTransaction random_transaction(Prng& rng, const LoanTerms& terms, int64_t id, Date date,
                                   bool allow_reversal) {
  const int64_t scale = terms.principal.minor_units() / std::max(1, terms.installments) + 1000;
  switch (rng.between(0, 11)) {
    case 0:
    case 1:
    case 2:
      return repayment(id, id, date, random_amount(rng, 2 * scale));
    case 3:
      return fee_charge(id, id, date, random_amount(rng, 10'000));
    case 4:
      return penalty_accrual(id, id, date);
    case 5:
      return waiver(id, id, date, static_cast<Component>(rng.between(0, 2)),
                    random_amount(rng, 5'000));
    case 6:
      return rate_change(id, id, date, Decimal::from_parts(rng.between(0, 2400), 2));
    case 7:
      return extension(id, id, date, static_cast<int>(rng.between(0, 2)),
                       static_cast<int>(rng.between(1, 3)));
    case 8:
      return prepayment(id, id, date, random_amount(rng, 4 * scale), false);
    case 9:
      return prepayment(id, id, date,
                        Money::from_minor_units(4 * terms.principal.minor_units(), kCny), true);
    case 10:
      if (allow_reversal) return reversal(id, id, date, rng.between(1, id - 1));
      return repayment(id, id, date, random_amount(rng, scale));
    default:
      if (rng.chance(30)) return write_off(id, id, date);
      return recovery(id, id, date, random_amount(rng, scale));
  }
}

struct RandomLoan {
  LoanTerms terms;
  std::vector<LoanTransaction> transactions;  // every one accepted by replay
  Date as_of;
};

// Appends random transactions, keeping those replay accepts. Value dates
// mostly move forward; with `backdate` some fall before earlier ones.
RandomLoan random_loan(Prng& rng, bool backdate, bool reversals) {
  RandomLoan loan{random_terms(rng), {}, {}};
  const int64_t first = loan.terms.principal.minor_units() / (rng.chance(25) ? 2 : 1);
  loan.transactions.push_back(
      disbursement(1, 1, loan.terms.start, Money::from_minor_units(first, kCny)));
  Date cursor = loan.terms.start;
  for (int64_t id = 2; id < kAttemptsPerLoan + 2; ++id) {
    cursor = add_days(cursor, rng.between(0, 45));
    Date date = cursor;
    if (backdate && rng.chance(20)) {
      date = std::max(loan.terms.start, add_days(cursor, -rng.between(1, 40)));
    }
    LoanTransaction tx = random_transaction(rng, loan.terms, id, date, reversals);
    if (tx.kind == TransactionKind::kRepayment && first < loan.terms.principal.minor_units() &&
        rng.chance(10)) {
      tx = disbursement(id, id, date, Money::from_minor_units(first, kCny));
    }
    std::vector<LoanTransaction> candidate = loan.transactions;
    candidate.push_back(tx);
    if (replay(loan.terms, candidate, add_days(cursor, 30)).ok()) loan.transactions = candidate;
  }
  loan.as_of = add_days(cursor, 30);
  return loan;
}

LoanState balances(LoanState state) {
  state.summaries.clear();
  state.last_value_date = Date{};
  state.last_sequence = 0;
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
      s.disbursed_minor);
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
      expect_sound(replay(loan.terms, loan.transactions, d).value());
    }
  }
  EXPECT_GT(transactions, kLoans * 8);  // the generator produces real sequences
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

TEST(ServicingProperty, ReversalRestoresThePriorStateExactly) {
  Prng rng(4242);
  int restored = 0;
  for (int i = 0; i < kLoans; ++i) {
    const RandomLoan loan = random_loan(rng, true, false);
    if (loan.transactions.size() < 2) continue;
    const size_t victim =
        static_cast<size_t>(rng.between(1, static_cast<int64_t>(loan.transactions.size()) - 1));
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
