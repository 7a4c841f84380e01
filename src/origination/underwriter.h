// The seam between the application workflow and the decision engine.
//
// On submission the workflow hands an `UnderwritingRequest` to the
// Underwriter, which gathers the enterprise's data (through the connectors,
// under its consent), builds the profile, runs the active policy and answers
// with an outcome, the terms it would lend on and the reasons. The
// implementation lives with the decision engine; the workflow only needs
// this interface, which keeps origination testable with a scripted double.
//
// Thread-safety: implementations must allow concurrent underwrite() calls.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "core/result.h"
#include "loan/product.h"

namespace smecredit::origination {

enum class Outcome { kApprove, kDecline, kRefer };

std::string_view outcome_name(Outcome outcome);

struct Reason {
  std::string code;  // stable, e.g. "KO_COURT_ENFORCEMENT"
  std::string text;  // readable by an officer and by the applicant
};

struct UnderwritingRequest {
  std::string application_id;
  std::string enterprise_id;
  std::string uscc;
  const loan::Product* product = nullptr;  // owned by the catalogue; outlives the call
  Money requested;
  int installments = 0;
  std::string purpose;
  Date as_of;
};

// A feature that weighed most in a model's score, in words.
struct Factor {
  std::string model;        // "name@version"
  std::string feature;      // the catalogue name, e.g. "inflows_mean_12m"
  std::string text;         // what it measures, readable by an officer and the applicant
  double contribution = 0;  // scorecard points or SHAP value (not money)
};

struct Underwriting {
  Outcome outcome = Outcome::kDecline;
  Money limit;                       // the most it would lend (approve and refer)
  Decimal annual_rate_percent;       // the priced contract rate, 12 = 12% a year
  std::vector<Reason> reasons;       // every decline and refer has at least one
  std::vector<Factor> factors = {};  // the model features behind the score, largest first
  std::string decision_id;           // the stored decision record's id, for replay
  std::string record_json;           // the decision record (versions, inputs hash, trace)
  // With a champion/challenger experiment: the other arm's record, decided
  // in shadow and stored beside it; empty otherwise.
  std::string shadow_arm = {};
  std::string shadow_record_json = {};
};

class Underwriter {
 public:
  virtual ~Underwriter() = default;
  // kUnavailable when a data source is down (the application stays
  // submitted and may be retried); other errors are the request's fault.
  virtual Result<Underwriting> underwrite(const UnderwritingRequest& request) const = 0;
};

}  // namespace smecredit::origination
