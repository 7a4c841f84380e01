#include "decision/model/xgboost_trainer.h"

#include "decision/model/dataset.h"
#include "decision/model/model_file.h"

namespace smecredit::model {

Result<std::string> train_tree_model(const CsvTable& table, std::string_view label,
                                     std::string_view positive, const XgboostParams& params) {
  SC_ASSIGN_OR_RETURN(const std::vector<int> labels, binary_labels(table, label, positive));
  const FeatureEncoding encoding = FeatureEncoding::from_dataset(dataset_from_csv(table, label));
  if (encoding.width() == 0) return Error{ErrorCode::kInvalidArgument, "no feature columns"};
  SC_ASSIGN_OR_RETURN(const DenseMatrix matrix, encoding.encode(table));
  SC_ASSIGN_OR_RETURN(const XgboostBooster booster, XgboostBooster::train(matrix, labels, params));
  SC_ASSIGN_OR_RETURN(const std::string xgboost_json, booster.save_json());
  return tree_model_to_json(encoding, xgboost_json);
}

}  // namespace smecredit::model
