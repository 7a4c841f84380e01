#include "decision/model/model_file.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <limits>
#include <set>

#include "decision/model/json_read.h"
#include "decision/model/xgboost_json.h"

namespace smecredit::model {

namespace {

constexpr char kTreeFormat[] = "smecredit.xgboost";
constexpr char kScorecardFormat[] = "smecredit.scorecard";
constexpr int64_t kTreeVersion = 1;
constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

void encode_categorical(const EncodedFeature& feature, const Column& column, size_t row,
                        float* out) {
  if (column.is_missing(row)) {
    std::fill(out, out + feature.categories.size(), kMissing);
    return;
  }
  for (size_t k = 0; k < feature.categories.size(); ++k) {
    out[k] = feature.categories[k] == column.categories[row] ? 1.0f : 0.0f;
  }
}

Result<EncodedFeature> read_encoded_feature(const rapidjson::Value& value,
                                            const std::string& where) {
  EncodedFeature feature;
  SC_ASSIGN_OR_RETURN(feature.name, json::string_member(value, "name", where));
  SC_ASSIGN_OR_RETURN(const std::string kind, json::string_member(value, "kind", where));
  SC_ASSIGN_OR_RETURN(feature.kind, parse_column_kind(kind));
  if (feature.kind == ColumnKind::kNumeric) return feature;
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* categories, json::member(value, "categories", where));
  if (!categories->IsArray() || categories->Empty()) {
    return Error{ErrorCode::kInvalidArgument, where + ".categories must be a non-empty array"};
  }
  for (const auto& c : categories->GetArray()) {
    if (!c.IsString()) return Error{ErrorCode::kInvalidArgument, where + ".categories: not text"};
    feature.categories.emplace_back(c.GetString(), c.GetStringLength());
  }
  return feature;
}

Result<TreeModel> read_tree_model(const rapidjson::Value& root) {
  SC_ASSIGN_OR_RETURN(const int64_t version, json::int_member(root, "version", "model"));
  SC_ASSIGN_OR_RETURN(const std::string encoding, json::string_member(root, "encoding", "model"));
  if (version != kTreeVersion || encoding != "one-hot") {
    return Error{ErrorCode::kInvalidArgument,
                 "tree model: version 1 with one-hot encoding expected"};
  }
  TreeModel model;
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* features, json::member(root, "features", "model"));
  if (!features->IsArray())
    return Error{ErrorCode::kInvalidArgument, "model.features: not an array"};
  for (rapidjson::SizeType i = 0; i < features->Size(); ++i) {
    SC_ASSIGN_OR_RETURN(
        EncodedFeature feature,
        read_encoded_feature((*features)[i], "features[" + std::to_string(i) + "]"));
    model.encoding.features.push_back(std::move(feature));
  }
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* xgboost, json::member(root, "xgboost", "model"));
  SC_ASSIGN_OR_RETURN(model.ensemble, load_xgboost_value(*xgboost));
  if (model.ensemble.feature_count() != model.encoding.width()) {
    return Error{ErrorCode::kInvalidArgument,
                 "tree model: the encoding has " + std::to_string(model.encoding.width()) +
                     " columns, the trees " + std::to_string(model.ensemble.feature_count())};
  }
  return model;
}

Result<std::vector<double>> tree_probabilities(const TreeModel& model, const CsvTable& table) {
  SC_ASSIGN_OR_RETURN(const DenseMatrix matrix, model.encoding.encode(table));
  std::vector<double> out;
  out.reserve(matrix.rows);
  for (size_t r = 0; r < matrix.rows; ++r) {
    out.push_back(model.ensemble.predict_probability(matrix.row(r)));
  }
  return out;
}

Result<std::vector<double>> scorecard_probabilities(const Scorecard& card, const CsvTable& table) {
  Dataset data;
  data.rows = table.rows.size();
  for (const ScorecardFeature& feature : card.features) {
    SC_ASSIGN_OR_RETURN(Column column,
                        column_as(table, feature.binning.name, feature.binning.kind));
    data.columns.push_back(std::move(column));
  }
  std::vector<double> out;
  out.reserve(data.rows);
  for (size_t r = 0; r < data.rows; ++r) {
    out.push_back(card.probability_of_bad(card.score_row(data, r).score));
  }
  return out;
}

}  // namespace

FeatureEncoding FeatureEncoding::from_dataset(const Dataset& data) {
  FeatureEncoding encoding;
  for (const Column& column : data.columns) {
    EncodedFeature feature{column.name, column.kind, {}};
    if (column.kind == ColumnKind::kCategorical) {
      std::set<std::string> seen;
      for (const std::string& c : column.categories) {
        if (!c.empty()) seen.insert(c);
      }
      feature.categories.assign(seen.begin(), seen.end());
      if (feature.categories.empty()) continue;  // an all-missing column carries nothing
    }
    encoding.features.push_back(std::move(feature));
  }
  return encoding;
}

size_t FeatureEncoding::width() const {
  size_t width = 0;
  for (const EncodedFeature& f : features) {
    width += f.kind == ColumnKind::kNumeric ? 1 : f.categories.size();
  }
  return width;
}

Result<DenseMatrix> FeatureEncoding::encode(const CsvTable& table) const {
  DenseMatrix matrix;
  matrix.rows = table.rows.size();
  matrix.cols = width();
  matrix.values.assign(matrix.rows * matrix.cols, 0.0f);
  size_t offset = 0;
  for (const EncodedFeature& feature : features) {
    SC_ASSIGN_OR_RETURN(const Column column, column_as(table, feature.name, feature.kind));
    for (size_t r = 0; r < matrix.rows; ++r) {
      float* out = matrix.values.data() + r * matrix.cols + offset;
      if (feature.kind == ColumnKind::kNumeric) {
        *out = static_cast<float>(column.numbers[r]);
      } else {
        encode_categorical(feature, column, r, out);
      }
    }
    offset += feature.kind == ColumnKind::kNumeric ? 1 : feature.categories.size();
  }
  return matrix;
}

std::string tree_model_to_json(const FeatureEncoding& encoding, std::string_view xgboost_json) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("format");
  w.String(kTreeFormat);
  w.Key("version");
  w.Int64(kTreeVersion);
  w.Key("encoding");
  w.String("one-hot");
  w.Key("features");
  w.StartArray();
  for (const EncodedFeature& f : encoding.features) {
    w.StartObject();
    w.Key("name");
    w.String(f.name);
    w.Key("kind");
    w.String(std::string(column_kind_name(f.kind)));
    if (f.kind == ColumnKind::kCategorical) {
      w.Key("categories");
      w.StartArray();
      for (const std::string& c : f.categories) w.String(c);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("xgboost");
  w.RawValue(xgboost_json.data(), xgboost_json.size(), rapidjson::kObjectType);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Result<Model> load_model(std::string_view text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document root, json::parse(text));
  SC_ASSIGN_OR_RETURN(const std::string format, json::string_member(root, "format", "model"));
  Model model;
  if (format == kScorecardFormat) {
    SC_ASSIGN_OR_RETURN(model.scorecard, scorecard_from_json(text));
    return model;
  }
  if (format == kTreeFormat) {
    model.kind = ModelKind::kTree;
    SC_ASSIGN_OR_RETURN(model.tree, read_tree_model(root));
    return model;
  }
  return Error{ErrorCode::kInvalidArgument, "model.format '" + format + "' is not known"};
}

Result<std::vector<double>> bad_probabilities(const Model& model, const CsvTable& table) {
  return model.kind == ModelKind::kScorecard ? scorecard_probabilities(model.scorecard, table)
                                             : tree_probabilities(model.tree, table);
}

}  // namespace smecredit::model
