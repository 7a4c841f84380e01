// Random loans for property tests: random terms over the test product and
// random transaction sequences that replay accepts, from the caller's seeded
// generator (the same cases on every run).
#pragma once

#include <algorithm>
#include <vector>

#include "loan/servicing.h"
#include "tests/loan/servicing_support.h"
#include "tests/support/prng.h"

namespace smecredit::loan::testing {

using smecredit::testing::Prng;

inline constexpr int kAttemptsPerLoan = 30;

inline LoanTerms random_terms(Prng& rng) {
  LoanTerms t;
  t.product = credit_product();
  Product& p = t.product;
  p.method = static_cast<RepaymentMethod>(rng.between(0, 4));
  p.interest = rng.chance(50) ? InterestMethod::kPerPeriod : InterestMethod::kDaily;
  p.day_count = static_cast<DayCount>(rng.between(0, 2));
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

inline Money random_amount(Prng& rng, int64_t max_minor) {
  return Money::from_minor_units(rng.between(1, std::max<int64_t>(1, max_minor)), kCny);
}

inline LoanTransaction random_transaction(Prng& rng, const LoanTerms& terms, int64_t id, Date date,
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
      return accrual(id, id, date);
    case 5:
      return waiver(id, id, date, static_cast<Component>(rng.between(0, 2)),
                    random_amount(rng, 5'000));
    case 6:
      return rate_change(id, id, date, Decimal::from_parts(rng.between(0, 2400), 2));
    case 7:
      if (rng.chance(30)) {
        return restructure(id, id, date, Decimal::from_parts(rng.between(0, 2400), 2),
                           static_cast<int>(rng.between(1, 24)));
      }
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
inline RandomLoan random_loan(Prng& rng, bool backdate, bool reversals) {
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

}  // namespace smecredit::loan::testing
