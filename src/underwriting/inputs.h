// The policy's inputs for one application: what the applicant asked for and
// the enterprise's features, keyed by the names a policy declares.
//
// Names offered (a policy declares the ones it reads; others are left out):
//   as_of         date     the decision date (the business date)
//   requested     number   the amount asked for, in yuan (2 decimals)
//   installments  number
//   product_code  string
//   secured       bool     the product takes collateral
//   purpose       string
//   data_month    string   the last month the data covers, "YYYY-MM" (null: none)
//   <feature>     number   every profile::feature_catalogue() name, rounded
//                          half-away-from-zero to 4 decimals; null when not
//                          computable
//
// Example:
//   auto inputs = application_inputs(policy, request, features, data_month);
//   if (inputs.ok()) record_decision(policy, *inputs, request.as_of, "champion");
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "decision/policy/policy.h"
#include "origination/underwriter.h"

namespace smecredit::underwriting {

// `features` is compute_features()' output (catalogue order); `data_month`
// the month index (year * 12 + month - 1) of the last data, or -1.
// kInvalidArgument when a declared input has the wrong type.
Result<std::vector<decision::Value>> application_inputs(
    const decision::CompiledPolicy& policy, const origination::UnderwritingRequest& request,
    const std::vector<double>& features, int32_t data_month);

// A feature as an exact number with 4 decimals; null when NaN, infinite or
// beyond ±9e14 (outside what 4 decimals in 64 bits hold).
decision::Value feature_value(double value);

}  // namespace smecredit::underwriting
