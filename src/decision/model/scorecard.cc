#include "decision/model/scorecard.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <numeric>

#include "decision/model/json_read.h"
#include "decision/model/logistic.h"

namespace smecredit::model {

namespace {

constexpr char kFormat[] = "smecredit.scorecard";
constexpr int64_t kVersion = 1;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

size_t bin_of_value(const FeatureBinning& binning, const FeatureValue& value) {
  switch (value.kind) {
    case FeatureValue::Kind::kMissing:
      return binning.kind == ColumnKind::kNumeric
                 ? binning.bin_of_number(std::numeric_limits<double>::quiet_NaN())
                 : binning.bin_of_category("");
    case FeatureValue::Kind::kNumber:
      return binning.kind == ColumnKind::kNumeric ? binning.bin_of_number(value.number)
                                                  : binning.fallback_bin;
    case FeatureValue::Kind::kCategory:
      return binning.kind == ColumnKind::kCategorical ? binning.bin_of_category(value.category)
                                                      : binning.fallback_bin;
  }
  return binning.fallback_bin;
}

// WOE design matrix (row-major) of the chosen binnings.
std::vector<double> woe_matrix(const Dataset& data, const std::vector<const Column*>& columns,
                               const std::vector<const FeatureBinning*>& binnings) {
  std::vector<double> x;
  x.reserve(data.rows * columns.size());
  for (size_t r = 0; r < data.rows; ++r) {
    for (size_t j = 0; j < columns.size(); ++j) {
      x.push_back(binnings[j]->bins[binnings[j]->bin_of(*columns[j], r)].woe);
    }
  }
  return x;
}

// Fits on the selected features, dropping the one with the largest wrong-sign
// coefficient until none is left; `selected` shrinks accordingly.
Result<LogisticFit> fit_with_signs(const Dataset& data, const std::vector<int>& labels,
                                   std::vector<IvReportLine*>* selected) {
  while (!selected->empty()) {
    std::vector<const Column*> columns;
    std::vector<const FeatureBinning*> binnings;
    for (const IvReportLine* line : *selected) {
      columns.push_back(data.find(line->binning.name));
      binnings.push_back(&line->binning);
    }
    SC_ASSIGN_OR_RETURN(LogisticFit fit, fit_logistic(woe_matrix(data, columns, binnings),
                                                      columns.size(), labels, LogisticOptions{}));
    const auto worst = std::max_element(fit.slopes.begin(), fit.slopes.end());
    if (*worst <= 0) return fit;
    (*selected)[static_cast<size_t>(worst - fit.slopes.begin())]->selected = false;
    selected->erase(selected->begin() + (worst - fit.slopes.begin()));
  }
  return Error{ErrorCode::kFailedPrecondition, "scorecard: no feature has a usable coefficient"};
}

void write_bin(Writer& w, const Bin& bin, ColumnKind kind, double points) {
  w.StartObject();
  if (bin.missing) {
    w.Key("missing");
    w.Bool(true);
  } else if (kind == ColumnKind::kNumeric) {
    w.Key("upper");
    std::isinf(bin.upper) ? w.Null() : w.Double(bin.upper);
  } else {
    w.Key("categories");
    w.StartArray();
    for (const std::string& c : bin.categories) w.String(c);
    w.EndArray();
  }
  w.Key("count");
  w.Int64(bin.count);
  w.Key("bads");
  w.Int64(bin.bads);
  w.Key("woe");
  w.Double(bin.woe);
  w.Key("points");
  w.Double(points);
  w.EndObject();
}

void write_feature(Writer& w, const ScorecardFeature& feature) {
  const FeatureBinning& b = feature.binning;
  w.StartObject();
  w.Key("name");
  w.String(b.name);
  w.Key("kind");
  w.String(std::string(column_kind_name(b.kind)));
  w.Key("coefficient");
  w.Double(feature.coefficient);
  w.Key("iv");
  w.Double(b.iv);
  w.Key("fallback_bin");
  w.Uint64(b.fallback_bin);
  w.Key("bins");
  w.StartArray();
  for (size_t i = 0; i < b.bins.size(); ++i) write_bin(w, b.bins[i], b.kind, feature.points[i]);
  w.EndArray();
  w.EndObject();
}

Result<std::vector<std::string>> read_categories(const rapidjson::Value& bin,
                                                 const std::string& where) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* array, json::member(bin, "categories", where));
  if (!array->IsArray())
    return Error{ErrorCode::kInvalidArgument, where + ".categories: not an array"};
  std::vector<std::string> out;
  for (const auto& c : array->GetArray()) {
    if (!c.IsString()) return Error{ErrorCode::kInvalidArgument, where + ".categories: not text"};
    out.emplace_back(c.GetString(), c.GetStringLength());
  }
  return out;
}

Result<Bin> read_bin(const rapidjson::Value& value, ColumnKind kind, const std::string& where,
                     double* points) {
  Bin bin;
  const auto missing = value.IsObject() ? value.FindMember("missing") : value.MemberEnd();
  bin.missing = missing != value.MemberEnd() && missing->value.IsBool() && missing->value.GetBool();
  if (!bin.missing && kind == ColumnKind::kNumeric) {
    SC_ASSIGN_OR_RETURN(const rapidjson::Value* upper, json::member(value, "upper", where));
    if (!upper->IsNull()) {
      SC_ASSIGN_OR_RETURN(bin.upper, json::to_double(*upper, where + ".upper"));
    }
  } else if (!bin.missing) {
    SC_ASSIGN_OR_RETURN(bin.categories, read_categories(value, where));
  }
  SC_ASSIGN_OR_RETURN(bin.count, json::int_member(value, "count", where));
  SC_ASSIGN_OR_RETURN(bin.bads, json::int_member(value, "bads", where));
  SC_ASSIGN_OR_RETURN(bin.woe, json::double_member(value, "woe", where));
  SC_ASSIGN_OR_RETURN(*points, json::double_member(value, "points", where));
  return bin;
}

Status check_bins(const FeatureBinning& b, const std::string& where) {
  if (b.bins.empty()) return Error{ErrorCode::kInvalidArgument, where + ".bins is empty"};
  if (b.fallback_bin >= b.bins.size()) {
    return Error{ErrorCode::kInvalidArgument, where + ".fallback_bin is out of range"};
  }
  for (size_t i = 0; i < b.bins.size(); ++i) {
    if (b.bins[i].missing && i + 1 != b.bins.size()) {
      return Error{ErrorCode::kInvalidArgument, where + ": the missing bin must come last"};
    }
    if (b.kind == ColumnKind::kNumeric && i > 0 && !b.bins[i].missing &&
        !(b.bins[i].upper > b.bins[i - 1].upper)) {
      return Error{ErrorCode::kInvalidArgument, where + ": numeric bins must be increasing"};
    }
  }
  return ok_status();
}

Result<ScorecardFeature> read_feature(const rapidjson::Value& value, const std::string& where) {
  ScorecardFeature feature;
  FeatureBinning& b = feature.binning;
  SC_ASSIGN_OR_RETURN(b.name, json::string_member(value, "name", where));
  SC_ASSIGN_OR_RETURN(const std::string kind, json::string_member(value, "kind", where));
  SC_ASSIGN_OR_RETURN(b.kind, parse_column_kind(kind));
  SC_ASSIGN_OR_RETURN(feature.coefficient, json::double_member(value, "coefficient", where));
  SC_ASSIGN_OR_RETURN(b.iv, json::double_member(value, "iv", where));
  SC_ASSIGN_OR_RETURN(const int64_t fallback, json::int_member(value, "fallback_bin", where));
  b.fallback_bin = static_cast<size_t>(std::max<int64_t>(fallback, 0));
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* bins, json::member(value, "bins", where));
  if (!bins->IsArray()) return Error{ErrorCode::kInvalidArgument, where + ".bins is not an array"};
  for (rapidjson::SizeType i = 0; i < bins->Size(); ++i) {
    double points = 0;
    SC_ASSIGN_OR_RETURN(
        Bin bin, read_bin((*bins)[i], b.kind, where + ".bins[" + std::to_string(i) + "]", &points));
    b.bins.push_back(std::move(bin));
    feature.points.push_back(points);
  }
  if (fallback < 0) return Error{ErrorCode::kInvalidArgument, where + ".fallback_bin is negative"};
  SC_RETURN_IF_ERROR(check_bins(b, where));
  return feature;
}

Result<Scaling> read_scaling(const rapidjson::Value& root) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* value, json::member(root, "scaling", "scorecard"));
  Scaling s;
  SC_ASSIGN_OR_RETURN(s.base_score, json::double_member(*value, "base_score", "scaling"));
  SC_ASSIGN_OR_RETURN(s.base_odds, json::double_member(*value, "base_odds", "scaling"));
  SC_ASSIGN_OR_RETURN(s.pdo, json::double_member(*value, "pdo", "scaling"));
  if (!(s.base_odds > 0) || !(s.pdo > 0)) {
    return Error{ErrorCode::kInvalidArgument, "scaling: base_odds and pdo must be positive"};
  }
  return s;
}

}  // namespace

double Scaling::factor() const {
  return pdo / std::numbers::ln2;
}

double Scaling::offset() const {
  return base_score - factor() * std::log(base_odds);
}

ScoreResult Scorecard::score(std::span<const FeatureValue> values) const {
  ScoreResult result;
  result.score = base_points;
  result.feature_points.reserve(features.size());
  for (size_t j = 0; j < features.size(); ++j) {
    const ScorecardFeature& f = features[j];
    const double points = f.points[bin_of_value(f.binning, values[j])];
    const double best = *std::max_element(f.points.begin(), f.points.end());
    result.feature_points.push_back(points);
    result.score += points;
    if (best - points > 0) result.reasons.push_back({j, best - points});
  }
  std::stable_sort(
      result.reasons.begin(), result.reasons.end(),
      [](const ReasonCode& a, const ReasonCode& b) { return a.points_gap > b.points_gap; });
  return result;
}

double Scorecard::probability_of_bad(double score) const {
  return 1.0 / (1.0 + std::exp((score - scaling.offset()) / scaling.factor()));
}

ScoreResult Scorecard::score_row(const Dataset& dataset, size_t row) const {
  std::vector<FeatureValue> values;
  values.reserve(features.size());
  for (const ScorecardFeature& f : features) {
    const Column* column = dataset.find(f.binning.name);
    if (column == nullptr || column->is_missing(row)) {
      values.push_back(FeatureValue::missing());
    } else if (column->kind == ColumnKind::kNumeric) {
      values.push_back(FeatureValue::of(column->numbers[row]));
    } else {
      values.push_back(FeatureValue::of(std::string_view(column->categories[row])));
    }
  }
  return score(values);
}

Result<TrainedScorecard> train_scorecard(const Dataset& data, const std::vector<int>& labels,
                                         const ScorecardOptions& options) {
  if (data.rows != labels.size()) {
    return Error{ErrorCode::kInvalidArgument, "scorecard: data and labels differ in size"};
  }
  TrainedScorecard trained;
  for (const Column& column : data.columns) {
    SC_ASSIGN_OR_RETURN(FeatureBinning binning, bin_feature(column, labels, options.binning));
    trained.iv_report.push_back({std::move(binning), false});
  }
  std::stable_sort(
      trained.iv_report.begin(), trained.iv_report.end(),
      [](const IvReportLine& a, const IvReportLine& b) { return a.binning.iv > b.binning.iv; });
  std::vector<IvReportLine*> selected;
  for (IvReportLine& line : trained.iv_report) {
    line.selected = line.binning.iv >= options.min_iv && line.binning.bins.size() > 1;
    if (line.selected) selected.push_back(&line);
  }
  SC_ASSIGN_OR_RETURN(const LogisticFit fit, fit_with_signs(data, labels, &selected));
  Scorecard& card = trained.scorecard;
  card.scaling = options.scaling;
  card.intercept = fit.intercept;
  const double factor = card.scaling.factor();
  card.base_points = card.scaling.offset() - factor * fit.intercept;
  for (size_t j = 0; j < selected.size(); ++j) {
    ScorecardFeature feature{selected[j]->binning, {}, fit.slopes[j]};
    for (const Bin& bin : feature.binning.bins) {
      feature.points.push_back(-factor * fit.slopes[j] * bin.woe);
    }
    card.features.push_back(std::move(feature));
  }
  return trained;
}

std::string format_iv_report(const std::vector<IvReportLine>& report) {
  std::string out =
      "feature                                                   kind         bins      iv  used\n";
  char line[256];
  for (const IvReportLine& item : report) {
    std::snprintf(line, sizeof line, "%-57s %-12s %4zu %7.4f  %s\n", item.binning.name.c_str(),
                  std::string(column_kind_name(item.binning.kind)).c_str(),
                  item.binning.bins.size(), item.binning.iv, item.selected ? "yes" : "no");
    out += line;
  }
  return out;
}

std::string scorecard_to_json(const Scorecard& scorecard) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("format");
  w.String(kFormat);
  w.Key("version");
  w.Int64(kVersion);
  w.Key("scaling");
  w.StartObject();
  w.Key("base_score");
  w.Double(scorecard.scaling.base_score);
  w.Key("base_odds");
  w.Double(scorecard.scaling.base_odds);
  w.Key("pdo");
  w.Double(scorecard.scaling.pdo);
  w.EndObject();
  w.Key("intercept");
  w.Double(scorecard.intercept);
  w.Key("base_points");
  w.Double(scorecard.base_points);
  w.Key("features");
  w.StartArray();
  for (const ScorecardFeature& feature : scorecard.features) write_feature(w, feature);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Result<Scorecard> scorecard_from_json(std::string_view text) {
  SC_ASSIGN_OR_RETURN(const rapidjson::Document root, json::parse(text));
  SC_ASSIGN_OR_RETURN(const std::string format, json::string_member(root, "format", "scorecard"));
  SC_ASSIGN_OR_RETURN(const int64_t version, json::int_member(root, "version", "scorecard"));
  if (format != kFormat || version != kVersion) {
    return Error{ErrorCode::kInvalidArgument, "not a smecredit.scorecard version 1 model"};
  }
  Scorecard card;
  SC_ASSIGN_OR_RETURN(card.scaling, read_scaling(root));
  SC_ASSIGN_OR_RETURN(card.intercept, json::double_member(root, "intercept", "scorecard"));
  SC_ASSIGN_OR_RETURN(card.base_points, json::double_member(root, "base_points", "scorecard"));
  SC_ASSIGN_OR_RETURN(const rapidjson::Value* features,
                      json::member(root, "features", "scorecard"));
  if (!features->IsArray()) return Error{ErrorCode::kInvalidArgument, "features is not an array"};
  for (rapidjson::SizeType i = 0; i < features->Size(); ++i) {
    SC_ASSIGN_OR_RETURN(ScorecardFeature feature,
                        read_feature((*features)[i], "features[" + std::to_string(i) + "]"));
    card.features.push_back(std::move(feature));
  }
  return card;
}

}  // namespace smecredit::model
