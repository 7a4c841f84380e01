#include "loan/schedule.h"

#include <gtest/gtest.h>

#include "tests/loan/test_terms.h"

namespace smecredit::loan {
namespace {

using testing::day;
using testing::simple_terms;
using testing::yuan;

ScheduleTerms issue_reference_terms() {
  ScheduleTerms terms;
  terms.principal = yuan("5000.00");
  terms.annual_rate_percent = Decimal::from_int(12);
  terms.installments = 18;
  terms.start = day("2022-11-01");
  terms.first_due = day("2022-12-01");
  terms.installment_multiple = 1;
  terms.fee_per_installment = Money::zero(kCny);
  return terms;
}

void expect_row(const Installment& row, std::string_view due, int64_t days,
                std::string_view principal, std::string_view interest, std::string_view total,
                std::string_view balance) {
  EXPECT_EQ(format_date(row.due_date), due);
  EXPECT_EQ(row.days, days);
  EXPECT_EQ(row.principal.to_string(), principal);
  EXPECT_EQ(row.interest.to_string(), interest);
  EXPECT_EQ(row.total.to_string(), total);
  EXPECT_EQ(row.balance.to_string(), balance);
}

TEST(Schedule, IssueReferenceEqualInstallment) {
  const Schedule s = generate_schedule(issue_reference_terms()).value();
  ASSERT_EQ(s.installments.size(), 18u);
  expect_row(s.installments[0], "2022-12-01", 30, "255.00", "50.00", "305.00", "4745.00");
  EXPECT_EQ(s.installments[0].fees.to_string(), "0.00");
  expect_row(s.installments[1], "2023-01-01", 31, "257.55", "47.45", "305.00", "4487.45");
  expect_row(s.installments[17], "2024-05-01", 30, "300.22", "3.00", "303.22", "0.00");
  EXPECT_EQ(s.total_principal.to_string(), "5000.00");
  EXPECT_EQ(s.total_interest.to_string(), "488.22");
}

TEST(Schedule, EqualInstallmentWithoutMultipleUsesTheFen) {
  ScheduleTerms terms = issue_reference_terms();
  terms.installment_multiple = 0;
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(s.installments[0].total.to_string(), "304.91");
  EXPECT_EQ(s.installments[0].principal.to_string(), "254.91");
}

TEST(Schedule, PmtWorkedValue) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualInstallment, 10);
  terms.principal = yuan("10000.00");
  terms.annual_rate_percent = Decimal::from_int(8);
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(s.installments[0].total.to_string(), "1037.03");
  EXPECT_EQ(s.installments[0].interest.to_string(), "66.67");
}

TEST(Schedule, EqualPrincipal) {
  const Schedule s = generate_schedule(simple_terms(RepaymentMethod::kEqualPrincipal)).value();
  EXPECT_EQ(s.installments[0].principal.to_string(), "100.00");
  EXPECT_EQ(s.installments[0].interest.to_string(), "12.00");
  EXPECT_EQ(s.installments[1].interest.to_string(), "11.00");
  EXPECT_EQ(s.installments[11].interest.to_string(), "1.00");
  EXPECT_EQ(s.total_interest.to_string(), "78.00");
}

TEST(Schedule, Flat) {
  const Schedule s = generate_schedule(simple_terms(RepaymentMethod::kFlat)).value();
  // 1,200 * 12% * 12/12 = 144.00 spread evenly: 100 + 12 each month.
  for (const Installment& row : s.installments) {
    EXPECT_EQ(row.principal.to_string(), "100.00");
    EXPECT_EQ(row.interest.to_string(), "12.00");
  }
  EXPECT_EQ(s.total_interest.to_string(), "144.00");
}

TEST(Schedule, FlatRoundedToMultipleLastTakesTheRest) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kFlat, 7);
  terms.installment_multiple = 1;
  const Schedule s = generate_schedule(terms).value();
  // interest 1200 * 12% * 7/12 = 84.00, 12.00 each; 1200/7 + 12 = 183.43 -> 183.
  EXPECT_EQ(s.installments[0].total.to_string(), "183.00");
  EXPECT_EQ(s.installments[0].principal.to_string(), "171.00");
  EXPECT_EQ(s.installments[6].principal.to_string(), "174.00");
  EXPECT_EQ(s.total_interest.to_string(), "84.00");
}

TEST(Schedule, InterestFirstAndBullet) {
  const Schedule first =
      generate_schedule(simple_terms(RepaymentMethod::kInterestFirst, 3)).value();
  EXPECT_EQ(first.installments[0].total.to_string(), "12.00");
  EXPECT_EQ(first.installments[1].total.to_string(), "12.00");
  EXPECT_EQ(first.installments[2].total.to_string(), "1212.00");
  const Schedule bullet = generate_schedule(simple_terms(RepaymentMethod::kBullet, 3)).value();
  EXPECT_EQ(bullet.installments[0].total.to_string(), "0.00");
  EXPECT_EQ(bullet.installments[1].total.to_string(), "0.00");
  EXPECT_EQ(bullet.installments[2].total.to_string(), "1236.00");
}

TEST(Schedule, GraceOnPrincipal) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 4);
  terms.grace_principal = 1;
  const Schedule s = generate_schedule(terms).value();
  expect_row(s.installments[0], "2024-02-01", 31, "0.00", "12.00", "12.00", "1200.00");
  expect_row(s.installments[1], "2024-03-01", 29, "400.00", "12.00", "412.00", "800.00");
  expect_row(s.installments[3], "2024-05-01", 30, "400.00", "4.00", "404.00", "0.00");
}

TEST(Schedule, GraceOnInterestDefersToTheNextInstallment) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 4);
  terms.grace_interest = 2;
  const Schedule s = generate_schedule(terms).value();
  // Own interest 12, 9, 6, 3: the first two are charged with the third.
  EXPECT_EQ(s.installments[0].interest.to_string(), "0.00");
  EXPECT_EQ(s.installments[1].interest.to_string(), "0.00");
  EXPECT_EQ(s.installments[2].interest.to_string(), "27.00");
  EXPECT_EQ(s.installments[3].interest.to_string(), "3.00");
  EXPECT_EQ(s.installments[0].principal.to_string(), "300.00");
  EXPECT_EQ(s.total_interest.to_string(), "30.00");
}

TEST(Schedule, EqualInstallmentAfterPrincipalGrace) {
  ScheduleTerms terms = issue_reference_terms();
  terms.grace_principal = 2;
  terms.installment_multiple = 0;
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(s.installments[0].total.to_string(), "50.00");
  EXPECT_EQ(s.installments[1].total.to_string(), "50.00");
  // PMT over the 16 remaining installments: 5000 * 0.01 / (1 - 1.01^-16) = 339.72.
  EXPECT_EQ(s.installments[2].total.to_string(), "339.72");
}

TEST(Schedule, DailyInterestUsesActualDays) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kInterestFirst, 2);
  terms.principal = yuan("10000.00");
  terms.annual_rate_percent = Decimal::parse("36.5").value();
  terms.interest = InterestMethod::kDaily;
  const Schedule s = generate_schedule(terms).value();
  // 10,000 * 36.5% * 31 / 365 = 310.00 (January); February 2024 has 29 days.
  EXPECT_EQ(s.installments[0].interest.to_string(), "310.00");
  EXPECT_EQ(s.installments[1].interest.to_string(), "290.00");
}

TEST(Schedule, DayCountConventionsAcrossTheTurnOfALeapYear) {
  // 10,000.00 at 12% from 1 December 2023 to 31 January 2024: 31 days of
  // 2023 and 30 of 2024 (a leap year).
  ScheduleTerms terms = simple_terms(RepaymentMethod::kBullet, 1);
  terms.principal = yuan("10000.00");
  terms.interest = InterestMethod::kDaily;
  terms.start = day("2023-12-01");
  terms.first_due = day("2024-01-31");
  const auto interest = [&](DayCount convention) {
    terms.day_count = convention;
    return generate_schedule(terms).value().installments[0].interest.to_string();
  };
  // 1,200 × 61/365 = 200.548; 1,200 × 61/360 = 203.333;
  // 1,200 × (31/365 + 30/366) = 101.918 + 98.361 = 200.278.
  EXPECT_EQ(interest(DayCount::kAct365Fixed), "200.55");
  EXPECT_EQ(interest(DayCount::kAct360), "203.33");
  EXPECT_EQ(interest(DayCount::kActAct), "200.28");
}

TEST(DayCount, WeightsAndNames) {
  const Date from = day("2023-12-01");
  const Date to = day("2024-01-31");
  EXPECT_EQ(day_count_weight(DayCount::kActAct, from, to), 31 * 366 + 30 * 365);
  EXPECT_EQ(day_count_denominator(DayCount::kActAct), 365 * 366);
  EXPECT_EQ(day_count_weight(DayCount::kAct360, from, to), 61);
  EXPECT_EQ(day_count_weight(DayCount::kActAct, to, from), 0);
  // A whole leap year is exactly one year under ACT/ACT, and so is a whole
  // common year.
  EXPECT_EQ(day_count_weight(DayCount::kActAct, day("2024-01-01"), day("2025-01-01")),
            day_count_denominator(DayCount::kActAct));
  EXPECT_EQ(day_count_weight(DayCount::kActAct, day("2025-01-01"), day("2026-01-01")),
            day_count_denominator(DayCount::kActAct));
  for (const DayCount c : {DayCount::kAct365Fixed, DayCount::kAct360, DayCount::kActAct}) {
    EXPECT_EQ(parse_day_count(day_count_name(c)).value(), c);
  }
  EXPECT_FALSE(parse_day_count("30/360").ok());
  EXPECT_EQ(day_count_from_days_in_year(360).value(), DayCount::kAct360);
  EXPECT_FALSE(day_count_from_days_in_year(366).ok());
}

TEST(Schedule, DailyInterestInANonLeapFebruary) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kInterestFirst, 2);
  terms.principal = yuan("10000.00");
  terms.annual_rate_percent = Decimal::parse("36.5").value();
  terms.interest = InterestMethod::kDaily;
  terms.start = day("2023-01-01");
  terms.first_due = day("2023-02-01");
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(s.installments[1].days, 28);
  EXPECT_EQ(s.installments[1].interest.to_string(), "280.00");
}

TEST(Schedule, ThirtyFirstOfJanuaryKeepsItsDayAfterFebruary) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 4);
  terms.start = day("2023-12-31");
  terms.first_due = day("2024-01-31");
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(format_date(s.installments[1].due_date), "2024-02-29");  // leap year
  EXPECT_EQ(s.installments[1].days, 29);
  EXPECT_EQ(format_date(s.installments[2].due_date), "2024-03-31");
  EXPECT_EQ(format_date(s.installments[3].due_date), "2024-04-30");
  terms.start = day("2022-12-31");
  terms.first_due = day("2023-01-31");
  EXPECT_EQ(format_date(generate_schedule(terms).value().installments[1].due_date), "2023-02-28");
}

TEST(Schedule, WeeklyBiWeeklyQuarterlyAndDailyDates) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 3);
  terms.frequency = Frequency::kWeekly;
  EXPECT_EQ(format_date(generate_schedule(terms).value().installments[2].due_date), "2024-02-15");
  terms.frequency = Frequency::kBiWeekly;
  EXPECT_EQ(format_date(generate_schedule(terms).value().installments[2].due_date), "2024-02-29");
  terms.frequency = Frequency::kQuarterly;
  EXPECT_EQ(format_date(generate_schedule(terms).value().installments[2].due_date), "2024-08-01");
  terms.frequency = Frequency::kDaily;
  EXPECT_EQ(format_date(generate_schedule(terms).value().installments[2].due_date), "2024-02-03");
}

TEST(Schedule, QuarterlyPerPeriodInterest) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kInterestFirst, 2);
  terms.frequency = Frequency::kQuarterly;
  // 1,200 * 12% / 4 = 36.00
  EXPECT_EQ(generate_schedule(terms).value().installments[0].interest.to_string(), "36.00");
}

TEST(Schedule, HolidayMovesTheDueDateAndKeepsTheAnchor) {
  BusinessCalendar calendar;
  for (int d = 1; d <= 7; ++d) calendar.add_holiday(add_days(day("2024-09-30"), d));
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 3);
  terms.start = day("2024-09-01");
  terms.first_due = day("2024-10-01");
  const Schedule s = generate_schedule(terms, &calendar).value();
  EXPECT_EQ(format_date(s.installments[0].due_date), "2024-10-08");
  EXPECT_EQ(s.installments[0].days, 37);
  EXPECT_EQ(format_date(s.installments[1].due_date), "2024-11-01");
  EXPECT_EQ(s.installments[1].days, 24);
  EXPECT_EQ(format_date(generate_schedule(terms).value().installments[0].due_date), "2024-10-01");
}

TEST(Schedule, WeekendMovesOnlyWithACalendar) {
  const BusinessCalendar calendar;
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 1);
  terms.start = day("2024-05-01");
  terms.first_due = day("2024-06-01");  // a Saturday
  EXPECT_EQ(format_date(generate_schedule(terms, &calendar).value().installments[0].due_date),
            "2024-06-03");
}

TEST(Schedule, FeesArePartOfTheTotal) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualPrincipal, 2);
  terms.fee_per_installment = yuan("5.00");
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(s.installments[0].total.to_string(), "617.00");  // 600 + 12 + 5
  EXPECT_EQ(s.total_fees.to_string(), "10.00");
}

TEST(ScheduleValidation, RejectsBadTerms) {
  const auto rejects = [](auto change, ErrorCode code) {
    ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualInstallment);
    change(terms);
    const Status status = validate_schedule_terms(terms);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, code) << status.error().message;
  };
  rejects([](ScheduleTerms& t) { t.principal = yuan("0"); }, ErrorCode::kInvalidArgument);
  rejects([](ScheduleTerms& t) { t.principal = yuan("-1.00"); }, ErrorCode::kInvalidArgument);
  rejects(
      [](ScheduleTerms& t) {
        t.principal = Money::from_minor_units(1'000'000'000'000'000'000, kCny);
      },
      ErrorCode::kOverflow);
  rejects([](ScheduleTerms& t) { t.annual_rate_percent = Decimal::from_int(101); },
          ErrorCode::kOutOfRange);
  rejects([](ScheduleTerms& t) { t.annual_rate_percent = Decimal::from_int(-1); },
          ErrorCode::kOutOfRange);
  rejects([](ScheduleTerms& t) { t.annual_rate_percent = Decimal::parse("1.0000001").value(); },
          ErrorCode::kInvalidArgument);
  rejects([](ScheduleTerms& t) { t.installments = 0; }, ErrorCode::kOutOfRange);
  rejects([](ScheduleTerms& t) { t.installments = kMaxInstallments + 1; }, ErrorCode::kOutOfRange);
  rejects([](ScheduleTerms& t) { t.first_due = t.start; }, ErrorCode::kInvalidArgument);
  rejects([](ScheduleTerms& t) { t.first_due = day("2023-12-01"); }, ErrorCode::kInvalidArgument);
  rejects([](ScheduleTerms& t) { t.grace_principal = 12; }, ErrorCode::kOutOfRange);
  rejects([](ScheduleTerms& t) { t.grace_interest = -1; }, ErrorCode::kOutOfRange);
  rejects([](ScheduleTerms& t) { t.installment_multiple = -1; }, ErrorCode::kOutOfRange);
}

TEST(ScheduleValidation, AcceptsTheBounds) {
  ScheduleTerms terms = simple_terms(RepaymentMethod::kEqualInstallment, kMaxInstallments);
  terms.frequency = Frequency::kDaily;
  terms.principal = Money::from_minor_units(kMaxPrincipalMinorUnits, kCny);
  terms.annual_rate_percent = Decimal::from_int(kMaxAnnualRatePercent);
  const Schedule s = generate_schedule(terms).value();
  EXPECT_EQ(s.total_principal, terms.principal);
  EXPECT_TRUE(s.installments.back().balance.is_zero());
}

TEST(ScheduleParsing, NamesAndErrors) {
  EXPECT_EQ(parse_repayment_method("interest-first").value(), RepaymentMethod::kInterestFirst);
  EXPECT_EQ(parse_frequency("bi-weekly").value(), Frequency::kBiWeekly);
  EXPECT_EQ(parse_interest_method("daily").value(), InterestMethod::kDaily);
  EXPECT_FALSE(parse_repayment_method("balloon").ok());
  EXPECT_FALSE(parse_frequency("yearly").ok());
  EXPECT_FALSE(parse_interest_method("compound").ok());
}

}  // namespace
}  // namespace smecredit::loan
