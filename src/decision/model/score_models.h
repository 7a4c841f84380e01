// The decision engine's ScoreModel (decision/score_model.h) over the model
// files `smecredit model train` writes (model_file.h): a scorecard gives
// points, a tree model the probability of bad. A policy's scorecard and gbdt
// steps call them by name.
//
// Inputs arrive as decision::Value by feature name: numbers (exact decimals,
// converted to double here — scores are the one place floating point is
// allowed), strings for categorical features, null for missing.
// Factors, largest first (at most kMaxFactors): a scorecard's features by
// the points they cost against their best bin (contribution = points
// received); a tree model's features by |TreeSHAP value| (one-hot columns of
// a categorical feature summed), in margin units.
//
// Example:
//   Result<decision::ModelCatalog> models = model::load_model_catalog("models");
//   auto policy = decision::compile_policy(policy_json, models.value());
//
// Thread-safety: immutable after construction; score() is reentrant.
#pragma once

#include <memory>
#include <string>

#include "decision/model/model_file.h"
#include "decision/score_model.h"

namespace smecredit::model {

inline constexpr size_t kMaxFactors = 5;

// A ScoreModel named `name` (version: the first 12 hex digits of the file's
// SHA-256, so a retrained file is a new version) around a loaded model.
std::shared_ptr<const decision::ScoreModel> make_score_model(std::string name, std::string version,
                                                             Model model);

// Every *.json in `dir`, named by file stem ("models/sme-gbdt.json" is
// "sme-gbdt"). A missing directory is an empty catalogue; errors name the file.
Result<decision::ModelCatalog> load_model_catalog(const std::string& dir);

}  // namespace smecredit::model
