// Placeholder models for the reference policy (policies/reference.json)
// until the models library (src/decision/model/, smecredit_model) is merged:
// "reference-scorecard" (points) and "reference-gbdt" (a probability of
// default), both LinearScoreModel over the policy's features. At merge the
// real scorecard and the 300-tree model replace them under the same names.
#pragma once

#include "decision/score_model.h"

namespace smecredit::decision {

ModelCatalog reference_placeholder_models();

}  // namespace smecredit::decision
