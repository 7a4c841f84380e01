// Worked servicing cases: each number is derived by hand in the comments.
#include "loan/servicing.h"

#include <gtest/gtest.h>

#include "tests/loan/servicing_support.h"

namespace smecredit::loan {
namespace {

using testing::credit_terms;
using testing::day;
using testing::fen;
using testing::yuan;

LoanState replay_ok(const LoanTerms& terms, const std::vector<LoanTransaction>& txs,
                    std::string_view as_of) {
  Result<LoanState> state = replay(terms, txs, day(as_of));
  EXPECT_TRUE(state.ok()) << (state.ok() ? "" : state.error().to_string());
  return state.ok() ? state.value() : LoanState{};
}

// The state without its transaction log, for comparing balances.
LoanState balances(LoanState state) {
  state.summaries.clear();
  state.last_value_date = Date{};
  state.last_sequence = 0;
  state.recognised = {};
  return state;
}

TEST(Servicing, DisbursementCreatesTheSchedule) {
  const LoanState s = replay_ok(
      credit_terms(), {disbursement(1, 1, day("2024-01-01"), yuan("12000.00"))}, "2024-01-15");
  ASSERT_EQ(s.installments.size(), 12u);
  EXPECT_EQ(s.installments[0].principal_due_minor + s.installments[0].interest_due_minor,
            fen("1066.19"));
  EXPECT_EQ(s.installments[0].interest_due_minor, fen("120.00"));
  EXPECT_EQ(s.principal_outstanding_minor, fen("12000.00"));
  EXPECT_EQ(s.status, LoanStatus::kActive);
  EXPECT_EQ(s.installments[0].status, InstallmentStatus::kFuture);
  EXPECT_EQ(s.loan_class, LoanClass::kNormal);
  EXPECT_EQ(s.dpd_bucket, "current");
}

// 2024-03-01 (a Friday) made a holiday: the second installment falls due on
// Monday 2024-03-04, in the first schedule and in every regenerated one.
LoanTerms terms_with_march_holiday() {
  LoanTerms terms = credit_terms();
  BusinessCalendar calendar;
  calendar.add_holiday(day("2024-03-01"));
  terms.product.calendar = calendar;
  return terms;
}

TEST(Servicing, DueDatesMoveToTheNextBusinessDayOfTheProductsCalendar) {
  const LoanTerms terms = terms_with_march_holiday();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      repayment(2, 2, day("2024-02-01"), yuan("1066.19"))};
  LoanState s = replay_ok(terms, txs, "2024-03-02");
  EXPECT_EQ(s.installments[1].due_date, day("2024-03-04"));
  EXPECT_EQ(s.installments[2].due_date, day("2024-04-01"));  // a Monday: stays
  EXPECT_EQ(s.days_past_due, 0);                             // not yet due on the Saturday
  s = replay_ok(terms, txs, "2024-03-06");
  EXPECT_EQ(s.days_past_due, 2);  // overdue from Tuesday 2024-03-05
  // Without the calendar the same loan was overdue on 2024-03-02.
  EXPECT_EQ(replay_ok(credit_terms(), txs, "2024-03-06").days_past_due, 5);

  // A rate change regenerates the schedule; a deferral moves installments
  // by a period: both land on business days.
  txs.push_back(rate_change(3, 3, day("2024-02-10"), Decimal::from_int(10)));
  s = replay_ok(terms, txs, "2024-02-10");
  EXPECT_EQ(s.installments[1].due_date, day("2024-03-04"));
  s = replay_ok(terms, {txs[0], extension(4, 4, day("2024-01-20"), 1, 0)}, "2024-01-20");
  EXPECT_EQ(s.installments[0].due_date, day("2024-03-04"));
}

TEST(Servicing, PenaltyOnAnOverdueInstallmentAtOneAndAHalfTimesTheRate) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00"))};
  const LoanState s = replay_ok(terms, txs, "2024-02-10");
  // 946.19 overdue for 9 days at 12% x 1.5: 94619 x 0.18 x 9 / 365 = 419.95 fen.
  EXPECT_EQ(s.penalty_outstanding_minor, fen("4.20"));
  EXPECT_EQ(s.days_past_due, 9);
  EXPECT_EQ(s.dpd_bucket, "1-30");
  EXPECT_EQ(s.loan_class, LoanClass::kSpecialMention);
  EXPECT_EQ(s.installments[0].status, InstallmentStatus::kOverdue);
  EXPECT_EQ(s.interest_outstanding_minor, fen("120.00"));
  txs.push_back(repayment(2, 2, day("2024-02-10"), yuan("1070.39")));
  const LoanState paid = replay_ok(terms, txs, "2024-02-10");
  const AccountingSummary& r = paid.summaries.back();
  EXPECT_EQ(r.penalty_accrued_minor, fen("4.20"));
  EXPECT_EQ(r.amounts.penalty_minor, fen("4.20"));
  EXPECT_EQ(r.amounts.interest_minor, fen("120.00"));
  EXPECT_EQ(r.amounts.principal_minor, fen("946.19"));
  EXPECT_EQ(r.overpayment_minor, 0);
  EXPECT_EQ(paid.days_past_due, 0);
  EXPECT_EQ(paid.installments[0].status, InstallmentStatus::kPaid);
  EXPECT_EQ(paid.penalty_outstanding_minor, 0);
}

TEST(Servicing, AllocationFollowsTheProductOrder) {
  LoanTerms terms = credit_terms();
  terms.product.allocation_order = {Component::kPrincipal, Component::kInterest, Component::kFees,
                                    Component::kPenalty};
  const LoanState s = replay_ok(terms,
                                {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                 repayment(2, 2, day("2024-02-10"), yuan("1000.00"))},
                                "2024-02-10");
  const ComponentAmounts& a = s.summaries.back().amounts;
  EXPECT_EQ(a.principal_minor, fen("946.19"));
  EXPECT_EQ(a.interest_minor, fen("53.81"));
  EXPECT_EQ(a.penalty_minor, 0);
  EXPECT_EQ(s.penalty_outstanding_minor, fen("4.20"));
}

TEST(Servicing, BackdatedRepaymentIsAppliedOnItsValueDate) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      accrual(2, 2, day("2024-02-10"))};
  EXPECT_EQ(replay_ok(terms, txs, "2024-02-10").summaries.back().penalty_accrued_minor,
            fen("4.20"));
  // Recorded on 10 February, received on 1 February: no penalty, not overdue.
  txs.push_back(repayment(3, 3, day("2024-02-01"), yuan("1066.19")));
  const LoanState s = replay_ok(terms, txs, "2024-02-10");
  EXPECT_EQ(s.penalty_outstanding_minor, 0);
  EXPECT_EQ(s.days_past_due, 0);
  EXPECT_EQ(s.summaries[1].transaction_id, 3);
  EXPECT_EQ(s.summaries[2].penalty_accrued_minor, 0);
  EXPECT_EQ(s.principal_outstanding_minor, fen("11053.81"));
  // Replay gives the same numbers every time.
  EXPECT_EQ(replay_ok(terms, txs, "2024-02-10"), s);
}

TEST(Servicing, ExtensionThenFullPrepayment) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      repayment(2, 2, day("2024-02-01"), yuan("1066.19")),
                                      extension(3, 3, day("2024-02-15"), 0, 6)};
  const LoanState extended = replay_ok(terms, txs, "2024-02-20");
  // 11 remaining installments + 6 = 17 new ones after the paid first.
  ASSERT_EQ(extended.installments.size(), 18u);
  EXPECT_EQ(format_date(extended.installments[1].due_date), "2024-03-01");
  EXPECT_EQ(format_date(extended.installments.back().due_date), "2025-07-01");
  EXPECT_EQ(extended.installments[1].interest_due_minor, fen("110.54"));
  int64_t principal = 0;
  for (const InstallmentState& row : extended.installments) principal += row.principal_due_minor;
  EXPECT_EQ(principal, fen("12000.00"));
  // Payoff on 20 Feb: 11,053.81 + 110.54 x 19/29 days = 72.42 of interest.
  const PayoffQuote q = payoff_quote(terms, extended, day("2024-02-20")).value();
  EXPECT_EQ(q.amounts.principal_minor, fen("11053.81"));
  EXPECT_EQ(q.amounts.interest_minor, fen("72.42"));
  EXPECT_EQ(q.total_minor, fen("11126.23"));
  txs.push_back(prepayment(4, 4, day("2024-02-20"), yuan("11126.22"), true));
  EXPECT_EQ(replay(terms, txs, day("2024-02-20")).error().code, ErrorCode::kFailedPrecondition);
  txs.back() = prepayment(4, 4, day("2024-02-20"), yuan("11130.00"), true);
  const LoanState closed = replay_ok(terms, txs, "2024-02-20");
  EXPECT_EQ(closed.status, LoanStatus::kPaidOff);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.principal_outstanding_minor, 0);
  EXPECT_EQ(closed.summaries.back().overpayment_minor, fen("3.77"));
  EXPECT_EQ(closed.principal_repaid_minor, fen("12000.00"));
  txs.push_back(repayment(5, 5, day("2024-03-01"), yuan("1.00")));
  const Result<LoanState> after = replay(terms, txs, day("2024-03-01"));
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message.find("paid off"), std::string::npos);
}

TEST(Servicing, DeferralMovesUnpaidInstallments) {
  const LoanTerms terms = credit_terms();
  const LoanState s = replay_ok(terms,
                                {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                 extension(2, 2, day("2024-02-15"), 3, 0)},
                                "2024-02-20");
  EXPECT_EQ(format_date(s.installments[0].due_date), "2024-05-01");
  EXPECT_EQ(s.days_past_due, 0);
  EXPECT_EQ(s.loan_class, LoanClass::kNormal);
}

TEST(Servicing, PartialPrepaymentKeepsTheTermOrShortensIt) {
  LoanTerms terms = credit_terms();
  const std::vector<LoanTransaction> txs = {
      disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
      prepayment(2, 2, day("2024-02-01"), yuan("6000.00"), false)};
  const LoanState lower = replay_ok(terms, txs, "2024-02-01");
  // 1,066.19 settles the due installment; 4,933.81 prepays principal.
  EXPECT_EQ(lower.principal_outstanding_minor, fen("6120.00"));
  EXPECT_EQ(lower.installments.size(), 12u);
  EXPECT_EQ(lower.summaries.back().amounts.principal_minor, fen("946.19") + fen("4933.81"));
  terms.product.prepayment_mode = PrepaymentMode::kShortenTerm;
  terms.product.prepayment_fee_percent = Decimal::from_int(1);
  const LoanState shorter = replay_ok(terms, txs, "2024-02-01");
  // 4,933.81 = P + 1% of P: P = 4,884.96, fee 48.85.
  EXPECT_EQ(shorter.summaries.back().fee_income_minor, fen("48.85"));
  EXPECT_EQ(shorter.principal_outstanding_minor, fen("12000.00") - fen("946.19") - fen("4884.96"));
  EXPECT_LT(shorter.installments.size(), 12u);
  const InstallmentState& next = shorter.installments[1];
  EXPECT_LE(next.principal_due_minor + next.interest_due_minor, fen("1066.19"));
}

TEST(Servicing, ReversalRestoresThePriorState) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      repayment(2, 2, day("2024-02-01"), yuan("1066.19"))};
  const LoanState before = replay_ok(terms, txs, "2024-03-05");
  txs.push_back(repayment(3, 3, day("2024-03-01"), yuan("500.00")));
  EXPECT_NE(balances(replay_ok(terms, txs, "2024-03-05")), balances(before));
  txs.push_back(reversal(4, 4, day("2024-03-05"), 3));
  const LoanState reversed = replay_ok(terms, txs, "2024-03-05");
  EXPECT_EQ(balances(reversed), balances(before));
  EXPECT_EQ(reversed.summaries.back().reversed_id, 3);
  txs.push_back(reversal(5, 5, day("2024-03-05"), 3));
  EXPECT_EQ(replay(terms, txs, day("2024-03-05")).error().code, ErrorCode::kConflict);
  txs.back() = reversal(5, 5, day("2024-03-05"), 99);
  EXPECT_EQ(replay(terms, txs, day("2024-03-05")).error().code, ErrorCode::kNotFound);
}

TEST(Servicing, WriteOffThenRecovery) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      write_off(2, 2, day("2024-03-01"))};
  const LoanState off = replay_ok(terms, txs, "2024-03-10");
  const ComponentAmounts& w = off.summaries.back().amounts;
  EXPECT_EQ(w.principal_minor, fen("12000.00"));
  // Interest of the two installments due by 1 March: 120.00 + 110.54.
  EXPECT_EQ(w.interest_minor, fen("230.54"));
  EXPECT_GT(w.penalty_minor, 0);
  EXPECT_EQ(off.status, LoanStatus::kWrittenOff);
  EXPECT_TRUE(off.closed);
  EXPECT_EQ(off.loan_class, LoanClass::kLoss);
  EXPECT_EQ(off.principal_outstanding_minor, 0);
  EXPECT_EQ(off.penalty_outstanding_minor, 0);
  txs.push_back(recovery(3, 3, day("2024-04-01"), yuan("500.00")));
  const LoanState rec = replay_ok(terms, txs, "2024-04-01");
  const ComponentAmounts& r = rec.summaries.back().amounts;
  EXPECT_EQ(r.penalty_minor, w.penalty_minor);
  EXPECT_EQ(r.interest_minor, fen("230.54"));
  EXPECT_EQ(r.total_minor(), fen("500.00"));
  EXPECT_EQ(rec.recovered, r);
  txs.push_back(repayment(4, 4, day("2024-04-02"), yuan("1.00")));
  EXPECT_EQ(replay(terms, txs, day("2024-04-02")).error().code, ErrorCode::kFailedPrecondition);
}

TEST(Servicing, WaiverOfPenaltyFeesAndInterest) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {
      disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
      fee_charge(2, 2, day("2024-02-05"), yuan("50.00")),
      waiver(3, 3, day("2024-02-10"), Component::kPenalty, yuan("4.20")),
      waiver(4, 4, day("2024-02-10"), Component::kFees, yuan("50.00")),
      waiver(5, 5, day("2024-02-10"), Component::kInterest, yuan("20.00"))};
  const LoanState s = replay_ok(terms, txs, "2024-02-10");
  EXPECT_EQ(s.penalty_outstanding_minor, 0);
  EXPECT_EQ(s.fees_outstanding_minor, 0);
  EXPECT_EQ(s.interest_outstanding_minor, fen("100.00"));
  EXPECT_EQ(s.summaries.back().amounts.interest_minor, fen("20.00"));
  txs.push_back(waiver(6, 6, day("2024-02-10"), Component::kPenalty, yuan("0.01")));
  EXPECT_EQ(replay(terms, txs, day("2024-02-10")).error().code, ErrorCode::kFailedPrecondition);
  txs.back() = waiver(6, 6, day("2024-02-10"), Component::kPrincipal, yuan("1.00"));
  EXPECT_EQ(replay(terms, txs, day("2024-02-10")).error().code, ErrorCode::kInvalidArgument);
}

TEST(Servicing, RateReductionRegeneratesTheRemainingSchedule) {
  const LoanTerms terms = credit_terms();
  const LoanState s = replay_ok(terms,
                                {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                 repayment(2, 2, day("2024-02-01"), yuan("1066.19")),
                                 rate_change(3, 3, day("2024-02-01"), Decimal::from_int(6))},
                                "2024-02-02");
  ASSERT_EQ(s.installments.size(), 12u);
  // 11,053.81 at 0.5% a month.
  EXPECT_EQ(s.installments[1].interest_due_minor, fen("55.27"));
  EXPECT_EQ(s.annual_rate_percent, Decimal::from_int(6));
  int64_t principal = 0;
  for (const InstallmentState& row : s.installments) principal += row.principal_due_minor;
  EXPECT_EQ(principal, fen("12000.00"));
  EXPECT_EQ(s.installments[0].interest_due_minor, fen("120.00"));
}

TEST(Servicing, MonthEndsKeepTheThirtyFirstAcrossRegeneration) {
  LoanTerms terms = credit_terms();
  terms.start = day("2024-01-15");
  terms.first_due = day("2024-01-31");
  const LoanState s = replay_ok(terms,
                                {disbursement(1, 1, day("2024-01-15"), yuan("12000.00")),
                                 rate_change(2, 2, day("2024-04-15"), Decimal::from_int(10))},
                                "2024-04-15");
  EXPECT_EQ(format_date(s.installments[1].due_date), "2024-02-29");
  EXPECT_EQ(format_date(s.installments[2].due_date), "2024-03-31");
  EXPECT_EQ(format_date(s.installments[3].due_date), "2024-04-30");
  EXPECT_EQ(format_date(s.installments[4].due_date), "2024-05-31");
  EXPECT_EQ(format_date(s.installments.back().due_date), "2024-12-31");
  EXPECT_EQ(s.days_past_due, 75);  // unpaid since 31 January: 29 + 31 + 15 days
}

TEST(Servicing, TranchesRegenerateTheRemainingSchedule) {
  const LoanTerms terms = credit_terms();
  const LoanState s = replay_ok(terms,
                                {disbursement(1, 1, day("2024-01-01"), yuan("6000.00")),
                                 disbursement(2, 2, day("2024-01-10"), yuan("6000.00"))},
                                "2024-01-10");
  EXPECT_EQ(s.disbursed_minor, fen("12000.00"));
  EXPECT_EQ(s.installments[0].interest_due_minor, fen("120.00"));
  EXPECT_EQ(s.principal_outstanding_minor, fen("12000.00"));
  const Result<LoanState> over = replay(terms,
                                        {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                         disbursement(2, 2, day("2024-01-10"), yuan("0.01"))},
                                        day("2024-01-10"));
  EXPECT_EQ(over.error().code, ErrorCode::kOutOfRange);
}

TEST(Servicing, ClassificationAndManualOverride) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00"))};
  const LoanState late = replay_ok(terms, txs, "2024-05-11");
  EXPECT_EQ(late.days_past_due, 100);
  EXPECT_EQ(late.dpd_bucket, "91-180");
  EXPECT_EQ(late.loan_class, LoanClass::kSubstandard);
  txs.push_back(class_override(2, 2, day("2024-05-11"), LoanClass::kDoubtful, ""));
  EXPECT_EQ(replay(terms, txs, day("2024-05-11")).error().code, ErrorCode::kInvalidArgument);
  txs.back().reason = "court case filed against the borrower";
  const LoanState over = replay_ok(terms, txs, "2024-05-11");
  EXPECT_EQ(over.loan_class, LoanClass::kDoubtful);
  EXPECT_EQ(over.computed_class, LoanClass::kSubstandard);
  EXPECT_EQ(over.override_reason, "court case filed against the borrower");
  ServicingConfig config;
  config.thresholds.substandard_from_days = 120;
  config.thresholds.doubtful_from_days = 150;
  EXPECT_EQ(replay(terms, {txs[0]}, day("2024-05-11"), config).value().loan_class,
            LoanClass::kSpecialMention);
}

TEST(Servicing, InvalidOperationsAreErrors) {
  const LoanTerms terms = credit_terms();
  const LoanTransaction disburse = disbursement(1, 1, day("2024-01-01"), yuan("12000.00"));
  auto code = [&](std::vector<LoanTransaction> txs) {
    const Result<LoanState> r = replay(terms, txs, day("2024-06-01"));
    return r.ok() ? std::string("ok") : std::string(error_code_name(r.error().code));
  };
  EXPECT_EQ(code({repayment(1, 1, day("2024-01-05"), yuan("10.00"))}), "failed_precondition");
  EXPECT_EQ(code({disburse, repayment(2, 2, day("2024-02-01"), yuan("0.00"))}), "invalid_argument");
  EXPECT_EQ(code({disburse, repayment(2, 2, day("2024-02-01"), yuan("-1.00"))}),
            "invalid_argument");
  EXPECT_EQ(code({disburse, repayment(2, 2, day("2023-12-31"), yuan("1.00"))}), "invalid_argument");
  EXPECT_EQ(code({disburse, repayment(2, 2, day("2024-02-01"),
                                      Money::from_minor_units(1'000'000'000'000'000'000, kCny))}),
            "overflow");
  EXPECT_EQ(code({disburse, repayment(1, 2, day("2024-02-01"), yuan("1.00"))}), "already_exists");
  EXPECT_EQ(code({disburse, reversal(2, 2, day("2024-02-01"), 7)}), "not_found");
  EXPECT_EQ(code({disburse, recovery(2, 2, day("2024-02-01"), yuan("1.00"))}),
            "failed_precondition");
  EXPECT_EQ(code({disburse, extension(2, 2, day("2024-02-01"), 0, 0)}), "invalid_argument");
  EXPECT_EQ(code({disburse, rate_change(2, 2, day("2024-02-01"), Decimal::from_int(30))}),
            "out_of_range");
  const Result<LoanState> r = replay(
      terms, {disburse, repayment(9, 2, day("2024-02-01"), yuan("0.00"))}, day("2024-06-01"));
  EXPECT_NE(r.error().message.find("transaction 9 (repayment)"), std::string::npos);
}

TEST(Servicing, InterestIsEarnedDayByDayAndFeesWhenDue) {
  LoanTerms terms = credit_terms();
  terms.product.installment_fee = {FeeBasis::kFixed, fen("20.00"), Decimal()};
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      accrual(2, 2, day("2024-01-16"))};
  // 15 of January's 31 days of the first installment's 120.00: 58.06.
  const LoanState mid = replay_ok(terms, txs, "2024-01-16");
  EXPECT_EQ(mid.summaries.back().interest_accrued_minor, fen("58.06"));
  EXPECT_EQ(mid.summaries.back().fees_accrued_minor, 0);
  EXPECT_EQ(mid.recognised.interest_receivable_minor, fen("58.06"));
  // On the due date the rest of the period's interest and the fee.
  txs.push_back(accrual(3, 3, day("2024-02-01")));
  const LoanState due = replay_ok(terms, txs, "2024-02-01");
  EXPECT_EQ(due.summaries.back().interest_accrued_minor, fen("61.94"));
  EXPECT_EQ(due.summaries.back().fees_accrued_minor, fen("20.00"));
  EXPECT_EQ(due.recognised.interest_receivable_minor, fen("120.00"));
  EXPECT_EQ(due.recognised.fees_receivable_minor, fen("20.00"));
  // Paying the installment clears both receivables.
  txs.push_back(repayment(4, 4, day("2024-02-01"), yuan("1086.19")));
  const LoanState paid = replay_ok(terms, txs, "2024-02-01");
  EXPECT_EQ(paid.summaries.back().receivable_change.interest_minor, -fen("120.00"));
  EXPECT_EQ(paid.summaries.back().receivable_change.fees_minor, -fen("20.00"));
  EXPECT_EQ(paid.recognised.interest_receivable_minor, 0);
  EXPECT_EQ(paid.recognised.fees_receivable_minor, 0);
  EXPECT_EQ(paid.recognised.principal_receivable_minor, fen("11053.81"));
}

TEST(Servicing, PaidAheadStandsAsACreditUntilEarned) {
  LoanTerms terms = credit_terms();
  terms.product.installment_fee = {FeeBasis::kFixed, fen("20.00"), Decimal()};
  std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                      repayment(2, 2, day("2024-01-16"), yuan("1086.19"))};
  // Nothing is due yet: the cash pays future fees, then future interest
  // (the product's order within the future tier), ahead of recognition.
  const LoanState ahead = replay_ok(terms, txs, "2024-01-16");
  const ComponentAmounts paid = ahead.summaries.back().amounts;
  EXPECT_EQ(paid.fees_minor, 12 * fen("20.00"));
  EXPECT_EQ(ahead.recognised.interest_receivable_minor, fen("58.06") - paid.interest_minor);
  EXPECT_EQ(ahead.recognised.fees_receivable_minor, -paid.fees_minor);
  // Recognition on the due date brings the credit down by what was earned.
  txs.push_back(accrual(3, 3, day("2024-02-01")));
  const LoanState due = replay_ok(terms, txs, "2024-02-01");
  EXPECT_EQ(due.recognised.interest_receivable_minor, fen("120.00") - paid.interest_minor);
  EXPECT_EQ(due.recognised.fees_receivable_minor, fen("20.00") - paid.fees_minor);
}

TEST(Servicing, WriteOffMidPeriodTakesInterestToTheDay) {
  const LoanTerms terms = credit_terms();
  const std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                            write_off(2, 2, day("2024-03-16"))};
  const LoanState off = replay_ok(terms, txs, "2024-03-20");
  // 120.00 + 110.54 due, and 15 of March's 31 days of the third
  // installment's 100.98 (1% of 10,098.16): 48.86.
  EXPECT_EQ(off.summaries.back().amounts.interest_minor, fen("279.40"));
  EXPECT_EQ(off.recognised.interest_receivable_minor, 0);
  EXPECT_EQ(off.recognised.principal_receivable_minor, 0);
  EXPECT_EQ(off.recognised.interest_earned_minor, fen("279.40"));
}

TEST(Servicing, WaiverForgivesOnlyWhatIsDue) {
  const LoanTerms terms = credit_terms();
  const std::vector<LoanTransaction> txs = {
      disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
      waiver(2, 2, day("2024-02-10"), Component::kInterest, yuan("120.01"))};
  // Only February's 120.00 is due; March's interest is not owed yet.
  EXPECT_EQ(replay(terms, txs, day("2024-02-10")).error().code, ErrorCode::kFailedPrecondition);
}

TEST(Servicing, RestructureCapitalisesArrearsAndReschedules) {
  const LoanTerms terms = credit_terms();
  std::vector<LoanTransaction> txs = {
      disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
      fee_charge(2, 2, day("2024-02-20"), yuan("30.00")),
      restructure(3, 3, day("2024-03-10"), Decimal::from_int(9), 24)};
  const LoanState before = replay_ok(terms, {txs[0], txs[1]}, "2024-03-10");
  const LoanState s = replay_ok(terms, txs, "2024-03-10");
  const ComponentAmounts& c = s.summaries.back().amounts;
  // Capitalised: February's and March's interest (120.00 + 110.54), the
  // one-off fee and the penalty accrued to 10 March.
  EXPECT_EQ(c.interest_minor, fen("230.54"));
  EXPECT_EQ(c.fees_minor, fen("30.00"));
  EXPECT_EQ(c.penalty_minor, before.penalty_outstanding_minor);
  EXPECT_GT(c.penalty_minor, 0);
  EXPECT_EQ(s.capitalised, (ComponentAmounts{.interest_minor = c.interest_minor,
                                             .fees_minor = c.fees_minor,
                                             .penalty_minor = c.penalty_minor}));
  // All principal, overdue included, plus the arrears, over 24 new
  // installments at 9%; nothing is overdue any more.
  EXPECT_EQ(s.principal_outstanding_minor, fen("12000.00") + c.total_minor());
  EXPECT_EQ(s.interest_outstanding_minor, 0);
  EXPECT_EQ(s.fees_outstanding_minor, 0);
  EXPECT_EQ(s.penalty_outstanding_minor, 0);
  EXPECT_EQ(s.days_past_due, 0);
  EXPECT_EQ(s.annual_rate_percent, Decimal::from_int(9));
  int future = 0;
  for (const InstallmentState& row : s.installments) future += row.due_date > day("2024-03-10");
  EXPECT_EQ(future, 24);
  // The position moves arrears to principal without touching income.
  const AccountingSummary& a = s.summaries.back();
  EXPECT_EQ(a.receivable_change.principal_minor, c.total_minor());
  EXPECT_EQ(a.receivable_change.fees_minor, -c.fees_minor);
  EXPECT_EQ(a.receivable_change.penalty_minor, a.penalty_accrued_minor - c.penalty_minor);
  // Classified at least special mention for a year although current, then
  // on days past due again once the year has been repaid on time.
  EXPECT_EQ(s.loan_class, LoanClass::kSpecialMention);
  EXPECT_EQ(replay_ok(terms, txs, "2024-03-20").computed_class, LoanClass::kSpecialMention);
  std::vector<LoanTransaction> paid = txs;
  int64_t id = 4;
  for (const InstallmentState& row : s.installments) {
    if (row.due_date <= day("2024-03-10") || row.due_date > day("2025-03-10")) continue;
    paid.push_back(
        repayment(id, id, row.due_date,
                  Money::from_minor_units(row.principal_due_minor + row.interest_due_minor, kCny)));
    ++id;
  }
  EXPECT_EQ(replay_ok(terms, paid, "2025-03-11").computed_class, LoanClass::kNormal);
  txs.back() = restructure(3, 3, day("2024-03-10"), Decimal::from_int(9), 0);
  EXPECT_EQ(replay(terms, txs, day("2024-03-10")).error().code, ErrorCode::kInvalidArgument);
  txs.back() = restructure(3, 3, day("2024-03-10"), Decimal::from_int(30), 12);
  EXPECT_EQ(replay(terms, txs, day("2024-03-10")).error().code, ErrorCode::kOutOfRange);
}

TEST(Servicing, IncrementalApplicationEqualsReplay) {
  const LoanTerms terms = credit_terms();
  const std::vector<LoanTransaction> txs = {disbursement(1, 1, day("2024-01-01"), yuan("12000.00")),
                                            accrual(2, 2, day("2024-02-05")),
                                            repayment(3, 3, day("2024-02-05"), yuan("1100.00")),
                                            fee_charge(4, 4, day("2024-03-01"), yuan("20.00"))};
  LoanState state = replay(terms, {}, terms.start).value();
  for (const LoanTransaction& tx : txs) {
    state = apply_next(terms, state, tx, tx.value_date).value();
  }
  state = apply_next(terms, state, accrual(5, 5, day("2024-03-20")), day("2024-03-20")).value();
  std::vector<LoanTransaction> all = txs;
  all.push_back(accrual(5, 5, day("2024-03-20")));
  EXPECT_EQ(state, replay(terms, all, day("2024-03-20")).value());
  EXPECT_FALSE(
      apply_next(terms, state, repayment(6, 6, day("2024-03-01"), yuan("1.00")), day("2024-03-20"))
          .ok());
}

}  // namespace
}  // namespace smecredit::loan
