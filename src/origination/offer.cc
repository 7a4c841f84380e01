#include "origination/offer.h"

#include <algorithm>
#include <cmath>

#include "loan/apr.h"

namespace smecredit::origination {

namespace {

Date one_period_after(Date start, loan::Frequency frequency) {
  switch (frequency) {
    case loan::Frequency::kMonthly:
      return add_months_clamped(start, 1);
    case loan::Frequency::kQuarterly:
      return add_months_clamped(start, 3);
    case loan::Frequency::kBiWeekly:
      return add_days(start, 14);
    case loan::Frequency::kWeekly:
      return add_days(start, 7);
    case loan::Frequency::kDaily:
      return add_days(start, 1);
  }
  return add_months_clamped(start, 1);
}

std::string_view unit_for(loan::Frequency frequency) {
  switch (frequency) {
    case loan::Frequency::kMonthly:
      return "monthly";
    case loan::Frequency::kQuarterly:
      return "quarterly";
    case loan::Frequency::kBiWeekly:
      return "biweekly";
    case loan::Frequency::kWeekly:
      return "weekly";
    case loan::Frequency::kDaily:
      return "daily";
  }
  return "monthly";
}

Result<Money> capped_amount(const loan::Product& product, Money requested, Money limit) {
  if (requested.currency() != product.currency || limit.currency() != product.currency) {
    return Error{ErrorCode::kInvalidArgument, "the amount is not in the product's currency"};
  }
  const int64_t amount_minor =
      std::min({requested.minor_units(), limit.minor_units(), product.max_amount_minor});
  if (amount_minor < product.min_amount_minor) {
    return Error{ErrorCode::kOutOfRange,
                 "the approved limit is below the product's minimum amount"};
  }
  return Money::from_minor_units(amount_minor, product.currency);
}

// The nominal APR of the offer's cash flows, as a percentage to 4 places.
// Floating point stays inside the solver and is rounded once, here.
Result<Decimal> offer_apr(const Offer& offer, loan::Frequency frequency) {
  std::vector<loan::CashFlow> flows;
  flows.reserve(offer.schedule.installments.size() + 1);
  SC_ASSIGN_OR_RETURN(const Money received, offer.amount.subtract(offer.upfront_fee));
  flows.push_back(
      {offer.start, Money::from_minor_units(-received.minor_units(), received.currency())});
  for (const loan::Installment& i : offer.schedule.installments) {
    flows.push_back({i.due_date, i.total});
  }
  SC_ASSIGN_OR_RETURN(const loan::UnitPeriod unit, loan::parse_unit_period(unit_for(frequency)));
  SC_ASSIGN_OR_RETURN(const loan::AprResult apr, loan::compute_apr(flows, unit));
  const double percent_e4 = std::round(apr.nominal_annual_rate * 1e6);
  return Decimal::from_parts(static_cast<int64_t>(percent_e4), 4);
}

}  // namespace

loan::LoanTerms loan_terms_for(const loan::Product& product, const Offer& offer) {
  return loan::LoanTerms{.product = product,
                         .principal = offer.amount,
                         .annual_rate_percent = offer.annual_rate_percent,
                         .installments = offer.installments,
                         .start = offer.start,
                         .first_due = offer.first_due,
                         .collateral = {}};
}

Result<Offer> make_offer(const loan::Product& product, Money requested, int installments,
                         const Decimal& annual_rate_percent, Money limit, Date start,
                         const loan::AprCapTable* legal_caps) {
  Offer offer;
  offer.product_code = product.code;
  offer.product_version = product.version;
  SC_ASSIGN_OR_RETURN(offer.amount, capped_amount(product, requested, limit));
  offer.annual_rate_percent = annual_rate_percent;
  offer.installments = installments;
  offer.start = start;
  offer.first_due = one_period_after(start, product.frequency);
  const loan::LoanTerms terms = loan_terms_for(product, offer);
  if (!product.secured) SC_RETURN_IF_ERROR(loan::validate_loan_terms(terms));
  SC_ASSIGN_OR_RETURN(
      const int64_t fee_minor,
      loan::fee_amount_minor(product.upfront_fee, offer.amount.minor_units(), product.rounding));
  offer.upfront_fee = Money::from_minor_units(fee_minor, product.currency);
  SC_ASSIGN_OR_RETURN(
      offer.schedule,
      loan::generate_schedule(loan::schedule_terms(terms, offer.amount, annual_rate_percent,
                                                   installments, start, offer.first_due),
                              loan::calendar_of(product)));
  SC_ASSIGN_OR_RETURN(offer.apr_percent, offer_apr(offer, product.frequency));
  loan::AprCap cap{product.apr_cap_percent,
                   "the product's cap of " + product.apr_cap_percent.to_string() + "%"};
  if (legal_caps != nullptr && !legal_caps->empty()) {
    SC_ASSIGN_OR_RETURN(const loan::AprCap legal, legal_caps->cap_on(start));
    if (legal.percent < cap.percent) cap = legal;
  }
  if (offer.apr_percent > cap.percent) {
    return Error{ErrorCode::kOutOfRange,
                 "the offer's APR " + offer.apr_percent.to_string() + "% exceeds " + cap.basis};
  }
  return offer;
}

std::string contract_text(std::string_view contract_id, std::string_view enterprise_name,
                          std::string_view uscc, const Offer& offer) {
  std::string text;
  text.reserve(1024 + offer.schedule.installments.size() * 80);
  text += "smecredit loan contract 借款合同\n";
  text += "contract: " + std::string(contract_id) + "\n";
  text += "borrower: " + std::string(enterprise_name) + " (" + std::string(uscc) + ")\n";
  text += "product: " + offer.product_code + " v" + std::to_string(offer.product_version) + "\n";
  text += "principal: " + offer.amount.to_string() + " " +
          std::string(offer.amount.currency().code) + "\n";
  text += "annual rate: " + offer.annual_rate_percent.to_string() + "%\n";
  text += "APR: " + offer.apr_percent.to_string() + "%\n";
  text += "upfront fee: " + offer.upfront_fee.to_string() + "\n";
  text += "value date: " + format_date(offer.start) + "\n";
  text += "installments: " + std::to_string(offer.installments) + "\n";
  for (const loan::Installment& i : offer.schedule.installments) {
    text += std::to_string(i.number) + " " + format_date(i.due_date) + " " + i.total.to_string() +
            " (principal " + i.principal.to_string() + ", interest " + i.interest.to_string() +
            ")\n";
  }
  text +=
      "The borrower repays each installment on its due date; overdue principal bears "
      "penalty interest as the product states. 借款人应按期还款。\n";
  return text;
}

std::string contract_signing_message(std::string_view contract_id, std::string_view sha256_hex) {
  return "smecredit-contract-v1\n" + std::string(contract_id) + "\n" + std::string(sha256_hex);
}

}  // namespace smecredit::origination
