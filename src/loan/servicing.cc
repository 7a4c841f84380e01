#include "loan/servicing.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <unordered_map>

namespace smecredit::loan {

namespace {

// Scales that make the penalty an exact fraction over one denominator.
constexpr int kRateScale = kMaxRateFractionDigits;  // annual percent, 6 decimals
constexpr int kMultiplierScale = kMaxMultiplierFractionDigits;
constexpr int kMaxRegeneratedPeriods = 100'000;

// A broken invariant is a bug in this file, never the caller's input.
void invariant(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "smecredit: servicing invariant violated: %s\n", what);
  std::abort();
}

Error tx_error(ErrorCode code, const LoanTransaction& tx, const std::string& message) {
  return Error{code, "transaction " + std::to_string(tx.id) + " (" +
                         std::string(transaction_kind_name(tx.kind)) + "): " + message};
}

bool uses_amount(TransactionKind kind) {
  switch (kind) {
    case TransactionKind::kDisbursement:
    case TransactionKind::kRepayment:
    case TransactionKind::kPrepayment:
    case TransactionKind::kFeeCharge:
    case TransactionKind::kWaiver:
    case TransactionKind::kRecovery:
      return true;
    default:
      return false;
  }
}

enum class Tier { kPastDue, kDue, kFuture };

Tier tier_of(Date due, Date date) {
  if (due < date) return Tier::kPastDue;
  if (due == date) return Tier::kDue;
  return Tier::kFuture;
}

int64_t take(int64_t& cash, int64_t unpaid) {
  const int64_t paid = std::min(cash, unpaid);
  cash -= paid;
  return paid;
}

int64_t& component_of(ComponentAmounts& amounts, Component component) {
  switch (component) {
    case Component::kPenalty:
      return amounts.penalty_minor;
    case Component::kFees:
      return amounts.fees_minor;
    case Component::kInterest:
      return amounts.interest_minor;
    case Component::kPrincipal:
      return amounts.principal_minor;
  }
  return amounts.principal_minor;
}

Int128 penalty_denominator(const Product& product) {
  return Int128{100} * power_of_ten(kRateScale) * power_of_ten(kMultiplierScale) *
         day_count_denominator(product.day_count);
}

int64_t scaled_mantissa(const Decimal& value, int scale) {
  return value.rescale(scale, Rounding::kHalfEven).value().mantissa();
}

// The fold's working context: the terms and the state being built.
struct Fold {
  const LoanTerms& terms;
  LoanState& s;

  const Product& product() const { return terms.product; }
  int64_t penalty_unpaid() const {
    return s.penalty_accrued_minor - s.penalty_paid_minor - s.penalty_waived_minor -
           s.penalty_capitalised_minor;
  }
  int64_t charged_fees_unpaid() const {
    return s.charged_fees_minor - s.charged_fees_paid_minor - s.charged_fees_waived_minor -
           s.charged_fees_capitalised_minor;
  }
  size_t first_future(Date date) const {
    size_t i = 0;
    while (i < s.installments.size() && s.installments[i].due_date <= date) ++i;
    return i;
  }
  Date period_date(int index) const {
    return period_due_date(product().frequency, terms.first_due,
                           static_cast<unsigned>(terms.first_due.day()), index);
  }
  const BusinessCalendar* calendar() const { return calendar_of(product()); }
  // The due date of period `index`: its calendar date, moved to the next
  // business day by the product's calendar.
  Result<Date> due_date(int index) const {
    const Date date = period_date(index);
    return calendar() != nullptr ? calendar()->next_business_day(date) : date;
  }
};

// Recognises the penalty on overdue principal from penalty_accrued_to to
// `to` (the exact fraction, and its rounded total).
Status accrue_penalty(Fold& f, Date to) {
  LoanState& s = f.s;
  if (s.status != LoanStatus::kActive || to <= s.penalty_accrued_to) {
    if (s.penalty_accrued_to < to) s.penalty_accrued_to = to;
    return ok_status();
  }
  Int128 weighted_principal = 0;
  for (const InstallmentState& row : s.installments) {
    const int64_t unpaid = row.principal_unpaid_minor();
    if (unpaid == 0 || row.due_date >= to) continue;
    const Date from = std::max(row.due_date, s.penalty_accrued_to);
    weighted_principal += Int128{unpaid} * day_count_weight(f.product().day_count, from, to);
  }
  s.penalty_accrued_to = to;
  const Int128 rate = Int128{scaled_mantissa(s.annual_rate_percent, kRateScale)} *
                      scaled_mantissa(f.product().penalty_multiplier, kMultiplierScale);
  Int128 numerator = 0;
  if (!checked_multiply(weighted_principal, rate, &numerator) ||
      numerator > (Int128{1} << 124) - s.penalty_exact_numerator) {
    return Error{ErrorCode::kOverflow, "penalty accrual overflows"};
  }
  s.penalty_exact_numerator += numerator;
  const Int128 rounded = divide_rounded(s.penalty_exact_numerator, penalty_denominator(f.product()),
                                        f.product().rounding);
  if (rounded > kMaxPrincipalMinorUnits * Int128{1000}) {
    return Error{ErrorCode::kOverflow, "penalty exceeds the representable range"};
  }
  s.penalty_accrued_minor = static_cast<int64_t>(rounded);
  return ok_status();
}

// Pays one component of the loan-level charges (penalty, one-off fees).
void pay_loan_level(Fold& f, Component component, int64_t& cash, ComponentAmounts& out) {
  if (component == Component::kPenalty) {
    const int64_t paid = take(cash, f.penalty_unpaid());
    f.s.penalty_paid_minor += paid;
    out.penalty_minor += paid;
  } else if (component == Component::kFees) {
    const int64_t paid = take(cash, f.charged_fees_unpaid());
    f.s.charged_fees_paid_minor += paid;
    out.fees_minor += paid;
  }
}

void pay_installment(InstallmentState& row, Component component, int64_t& cash,
                     ComponentAmounts& out) {
  if (component == Component::kPrincipal) {
    const int64_t paid = take(cash, row.principal_unpaid_minor());
    row.principal_paid_minor += paid;
    out.principal_minor += paid;
  } else if (component == Component::kInterest) {
    const int64_t paid = take(cash, row.interest_unpaid_minor());
    row.interest_paid_minor += paid;
    out.interest_minor += paid;
  } else if (component == Component::kFees) {
    const int64_t paid = take(cash, row.fees_unpaid_minor());
    row.fees_paid_minor += paid;
    out.fees_minor += paid;
  }
}

// Allocates `cash` by tier (past due, due, then future when allowed) and,
// within a tier, by the product's component order, oldest installment first.
// Loan-level penalty and one-off fees belong to the past-due tier.
ComponentAmounts allocate(Fold& f, Date date, int64_t& cash, bool include_future) {
  ComponentAmounts out;
  const Tier last = include_future ? Tier::kFuture : Tier::kDue;
  for (Tier tier = Tier::kPastDue; tier <= last && cash > 0;
       tier = static_cast<Tier>(static_cast<int>(tier) + 1)) {
    for (const Component component : f.product().allocation_order) {
      if (tier == Tier::kPastDue) pay_loan_level(f, component, cash, out);
      for (InstallmentState& row : f.s.installments) {
        if (tier_of(row.due_date, date) == tier) pay_installment(row, component, cash, out);
      }
    }
  }
  f.s.principal_repaid_minor += out.principal_minor;
  return out;
}

bool fully_settled(const Fold& f) {
  if (f.penalty_unpaid() != 0 || f.charged_fees_unpaid() != 0) return false;
  return std::all_of(f.s.installments.begin(), f.s.installments.end(),
                     [](const InstallmentState& row) { return row.settled(); });
}

Result<int64_t> installment_fee(const Fold& f) {
  return fee_amount_minor(f.product().installment_fee, f.terms.principal.minor_units(),
                          f.product().rounding);
}

// Appends `schedule` as installments numbered after the kept ones.
void append_schedule(Fold& f, const Schedule& schedule, int first_index) {
  int number = f.s.installments.empty() ? 1 : f.s.installments.back().number + 1;
  int index = first_index;
  for (const Installment& row : schedule.installments) {
    InstallmentState state;
    state.number = number++;
    state.period_index = index++;
    state.due_date = row.due_date;
    state.principal_due_minor = row.principal.minor_units();
    state.interest_due_minor = row.interest.minor_units();
    state.fees_due_minor = row.fees.minor_units();
    f.s.installments.push_back(state);
  }
}

Result<Schedule> make_schedule(const Fold& f, int64_t principal_minor, int count, Date start,
                               int first_index, bool with_grace) {
  ScheduleTerms st =
      schedule_terms(f.terms, Money::from_minor_units(principal_minor, f.product().currency),
                     f.s.annual_rate_percent, count, start, f.period_date(first_index));
  SC_ASSIGN_OR_RETURN(const int64_t fee, installment_fee(f));
  st.fee_per_installment = Money::from_minor_units(fee, f.product().currency);
  if (with_grace) {
    st.grace_principal = f.product().grace_principal;
    st.grace_interest = f.product().grace_interest;
  }
  return generate_schedule(st, f.calendar());
}

// The start of a schedule whose first installment is period `first_index`:
// the loan's start, or the previous period's due date.
Result<Date> schedule_start(const Fold& f, int first_index) {
  if (first_index == 0) return f.s.schedule_start;
  return f.due_date(first_index - 1);
}

// What a regeneration changes.
struct Regeneration {
  int count = 0;                // installments of the new schedule
  int64_t principal_delta = 0;  // + a tranche, - a prepayment
  bool roll_overdue = false;    // move overdue principal into the new schedule
};

// The first period index of a schedule regenerated on `date`.
Result<int> next_period_index(const Fold& f, size_t split, Date date) {
  const auto& rows = f.s.installments;
  int index = split < rows.size() ? rows[split].period_index
                                  : (split == 0 ? 0 : rows[split - 1].period_index + 1);
  for (int step = 0;; ++step, ++index) {
    if (step > kMaxRegeneratedPeriods) {
      return Error{ErrorCode::kOutOfRange, "no due date within range after the value date"};
    }
    SC_ASSIGN_OR_RETURN(const Date due, f.due_date(index));
    if (due > date) return index;
  }
}

// Moves waivers of replaced installments onto the new ones (oldest first),
// so a regeneration never takes back what was forgiven; an error when the new
// schedule holds less interest or fees than was waived.
Status carry_waivers(Fold& f, size_t split, int64_t interest_waived, int64_t fees_waived) {
  for (size_t i = split; i < f.s.installments.size(); ++i) {
    InstallmentState& row = f.s.installments[i];
    row.interest_waived_minor += take(interest_waived, row.interest_unpaid_minor());
    row.fees_waived_minor += take(fees_waived, row.fees_unpaid_minor());
  }
  if (interest_waived > 0 || fees_waived > 0) {
    return Error{ErrorCode::kFailedPrecondition,
                 "the new schedule holds less interest or fees than was waived on the "
                 "installments it replaces"};
  }
  return ok_status();
}

// Replaces the installments due after `date` by a new schedule of their
// unpaid principal (+ the delta, + overdue principal when rolled). Interest
// and fees paid ahead on the replaced installments are applied again, and
// their waivers carried over.
Status regenerate(Fold& f, Date date, const Regeneration& r) {
  auto& rows = f.s.installments;
  const size_t split = f.first_future(date);
  int64_t principal = r.principal_delta;
  int64_t credit = 0;
  int64_t interest_waived = 0;
  int64_t fees_waived = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i >= split) {
      principal += rows[i].principal_unpaid_minor();
      credit += rows[i].interest_paid_minor + rows[i].fees_paid_minor;
      interest_waived += rows[i].interest_waived_minor;
      fees_waived += rows[i].fees_waived_minor;
    } else if (r.roll_overdue) {
      principal += rows[i].principal_unpaid_minor();
      rows[i].principal_due_minor = rows[i].principal_paid_minor;
    }
  }
  invariant(principal >= 0, "regenerated principal is not negative");
  SC_ASSIGN_OR_RETURN(const int first_index, next_period_index(f, split, date));
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(split), rows.end());
  if (principal > 0) {
    SC_ASSIGN_OR_RETURN(const Date start, schedule_start(f, first_index));
    SC_ASSIGN_OR_RETURN(const Schedule schedule,
                        make_schedule(f, principal, r.count, start, first_index, false));
    append_schedule(f, schedule, first_index);
  }
  SC_RETURN_IF_ERROR(carry_waivers(f, split, interest_waived, fees_waived));
  allocate(f, date, credit, true);
  f.s.overpayment_minor += credit;
  return ok_status();
}

int future_count(const Fold& f, Date date) {
  return static_cast<int>(f.s.installments.size() - f.first_future(date));
}

Status apply_disbursement(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  const int64_t amount = tx.amount.minor_units();
  if (amount > f.terms.principal.minor_units() - f.s.disbursed_minor) {
    return tx_error(ErrorCode::kOutOfRange, tx, "disbursements would exceed the approved amount");
  }
  const bool first = f.s.status == LoanStatus::kPending;
  const FeeRule& upfront = f.product().upfront_fee;
  if (first || upfront.basis == FeeBasis::kPercentage) {
    const FeeRule rule = first ? upfront : FeeRule{FeeBasis::kPercentage, 0, upfront.percent};
    SC_ASSIGN_OR_RETURN(out.fee_income_minor, fee_amount_minor(rule, amount, f.product().rounding));
    if (out.fee_income_minor >= amount) {
      return tx_error(ErrorCode::kFailedPrecondition, tx,
                      "upfront fee would take the whole amount");
    }
  }
  out.amounts.principal_minor = amount;
  f.s.disbursed_minor += amount;
  if (!first) {
    const int count = future_count(f, tx.value_date);
    if (count == 0) return tx_error(ErrorCode::kFailedPrecondition, tx, "no installment left");
    return regenerate(f, tx.value_date, {count, amount, false});
  }
  if (tx.value_date >= f.terms.first_due) {
    return tx_error(ErrorCode::kInvalidArgument, tx, "must be before the first due date");
  }
  f.s.status = LoanStatus::kActive;
  f.s.schedule_start = tx.value_date;
  f.s.penalty_accrued_to = tx.value_date;
  SC_ASSIGN_OR_RETURN(const Schedule schedule,
                      make_schedule(f, amount, f.terms.installments, tx.value_date, 0, true));
  append_schedule(f, schedule, 0);
  return ok_status();
}

void settle_if_done(Fold& f) {
  if (fully_settled(f)) f.s.status = LoanStatus::kPaidOff;
}

Status apply_repayment(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  int64_t cash = tx.amount.minor_units();
  out.amounts = allocate(f, tx.value_date, cash, true);
  out.overpayment_minor = cash;
  f.s.overpayment_minor += cash;
  settle_if_done(f);
  return ok_status();
}

// Interest of the current period earned up to `date`, pro rata to the day.
int64_t accrued_current_interest(const Fold& f, size_t index, Date date) {
  const InstallmentState& row = f.s.installments[index];
  const Date start = index == 0 ? f.s.schedule_start : f.s.installments[index - 1].due_date;
  const int64_t period_days = days_between(start, row.due_date);
  const int64_t elapsed = std::clamp<int64_t>(days_between(start, date), 0, period_days);
  if (period_days <= 0) return 0;
  return static_cast<int64_t>(
      divide_rounded(Int128{row.interest_due_minor} * elapsed, period_days, f.product().rounding));
}

// Interest earned by `date`: in full for installments due by then, pro rata
// to the day for the period running, nothing later. A closed loan has earned
// what its installments hold (a payoff or write-off cut them to the day).
int64_t interest_earned(const Fold& f, Date date) {
  int64_t total = 0;
  const bool running = f.s.status == LoanStatus::kActive;
  for (size_t i = 0; i < f.s.installments.size(); ++i) {
    const InstallmentState& row = f.s.installments[i];
    total += !running || row.due_date <= date ? row.interest_due_minor
                                              : accrued_current_interest(f, i, date);
  }
  return total;
}

// Installment fees earned by `date`: those due by then (all, once closed).
int64_t fees_earned(const Fold& f, Date date) {
  int64_t total = 0;
  const bool running = f.s.status == LoanStatus::kActive;
  for (const InstallmentState& row : f.s.installments) {
    if (!running || row.due_date <= date) total += row.fees_due_minor;
  }
  return total;
}

LedgerPosition position(const Fold& f, Date date) {
  LedgerPosition p;
  p.interest_earned_minor = interest_earned(f, date);
  p.fees_earned_minor = fees_earned(f, date);
  p.penalty_earned_minor = f.s.penalty_accrued_minor;
  p.suspense_minor = f.s.overpayment_minor;
  if (f.s.status == LoanStatus::kWrittenOff) return p;
  p.interest_receivable_minor = p.interest_earned_minor;
  p.fees_receivable_minor = p.fees_earned_minor + f.charged_fees_unpaid();
  p.penalty_receivable_minor = f.penalty_unpaid();
  for (const InstallmentState& row : f.s.installments) {
    p.principal_receivable_minor += row.principal_unpaid_minor();
    p.interest_receivable_minor -= row.interest_settled_minor();
    p.fees_receivable_minor -= row.fees_settled_minor();
  }
  return p;
}

// The summary's recognition and balance moves: `after` minus `before`.
void record_movement(AccountingSummary& out, const LedgerPosition& before,
                     const LedgerPosition& after) {
  out.interest_accrued_minor = after.interest_earned_minor - before.interest_earned_minor;
  out.fees_accrued_minor = after.fees_earned_minor - before.fees_earned_minor;
  out.penalty_accrued_minor = after.penalty_earned_minor - before.penalty_earned_minor;
  out.receivable_change = {
      .principal_minor = after.principal_receivable_minor - before.principal_receivable_minor,
      .interest_minor = after.interest_receivable_minor - before.interest_receivable_minor,
      .fees_minor = after.fees_receivable_minor - before.fees_receivable_minor,
      .penalty_minor = after.penalty_receivable_minor - before.penalty_receivable_minor};
  out.suspense_change_minor = after.suspense_minor - before.suspense_minor;
}

int64_t future_principal(const Fold& f, Date date) {
  int64_t total = 0;
  for (size_t i = f.first_future(date); i < f.s.installments.size(); ++i) {
    total += f.s.installments[i].principal_unpaid_minor();
  }
  return total;
}

Result<int64_t> prepayment_fee(const Fold& f, int64_t principal_minor) {
  return fee_amount_minor({FeeBasis::kPercentage, 0, f.product().prepayment_fee_percent},
                          principal_minor, f.product().rounding);
}

Result<PayoffQuote> quote(const Fold& f, Date date) {
  PayoffQuote q;
  q.date = date;
  q.amounts.penalty_minor = f.penalty_unpaid();
  q.amounts.fees_minor = f.charged_fees_unpaid();
  const size_t split = f.first_future(date);
  for (size_t i = 0; i < f.s.installments.size(); ++i) {
    const InstallmentState& row = f.s.installments[i];
    q.amounts.principal_minor += row.principal_unpaid_minor();
    if (i < split) {
      q.amounts.interest_minor += row.interest_unpaid_minor();
      q.amounts.fees_minor += row.fees_unpaid_minor();
    } else if (i == split) {
      const int64_t earned = accrued_current_interest(f, i, date);
      q.amounts.interest_minor +=
          std::max<int64_t>(0, earned - row.interest_paid_minor - row.interest_waived_minor);
    }
  }
  SC_ASSIGN_OR_RETURN(q.prepayment_fee_minor, prepayment_fee(f, future_principal(f, date)));
  const Int128 total = Int128{q.amounts.total_minor()} + q.prepayment_fee_minor;
  if (!fits_int64(total)) return Error{ErrorCode::kOverflow, "payoff amount overflows"};
  q.total_minor = static_cast<int64_t>(total);
  return q;
}

// Cuts the installments not yet due to what is owed on a payoff today: the
// current period's interest to the day, nothing later; advance payments
// beyond that become overpayment.
void cut_future_for_payoff(Fold& f, Date date) {
  const size_t split = f.first_future(date);
  for (size_t i = split; i < f.s.installments.size(); ++i) {
    InstallmentState& row = f.s.installments[i];
    const int64_t earned = i == split ? accrued_current_interest(f, i, date) : 0;
    const int64_t covered = row.interest_settled_minor();
    f.s.overpayment_minor += std::max<int64_t>(0, row.fees_paid_minor);
    row.fees_due_minor = row.fees_waived_minor;
    row.fees_paid_minor = 0;
    if (covered > earned) {
      const int64_t refund = std::min(row.interest_paid_minor, covered - earned);
      row.interest_paid_minor -= refund;
      f.s.overpayment_minor += refund;
    }
    row.interest_due_minor = std::max(earned, row.interest_settled_minor());
  }
}

Status apply_full_prepayment(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  SC_ASSIGN_OR_RETURN(const PayoffQuote q, quote(f, tx.value_date));
  if (tx.amount.minor_units() < q.total_minor) {
    return tx_error(ErrorCode::kFailedPrecondition, tx,
                    "amount is below the payoff quote of " +
                        Money::from_minor_units(q.total_minor, f.product().currency).to_string());
  }
  cut_future_for_payoff(f, tx.value_date);
  int64_t cash = tx.amount.minor_units() - q.prepayment_fee_minor;
  out.fee_income_minor = q.prepayment_fee_minor;
  out.amounts = allocate(f, tx.value_date, cash, true);
  out.overpayment_minor = cash;
  f.s.overpayment_minor += cash;
  invariant(fully_settled(f), "a payoff settles the loan");
  f.s.status = LoanStatus::kPaidOff;
  return ok_status();
}

// The level amount the borrower pays each period: principal + interest, or
// the principal alone for equal principal.
int64_t level_amount(RepaymentMethod method, int64_t principal, int64_t interest) {
  return method == RepaymentMethod::kEqualPrincipal ? principal : principal + interest;
}

// The fewest installments whose level amount does not exceed today's.
Result<int> shortened_count(Fold& f, Date date, int64_t new_principal, int count) {
  const InstallmentState& current = f.s.installments[f.first_future(date)];
  const RepaymentMethod method = f.product().method;
  const int64_t today =
      level_amount(method, current.principal_due_minor, current.interest_due_minor);
  const size_t split = f.first_future(date);
  SC_ASSIGN_OR_RETURN(const int first_index, next_period_index(f, split, date));
  SC_ASSIGN_OR_RETURN(const Date start, schedule_start(f, first_index));
  int low = 1;
  int high = count;
  while (low < high) {
    const int mid = low + (high - low) / 2;
    SC_ASSIGN_OR_RETURN(const Schedule s,
                        make_schedule(f, new_principal, mid, start, first_index, false));
    const Installment& row = s.installments.front();
    if (level_amount(method, row.principal.minor_units(), row.interest.minor_units()) <= today) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

bool can_shorten(const Product& product) {
  return product.prepayment_mode == PrepaymentMode::kShortenTerm &&
         (product.method == RepaymentMethod::kEqualInstallment ||
          product.method == RepaymentMethod::kEqualPrincipal ||
          product.method == RepaymentMethod::kFlat);
}

Status apply_partial_prepayment(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  int64_t cash = tx.amount.minor_units();
  out.amounts = allocate(f, tx.value_date, cash, false);
  const Decimal fee = f.product().prepayment_fee_percent.normalized();
  const Int128 scale = Int128{100} * power_of_ten(fee.scale());
  const auto principal = static_cast<int64_t>(Int128{cash} * scale / (scale + fee.mantissa()));
  const int64_t owed = future_principal(f, tx.value_date);
  if (principal > 0 && principal >= owed) {
    return tx_error(ErrorCode::kFailedPrecondition, tx,
                    "would repay all principal; use a full prepayment");
  }
  if (principal > 0) {
    int count = future_count(f, tx.value_date);
    if (can_shorten(f.product())) {
      SC_ASSIGN_OR_RETURN(count, shortened_count(f, tx.value_date, owed - principal, count));
    }
    SC_RETURN_IF_ERROR(regenerate(f, tx.value_date, {count, -principal, false}));
    out.amounts.principal_minor += principal;
    out.fee_income_minor = cash - principal;
    f.s.principal_repaid_minor += principal;
    cash = 0;
  }
  out.overpayment_minor = cash;
  f.s.overpayment_minor += cash;
  return ok_status();
}

Status apply_waiver(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  int64_t left = tx.amount.minor_units();
  const Component c = tx.waiver_component;
  if (c == Component::kPrincipal) {
    return tx_error(ErrorCode::kInvalidArgument, tx, "principal cannot be waived; write it off");
  }
  if (c == Component::kPenalty) f.s.penalty_waived_minor += take(left, f.penalty_unpaid());
  if (c == Component::kFees) f.s.charged_fees_waived_minor += take(left, f.charged_fees_unpaid());
  for (InstallmentState& row : f.s.installments) {
    if (row.due_date > tx.value_date) break;
    if (c == Component::kFees) row.fees_waived_minor += take(left, row.fees_unpaid_minor());
    if (c == Component::kInterest) {
      row.interest_waived_minor += take(left, row.interest_unpaid_minor());
    }
  }
  if (left > 0) {
    return tx_error(ErrorCode::kFailedPrecondition, tx,
                    "exceeds the outstanding " + std::string(component_name(c)));
  }
  component_of(out.amounts, c) = tx.amount.minor_units();
  settle_if_done(f);
  return ok_status();
}

// The transaction's new contract rate, within 0..the product's APR cap.
Status set_rate(Fold& f, const LoanTransaction& tx) {
  const Decimal rate = tx.new_rate_percent.normalized();
  if (rate.is_negative() || rate.scale() > kMaxRateFractionDigits ||
      rate > f.product().apr_cap_percent.normalized()) {
    return tx_error(ErrorCode::kOutOfRange, tx,
                    "rate must be 0..the APR cap with at most 6 decimals");
  }
  f.s.annual_rate_percent = rate;
  return ok_status();
}

Status apply_rate_change(Fold& f, const LoanTransaction& tx) {
  SC_RETURN_IF_ERROR(set_rate(f, tx));
  const int count = future_count(f, tx.value_date);
  if (count == 0) return ok_status();
  return regenerate(f, tx.value_date, {count, 0, false});
}

Status defer(Fold& f, int periods) {
  bool shifting = false;
  for (InstallmentState& row : f.s.installments) {
    shifting = shifting || !row.settled();
    if (!shifting) continue;
    row.period_index += periods;
    SC_ASSIGN_OR_RETURN(row.due_date, f.due_date(row.period_index));
  }
  return ok_status();
}

Status apply_extension(Fold& f, const LoanTransaction& tx) {
  if (tx.defer_periods < 0 || tx.extra_installments < 0 ||
      tx.defer_periods + tx.extra_installments == 0 || tx.defer_periods > kMaxInstallments ||
      tx.extra_installments > kMaxInstallments) {
    return tx_error(
        ErrorCode::kInvalidArgument, tx,
        "needs defer_periods and/or extra_installments in 1.." + std::to_string(kMaxInstallments));
  }
  if (tx.defer_periods > 0) {
    SC_RETURN_IF_ERROR(defer(f, tx.defer_periods));
  }
  if (tx.extra_installments == 0) return ok_status();
  const int count = future_count(f, tx.value_date) + tx.extra_installments;
  if (count > kMaxInstallments) {
    return tx_error(ErrorCode::kOutOfRange, tx, "the extended term is too long");
  }
  return regenerate(f, tx.value_date, {count, 0, true});
}

// Writes off every receivable: the installments not yet due are first cut to
// what is earned on the day, as for a payoff (interest to the day, no fees),
// so what is written off is exactly what the ledger holds.
Status apply_write_off(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  cut_future_for_payoff(f, tx.value_date);
  ComponentAmounts& w = out.amounts;
  w.penalty_minor = f.penalty_unpaid();
  w.fees_minor = f.charged_fees_unpaid();
  for (const InstallmentState& row : f.s.installments) {
    w.principal_minor += row.principal_unpaid_minor();
    w.interest_minor += row.interest_unpaid_minor();
    w.fees_minor += row.fees_unpaid_minor();
  }
  f.s.written_off = w;
  f.s.status = LoanStatus::kWrittenOff;
  return ok_status();
}

Status apply_recovery(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  int64_t cash = tx.amount.minor_units();
  for (const Component c : f.product().allocation_order) {
    const int64_t paid =
        take(cash, component_of(f.s.written_off, c) - component_of(f.s.recovered, c));
    component_of(f.s.recovered, c) += paid;
    component_of(out.amounts, c) += paid;
  }
  out.overpayment_minor = cash;
  f.s.overpayment_minor += cash;
  return ok_status();
}

// Capitalises the arrears on `date` — penalty, one-off fees, and the interest
// and fees of installments due by then — into `out` (by component).
void capitalise_arrears(Fold& f, Date date, ComponentAmounts& out) {
  LoanState& s = f.s;
  out.penalty_minor = f.penalty_unpaid();
  s.penalty_capitalised_minor += out.penalty_minor;
  out.fees_minor = f.charged_fees_unpaid();
  s.charged_fees_capitalised_minor += out.fees_minor;
  for (InstallmentState& row : s.installments) {
    if (row.due_date > date) break;
    const int64_t interest = row.interest_unpaid_minor();
    const int64_t fees = row.fees_unpaid_minor();
    row.interest_capitalised_minor += interest;
    row.fees_capitalised_minor += fees;
    out.interest_minor += interest;
    out.fees_minor += fees;
  }
  s.capitalised.interest_minor += out.interest_minor;
  s.capitalised.fees_minor += out.fees_minor;
  s.capitalised.penalty_minor += out.penalty_minor;
}

// 重组: the arrears become principal, and all unpaid principal (overdue
// included) is rescheduled over `new_installments` at the new rate, the
// first new period starting where the current one started. The loan is then
// classified no better than the configured floor for the observation period.
Status apply_restructure(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  if (tx.new_installments < 1 || tx.new_installments > kMaxInstallments) {
    return tx_error(ErrorCode::kInvalidArgument, tx,
                    "new_installments must be 1.." + std::to_string(kMaxInstallments));
  }
  SC_RETURN_IF_ERROR(set_rate(f, tx));
  capitalise_arrears(f, tx.value_date, out.amounts);
  const int64_t capitalised = out.amounts.total_minor();
  f.s.restructured_on = tx.value_date;
  return regenerate(f, tx.value_date, {tx.new_installments, capitalised, true});
}

Status apply_override(Fold& f, const LoanTransaction& tx) {
  if (tx.reason.empty()) {
    return tx_error(ErrorCode::kInvalidArgument, tx, "a manual classification needs a reason");
  }
  f.s.class_overridden = true;
  f.s.loan_class = tx.override_class;
  f.s.override_reason = tx.reason;
  return ok_status();
}

// Which kinds the loan's status allows.
Status check_allowed(const Fold& f, const LoanTransaction& tx) {
  if (tx.kind == TransactionKind::kReversal) return ok_status();
  switch (f.s.status) {
    case LoanStatus::kPending:
      if (tx.kind == TransactionKind::kDisbursement) return ok_status();
      return tx_error(ErrorCode::kFailedPrecondition, tx, "the loan has not been disbursed");
    case LoanStatus::kActive:
      if (tx.kind == TransactionKind::kRecovery) {
        return tx_error(ErrorCode::kFailedPrecondition, tx, "recovery needs a written-off loan");
      }
      return ok_status();
    case LoanStatus::kPaidOff:
      return tx_error(ErrorCode::kFailedPrecondition, tx, "the loan is paid off");
    case LoanStatus::kWrittenOff:
      if (tx.kind == TransactionKind::kRecovery || tx.kind == TransactionKind::kClassOverride) {
        return ok_status();
      }
      return tx_error(ErrorCode::kFailedPrecondition, tx, "the loan is written off");
  }
  return ok_status();
}

Status dispatch(Fold& f, const LoanTransaction& tx, AccountingSummary& out) {
  switch (tx.kind) {
    case TransactionKind::kDisbursement:
      return apply_disbursement(f, tx, out);
    case TransactionKind::kRepayment:
      return apply_repayment(f, tx, out);
    case TransactionKind::kPrepayment:
      return tx.full ? apply_full_prepayment(f, tx, out) : apply_partial_prepayment(f, tx, out);
    case TransactionKind::kFeeCharge:
      f.s.charged_fees_minor += tx.amount.minor_units();
      out.amounts.fees_minor = tx.amount.minor_units();
      return ok_status();
    case TransactionKind::kWaiver:
      return apply_waiver(f, tx, out);
    case TransactionKind::kRateChange:
      return apply_rate_change(f, tx);
    case TransactionKind::kExtension:
      return apply_extension(f, tx);
    case TransactionKind::kReversal:
      out.reversed_id = tx.target_id;
      return ok_status();
    case TransactionKind::kWriteOff:
      return apply_write_off(f, tx, out);
    case TransactionKind::kRecovery:
      return apply_recovery(f, tx, out);
    case TransactionKind::kClassOverride:
      return apply_override(f, tx);
    case TransactionKind::kRestructure:
      return apply_restructure(f, tx, out);
    case TransactionKind::kAccrual:
      return ok_status();
  }
  return ok_status();
}

Status apply(Fold& f, const LoanTransaction& tx) {
  SC_RETURN_IF_ERROR(check_allowed(f, tx));
  AccountingSummary out;
  out.transaction_id = tx.id;
  out.kind = tx.kind;
  out.value_date = tx.value_date;
  if (uses_amount(tx.kind) && tx.kind != TransactionKind::kDisbursement &&
      tx.kind != TransactionKind::kFeeCharge && tx.kind != TransactionKind::kWaiver) {
    out.cash_minor = tx.amount.minor_units();
  }
  SC_RETURN_IF_ERROR(accrue_penalty(f, tx.value_date));
  Status applied = dispatch(f, tx, out);
  if (!applied.ok()) {
    const std::string& message = applied.error().message;
    if (message.rfind("transaction ", 0) == 0) return applied;
    return tx_error(applied.error().code, tx, message);
  }
  const LedgerPosition after = position(f, tx.value_date);
  record_movement(out, f.s.recognised, after);
  f.s.recognised = after;
  f.s.summaries.push_back(out);
  f.s.last_value_date = tx.value_date;
  f.s.last_sequence = tx.sequence;
  return ok_status();
}

Status validate_transaction(const LoanTerms& terms, const LoanTransaction& tx) {
  if (tx.id <= 0 || tx.sequence <= 0) {
    return tx_error(ErrorCode::kInvalidArgument, tx, "id and sequence must be positive");
  }
  if (!tx.value_date.ok() || tx.value_date < terms.start ||
      static_cast<int>(tx.value_date.year()) > kMaxServicingYear) {
    return tx_error(ErrorCode::kInvalidArgument, tx,
                    "value date must be a calendar date from the loan's start to " +
                        std::to_string(kMaxServicingYear));
  }
  if (!uses_amount(tx.kind)) return ok_status();
  if (!(tx.amount.currency() == terms.product.currency)) {
    return tx_error(ErrorCode::kInvalidArgument, tx, "currency differs from the product's");
  }
  if (!tx.amount.is_positive()) {
    return tx_error(ErrorCode::kInvalidArgument, tx, "amount must be positive");
  }
  if (tx.amount.minor_units() > kMaxPrincipalMinorUnits) {
    return tx_error(ErrorCode::kOverflow, tx, "amount exceeds the engine's maximum");
  }
  return ok_status();
}

// Validates every transaction and returns the ids reversed. A reversed
// transaction never happened, on any date: otherwise what was recorded after
// it, valid only without it (a waiver of interest a reversed repayment had
// paid), would fail before the reversal's own date.
Result<std::set<int64_t>> validate_all(const LoanTerms& terms,
                                       const std::vector<LoanTransaction>& txs) {
  const auto with_amount = static_cast<size_t>(std::count_if(
      txs.begin(), txs.end(), [](const LoanTransaction& tx) { return uses_amount(tx.kind); }));
  if (txs.size() > kMaxTransactions || with_amount > kMaxAmountTransactions) {
    return Error{ErrorCode::kOutOfRange,
                 "a loan holds at most " + std::to_string(kMaxTransactions) +
                     " transactions, of which at most " + std::to_string(kMaxAmountTransactions) +
                     " carry an amount"};
  }
  std::unordered_map<int64_t, const LoanTransaction*> by_id;
  std::set<int64_t> sequences;
  for (const LoanTransaction& tx : txs) {
    SC_RETURN_IF_ERROR(validate_transaction(terms, tx));
    if (!by_id.emplace(tx.id, &tx).second || !sequences.insert(tx.sequence).second) {
      return tx_error(ErrorCode::kAlreadyExists, tx, "duplicate id or sequence");
    }
  }
  std::set<int64_t> reversed;
  for (const LoanTransaction& tx : txs) {
    if (tx.kind != TransactionKind::kReversal) continue;
    const auto target = by_id.find(tx.target_id);
    if (target == by_id.end()) return tx_error(ErrorCode::kNotFound, tx, "unknown target id");
    if (target->second->kind == TransactionKind::kReversal ||
        target->second->sequence >= tx.sequence) {
      return tx_error(ErrorCode::kInvalidArgument, tx,
                      "may only reverse an earlier, non-reversal transaction");
    }
    if (target->second->kind == TransactionKind::kAccrual) {
      return tx_error(ErrorCode::kInvalidArgument, tx,
                      "an accrual is not reversed: what it recognised follows from the others");
    }
    if (!reversed.insert(tx.target_id).second) {
      return tx_error(ErrorCode::kConflict, tx, "the target is already reversed");
    }
  }
  return reversed;
}

InstallmentStatus status_of(const InstallmentState& row, LoanStatus loan, Date as_of) {
  if (row.settled()) return InstallmentStatus::kPaid;
  if (loan == LoanStatus::kWrittenOff) return InstallmentStatus::kWrittenOff;
  if (row.due_date > as_of) return InstallmentStatus::kFuture;
  if (row.due_date == as_of) return InstallmentStatus::kDue;
  return InstallmentStatus::kOverdue;
}

void sum_balances(Fold& f) {
  LoanState& s = f.s;
  const bool written_off = s.status == LoanStatus::kWrittenOff;
  s.principal_outstanding_minor = 0;
  s.interest_outstanding_minor = 0;
  s.interest_not_due_minor = 0;
  s.fees_not_due_minor = 0;
  s.fees_outstanding_minor = written_off ? 0 : f.charged_fees_unpaid();
  s.penalty_outstanding_minor = written_off ? 0 : f.penalty_unpaid();
  for (InstallmentState& row : s.installments) {
    row.status = status_of(row, s.status, s.as_of);
    if (written_off) continue;
    s.principal_outstanding_minor += row.principal_unpaid_minor();
    const bool due = row.due_date <= s.as_of;
    (due ? s.interest_outstanding_minor : s.interest_not_due_minor) += row.interest_unpaid_minor();
    (due ? s.fees_outstanding_minor : s.fees_not_due_minor) += row.fees_unpaid_minor();
  }
}

void check_invariants(const Fold& f) {
  const LoanState& s = f.s;
  invariant(s.principal_outstanding_minor >= 0 && s.interest_outstanding_minor >= 0 &&
                s.fees_outstanding_minor >= 0 && s.penalty_outstanding_minor >= 0 &&
                s.overpayment_minor >= 0,
            "balances are not negative");
  for (const InstallmentState& row : s.installments) {
    invariant(row.principal_unpaid_minor() >= 0 && row.interest_unpaid_minor() >= 0 &&
                  row.fees_unpaid_minor() >= 0,
              "installment parts are not overpaid");
  }
  invariant(
      s.principal_repaid_minor + s.written_off.principal_minor + s.principal_outstanding_minor ==
          s.disbursed_minor + s.capitalised.total_minor(),
      "principal repaid + written off + outstanding = disbursed + capitalised");
}

void classify_state(Fold& f, const ServicingConfig& config) {
  LoanState& s = f.s;
  s.days_past_due = 0;
  for (const InstallmentState& row : s.installments) {
    if (row.settled() || row.due_date >= s.as_of) continue;
    s.days_past_due = days_between(row.due_date, s.as_of);
    break;
  }
  s.dpd_bucket = dpd_bucket(s.days_past_due, config.dpd_buckets);
  s.computed_class = s.status == LoanStatus::kWrittenOff
                         ? LoanClass::kLoss
                         : classify(s.days_past_due, config.thresholds);
  const bool observed =
      s.restructured_on.has_value() && s.status == LoanStatus::kActive &&
      days_between(*s.restructured_on, s.as_of) < config.restructure_observation_days;
  if (observed) s.computed_class = std::max(s.computed_class, config.restructured_floor);
  if (!s.class_overridden) s.loan_class = s.computed_class;
  s.closed = s.status == LoanStatus::kPaidOff || s.status == LoanStatus::kWrittenOff;
}

// Accrues to as_of, sums the balances, checks the invariants, classifies.
Status finish(Fold& f, Date as_of, const ServicingConfig& config) {
  f.s.as_of = as_of;
  SC_RETURN_IF_ERROR(accrue_penalty(f, as_of));
  sum_balances(f);
  check_invariants(f);
  classify_state(f, config);
  return ok_status();
}

Status validate_config(const ServicingConfig& config) {
  if (config.restructure_observation_days < 0 || config.restructure_observation_days > 3660) {
    return Error{ErrorCode::kInvalidArgument, "restructure observation must be 0..3660 days"};
  }
  SC_RETURN_IF_ERROR(validate_dpd_buckets(config.dpd_buckets));
  return validate_thresholds(config.thresholds);
}

Status validate_as_of(const LoanTerms& terms, Date as_of) {
  if (!as_of.ok() || as_of < terms.start || static_cast<int>(as_of.year()) > kMaxServicingYear) {
    return Error{ErrorCode::kInvalidArgument,
                 "as_of must be from the loan's start to " + std::to_string(kMaxServicingYear)};
  }
  return ok_status();
}

}  // namespace

std::string_view transaction_kind_name(TransactionKind kind) {
  switch (kind) {
    case TransactionKind::kDisbursement:
      return "disbursement";
    case TransactionKind::kRepayment:
      return "repayment";
    case TransactionKind::kPrepayment:
      return "prepayment";
    case TransactionKind::kFeeCharge:
      return "fee-charge";
    case TransactionKind::kAccrual:
      return "accrual";
    case TransactionKind::kWaiver:
      return "waiver";
    case TransactionKind::kRateChange:
      return "rate-change";
    case TransactionKind::kExtension:
      return "extension";
    case TransactionKind::kReversal:
      return "reversal";
    case TransactionKind::kWriteOff:
      return "write-off";
    case TransactionKind::kRecovery:
      return "recovery";
    case TransactionKind::kClassOverride:
      return "class-override";
    case TransactionKind::kRestructure:
      return "restructure";
  }
  return "unknown";
}

std::string_view installment_status_name(InstallmentStatus status) {
  switch (status) {
    case InstallmentStatus::kFuture:
      return "future";
    case InstallmentStatus::kDue:
      return "due";
    case InstallmentStatus::kOverdue:
      return "overdue";
    case InstallmentStatus::kPaid:
      return "paid";
    case InstallmentStatus::kWrittenOff:
      return "written-off";
  }
  return "future";
}

std::string_view loan_status_name(LoanStatus status) {
  switch (status) {
    case LoanStatus::kPending:
      return "pending";
    case LoanStatus::kActive:
      return "active";
    case LoanStatus::kPaidOff:
      return "paid-off";
    case LoanStatus::kWrittenOff:
      return "written-off";
  }
  return "pending";
}

Result<LoanState> replay(const LoanTerms& terms, const std::vector<LoanTransaction>& transactions,
                         Date as_of, const ServicingConfig& config) {
  SC_RETURN_IF_ERROR(validate_loan_terms(terms));
  SC_RETURN_IF_ERROR(validate_config(config));
  SC_RETURN_IF_ERROR(validate_as_of(terms, as_of));
  SC_ASSIGN_OR_RETURN(const std::set<int64_t> reversed, validate_all(terms, transactions));
  std::vector<const LoanTransaction*> ordered;
  ordered.reserve(transactions.size());
  for (const LoanTransaction& tx : transactions) {
    if (tx.value_date <= as_of && !reversed.contains(tx.id)) ordered.push_back(&tx);
  }
  std::sort(ordered.begin(), ordered.end(), [](const LoanTransaction* a, const LoanTransaction* b) {
    if (a->value_date != b->value_date) return a->value_date < b->value_date;
    return a->sequence < b->sequence;
  });
  LoanState state;
  state.annual_rate_percent = terms.annual_rate_percent.normalized();
  state.penalty_accrued_to = terms.start;
  state.schedule_start = terms.start;
  state.last_value_date = terms.start;
  Fold fold{terms, state};
  for (const LoanTransaction* tx : ordered) SC_RETURN_IF_ERROR(apply(fold, *tx));
  SC_RETURN_IF_ERROR(finish(fold, as_of, config));
  return state;
}

Result<LoanState> apply_next(const LoanTerms& terms, const LoanState& state,
                             const LoanTransaction& tx, Date as_of, const ServicingConfig& config) {
  SC_RETURN_IF_ERROR(validate_config(config));
  SC_RETURN_IF_ERROR(validate_as_of(terms, as_of));
  SC_RETURN_IF_ERROR(validate_transaction(terms, tx));
  if (tx.kind == TransactionKind::kReversal) {
    return tx_error(ErrorCode::kFailedPrecondition, tx, "a reversal needs a full replay");
  }
  if (tx.value_date < state.as_of || tx.value_date > as_of ||
      (tx.value_date == state.last_value_date && tx.sequence <= state.last_sequence)) {
    return tx_error(ErrorCode::kFailedPrecondition, tx,
                    "not after the state's as_of and last transaction; replay instead");
  }
  for (const AccountingSummary& summary : state.summaries) {
    if (summary.transaction_id == tx.id) {
      return tx_error(ErrorCode::kAlreadyExists, tx, "id already applied");
    }
  }
  LoanState next = state;
  Fold fold{terms, next};
  SC_RETURN_IF_ERROR(apply(fold, tx));
  SC_RETURN_IF_ERROR(finish(fold, as_of, config));
  return next;
}

Result<PayoffQuote> payoff_quote(const LoanTerms& terms, const LoanState& state, Date date) {
  if (date < state.as_of) {
    return Error{ErrorCode::kInvalidArgument, "a payoff quote cannot be earlier than the state"};
  }
  if (state.status != LoanStatus::kActive) {
    return Error{ErrorCode::kFailedPrecondition,
                 "the loan is " + std::string(loan_status_name(state.status))};
  }
  LoanState copy = state;
  Fold fold{terms, copy};
  SC_RETURN_IF_ERROR(accrue_penalty(fold, date));
  return quote(fold, date);
}

namespace {

LoanTransaction base(int64_t id, int64_t sequence, TransactionKind kind, Date date) {
  LoanTransaction tx;
  tx.id = id;
  tx.sequence = sequence;
  tx.kind = kind;
  tx.value_date = date;
  return tx;
}

LoanTransaction with_amount(int64_t id, int64_t sequence, TransactionKind kind, Date date,
                            Money amount) {
  LoanTransaction tx = base(id, sequence, kind, date);
  tx.amount = amount;
  return tx;
}

}  // namespace

LoanTransaction disbursement(int64_t id, int64_t sequence, Date date, Money amount) {
  return with_amount(id, sequence, TransactionKind::kDisbursement, date, amount);
}
LoanTransaction repayment(int64_t id, int64_t sequence, Date date, Money amount) {
  return with_amount(id, sequence, TransactionKind::kRepayment, date, amount);
}
LoanTransaction prepayment(int64_t id, int64_t sequence, Date date, Money amount, bool full) {
  LoanTransaction tx = with_amount(id, sequence, TransactionKind::kPrepayment, date, amount);
  tx.full = full;
  return tx;
}
LoanTransaction fee_charge(int64_t id, int64_t sequence, Date date, Money amount) {
  return with_amount(id, sequence, TransactionKind::kFeeCharge, date, amount);
}
LoanTransaction accrual(int64_t id, int64_t sequence, Date date) {
  return base(id, sequence, TransactionKind::kAccrual, date);
}
LoanTransaction waiver(int64_t id, int64_t sequence, Date date, Component component, Money amount) {
  LoanTransaction tx = with_amount(id, sequence, TransactionKind::kWaiver, date, amount);
  tx.waiver_component = component;
  return tx;
}
LoanTransaction rate_change(int64_t id, int64_t sequence, Date date, Decimal new_rate_percent) {
  LoanTransaction tx = base(id, sequence, TransactionKind::kRateChange, date);
  tx.new_rate_percent = new_rate_percent;
  return tx;
}
LoanTransaction extension(int64_t id, int64_t sequence, Date date, int defer_periods,
                          int extra_installments) {
  LoanTransaction tx = base(id, sequence, TransactionKind::kExtension, date);
  tx.defer_periods = defer_periods;
  tx.extra_installments = extra_installments;
  return tx;
}
LoanTransaction reversal(int64_t id, int64_t sequence, Date date, int64_t target_id) {
  LoanTransaction tx = base(id, sequence, TransactionKind::kReversal, date);
  tx.target_id = target_id;
  return tx;
}
LoanTransaction write_off(int64_t id, int64_t sequence, Date date) {
  return base(id, sequence, TransactionKind::kWriteOff, date);
}
LoanTransaction recovery(int64_t id, int64_t sequence, Date date, Money amount) {
  return with_amount(id, sequence, TransactionKind::kRecovery, date, amount);
}
LoanTransaction restructure(int64_t id, int64_t sequence, Date date, Decimal new_rate_percent,
                            int new_installments) {
  LoanTransaction tx = base(id, sequence, TransactionKind::kRestructure, date);
  tx.new_rate_percent = new_rate_percent;
  tx.new_installments = new_installments;
  return tx;
}
LoanTransaction class_override(int64_t id, int64_t sequence, Date date, LoanClass loan_class,
                               std::string reason) {
  LoanTransaction tx = base(id, sequence, TransactionKind::kClassOverride, date);
  tx.override_class = loan_class;
  tx.reason = std::move(reason);
  return tx;
}

}  // namespace smecredit::loan
