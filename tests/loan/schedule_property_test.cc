// Property tests: thousands of generated term sets (a fixed-seed PRNG, so a
// failure reproduces) must keep the schedule invariants.
#include <gtest/gtest.h>

#include <random>

#include "loan/schedule.h"
#include "tests/support/prng.h"

namespace smecredit::loan {
namespace {

constexpr int kCases = 3000;

using Draw = smecredit::testing::Prng;

ScheduleTerms random_terms(Draw& draw) {
  static constexpr RepaymentMethod kMethods[] = {
      RepaymentMethod::kEqualInstallment, RepaymentMethod::kEqualPrincipal, RepaymentMethod::kFlat,
      RepaymentMethod::kInterestFirst, RepaymentMethod::kBullet};
  static constexpr Frequency kFrequencies[] = {Frequency::kMonthly, Frequency::kQuarterly,
                                               Frequency::kBiWeekly, Frequency::kWeekly,
                                               Frequency::kDaily};
  static constexpr int64_t kMultiples[] = {0, 0, 1, 10, 100};
  ScheduleTerms terms;
  const int64_t magnitude = draw.between(0, 13);
  int64_t principal = 1;
  for (int64_t i = 0; i < magnitude; ++i) principal *= 10;
  terms.principal = Money::from_minor_units(draw.between(principal, principal * 10), kCny);
  terms.annual_rate_percent = Decimal::from_parts(draw.between(0, 360'000), 4);
  terms.installments = static_cast<int>(draw.between(1, 120));
  terms.frequency = draw.pick(kFrequencies);
  terms.method = draw.pick(kMethods);
  terms.interest = draw.between(0, 1) == 0 ? InterestMethod::kPerPeriod : InterestMethod::kDaily;
  terms.day_count = static_cast<DayCount>(draw.between(0, 2));
  terms.rounding = draw.between(0, 1) == 0 ? Rounding::kHalfEven : Rounding::kHalfUp;
  terms.installment_multiple = draw.pick(kMultiples);
  terms.grace_principal = static_cast<int>(draw.between(0, terms.installments - 1) / 3);
  terms.grace_interest = static_cast<int>(draw.between(0, terms.installments - 1) / 3);
  terms.fee_per_installment =
      Money::from_minor_units(draw.between(0, 3) == 0 ? draw.between(0, 10'000) : 0, kCny);
  terms.start = add_days(parse_date("2020-01-01").value(), draw.between(0, 3650));
  terms.first_due = add_days(terms.start, draw.between(1, 120));
  return terms;
}

BusinessCalendar random_calendar(Draw& draw, Date around) {
  BusinessCalendar calendar;
  for (int i = 0; i < 40; ++i) calendar.add_holiday(add_days(around, draw.between(0, 900)));
  for (int i = 0; i < 5; ++i) calendar.add_workday(add_days(around, draw.between(0, 900)));
  return calendar;
}

void check_invariants(const ScheduleTerms& terms, const Schedule& schedule) {
  ASSERT_EQ(static_cast<int>(schedule.installments.size()), terms.installments);
  int64_t balance = terms.principal.minor_units();
  int64_t principal_sum = 0;
  int64_t interest_sum = 0;
  Date previous = terms.start;
  for (const Installment& row : schedule.installments) {
    EXPECT_GE(row.principal.minor_units(), 0);
    EXPECT_GE(row.interest.minor_units(), 0);
    EXPECT_EQ(row.total.minor_units(),
              row.principal.minor_units() + row.interest.minor_units() + row.fees.minor_units());
    balance -= row.principal.minor_units();
    EXPECT_EQ(row.balance.minor_units(), balance);
    EXPECT_GE(row.balance.minor_units(), 0);
    EXPECT_GE(row.days, 0);
    EXPECT_EQ(row.days, days_between(previous, row.due_date));
    EXPECT_FALSE(row.due_date < previous);
    previous = row.due_date;
    principal_sum += row.principal.minor_units();
    interest_sum += row.interest.minor_units();
  }
  EXPECT_EQ(principal_sum, terms.principal.minor_units());
  EXPECT_EQ(schedule.total_principal, terms.principal);
  EXPECT_EQ(schedule.total_interest.minor_units(), interest_sum);
  EXPECT_TRUE(schedule.installments.back().balance.is_zero());
}

TEST(ScheduleProperties, InvariantsHoldForGeneratedTerms) {
  Draw draw(20'260'311);
  for (int c = 0; c < kCases; ++c) {
    const ScheduleTerms terms = random_terms(draw);
    const bool with_calendar = draw.between(0, 3) == 0;
    const BusinessCalendar calendar = random_calendar(draw, terms.start);
    const Result<Schedule> schedule = generate_schedule(terms, with_calendar ? &calendar : nullptr);
    ASSERT_TRUE(schedule.ok()) << "case " << c << ": " << schedule.error().message;
    SCOPED_TRACE("case " + std::to_string(c));
    check_invariants(terms, schedule.value());
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(ScheduleProperties, SameTermsSameSchedule) {
  Draw first(7);
  Draw second(7);
  for (int c = 0; c < 200; ++c) {
    const Schedule a = generate_schedule(random_terms(first)).value();
    const Schedule b = generate_schedule(random_terms(second)).value();
    ASSERT_EQ(a.installments.size(), b.installments.size());
    EXPECT_EQ(a.total_interest, b.total_interest);
  }
}

}  // namespace
}  // namespace smecredit::loan
