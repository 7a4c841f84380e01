#include "underwriting/reasons.h"

#include <array>
#include <utility>

#include "profile/features.h"

namespace smecredit::underwriting {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTexts{{
    {"KO_DISHONEST_DEBTOR", "The enterprise is listed as a dishonest debtor (失信被执行人)."},
    {"KO_ENFORCEMENT", "A court enforcement against the enterprise began in the last 12 months."},
    {"KO_EQUITY_FREEZE", "Equity of the enterprise was frozen in the last 12 months."},
    {"KO_YOUNG_FIRM", "The enterprise has been trading for less than a year."},
    {"KO_THIN_FILE",
     "Fewer than 6 of the last 12 months of tax, invoice and payment data are available."},
    {"KO_NO_REVENUE", "The verified revenue of the last 12 months is below the product minimum."},
    {"KO_AMOUNT", "The amount asked for is outside what this product lends."},
    {"RISK_TOO_HIGH", "The estimated risk of the enterprise is above what the product accepts."},
    {"RF_LARGE_AMOUNT", "Amounts of this size are reviewed by a credit officer."},
    {"RF_RISK_GRADE", "The risk grade needs a credit officer's review."},
    {"RF_COURT_CASES", "Recent court cases as defendant need a credit officer's review."},
    {"RF_GUARANTEE_CIRCLE",
     "The enterprise guarantees others' debts in a circle; an officer reviews the exposure."},
    {"RF_INCONSISTENT_DATA",
     "Declared and observed figures disagree; an officer checks the documents."},
    {"NO_OUTCOME", "The policy reached no decision; a credit officer decides."},
    {"OFFER_NOT_POSSIBLE", "No offer within the product's limits is possible."},
    {"NO_DATA", "No data about the enterprise could be found at the data provider."},
}};

}  // namespace

std::string reason_text(std::string_view code) {
  for (const auto& [known, text] : kTexts) {
    if (known == code) return std::string(text);
  }
  return "Decision rule " + std::string(code) + " applied; a credit officer can explain it.";
}

std::string factor_text(std::string_view feature) {
  for (const profile::FeatureInfo& info : profile::feature_catalogue()) {
    if (info.name == feature) return info.description;
  }
  return std::string(feature);
}

}  // namespace smecredit::underwriting
