// The model files `smecredit model train` writes and `model eval` reads: a
// scorecard (scorecard.h) or a tree model wrapped with its feature mapping.
//
// Tree model file (format "smecredit.xgboost", version 1):
//   {"format":"smecredit.xgboost","version":1,"encoding":"one-hot",
//    "features":[{"name":"duration_in_month","kind":"numeric"},
//                {"name":"purpose","kind":"categorical","categories":["business","car
//                (new)",...]}],
//    "xgboost":{ ...the XGBoost 1.7 JSON model, unchanged... }}
// Encoding: features map to model columns in order; a numeric feature is one
// column (missing -> NaN); a categorical feature is one 0/1 column per
// training category in the listed (sorted) order; a missing value sets all
// of its columns to NaN, a category unseen in training sets them all to 0.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "decision/model/csv.h"
#include "decision/model/dataset.h"
#include "decision/model/dense_matrix.h"
#include "decision/model/scorecard.h"
#include "decision/model/tree_ensemble.h"

namespace smecredit::model {

struct EncodedFeature {
  std::string name;
  ColumnKind kind = ColumnKind::kNumeric;
  std::vector<std::string> categories;  // kCategorical: sorted, one column each
};

struct FeatureEncoding {
  std::vector<EncodedFeature> features;

  // Every column of `data`, categories sorted.
  static FeatureEncoding from_dataset(const Dataset& data);
  size_t width() const;
  // The model matrix of `table` (its columns found by name). Errors: a
  // feature column absent, a numeric value that is not a number.
  Result<DenseMatrix> encode(const CsvTable& table) const;
};

struct TreeModel {
  FeatureEncoding encoding;
  TreeEnsemble ensemble;
};

enum class ModelKind { kScorecard, kTree };

struct Model {
  ModelKind kind = ModelKind::kScorecard;
  Scorecard scorecard;  // when kind == kScorecard
  TreeModel tree;       // when kind == kTree
};

// The tree model file around `xgboost_json` (XGBoost's own JSON text).
std::string tree_model_to_json(const FeatureEncoding& encoding, std::string_view xgboost_json);

// Reads either format, dispatching on "format". Errors name the member.
Result<Model> load_model(std::string_view text);

// Probability of bad per row of `table`: the tree model's probability, or the
// scorecard's score mapped through its scaling.
Result<std::vector<double>> bad_probabilities(const Model& model, const CsvTable& table);

}  // namespace smecredit::model
