// `smecredit model train|eval|split|stability`: credit models from CSV data
// (src/decision/model). Train writes a model file (a scorecard, or an
// XGBoost model with its one-hot feature mapping); eval prints
// {"auc":…,"ks":…,"gini":…,"n":…}; split writes a reproducible stratified
// train/test split; stability prints the CSI of every column (and the PSI of
// a model's scores) between an expected and an actual dataset. Unreadable or malformed input is a
// usage error (exit 2); a training failure exits 1. Train's --drop leaves
// columns out (an identifier must not become a feature); eval and stability
// find a model's columns by name, so extra columns do not matter there.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api/json.h"
#include "cli/commands.h"
#include "decision/model/csv.h"
#include "decision/model/dataset.h"
#include "decision/model/metrics.h"
#include "decision/model/model_file.h"
#include "decision/model/scorecard.h"
#include "decision/model/split.h"
#include "decision/model/xgboost_trainer.h"

namespace smecredit::cli {

namespace {

struct TrainFlags {
  std::string algo;
  std::string data;
  std::string label;
  std::string positive;
  std::string out;
  std::vector<std::string> drop;
  model::XgboostParams xgboost;
};

struct EvalFlags {
  std::string model;
  std::string data;
  std::string label;
  std::string positive;
  bool json = false;
};

struct StabilityFlags {
  std::string expected;
  std::string actual;
  std::string model;
  std::string exclude;
  bool json = false;
};

struct SplitFlags {
  std::string data;
  std::string label;
  uint64_t seed = 42;
  double train_fraction = 0.7;
  std::string train_out;
  std::string test_out;
};

std::string read_file(const std::string& path, const std::string& flag) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw CLI::ValidationError(flag, "cannot read " + path);
  return text.str();
}

void write_file(const std::string& path, const std::string& text, const std::string& flag) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file) throw CLI::ValidationError(flag, "cannot write " + path);
}

model::CsvTable read_csv_flag(const std::string& path, const std::string& flag) {
  Result<model::CsvTable> table = model::parse_csv(read_file(path, flag));
  if (!table.ok()) throw CLI::ValidationError(flag, path + ": " + table.error().message);
  return std::move(table).value();
}

model::CsvTable read_csv(const std::string& path) {
  return read_csv_flag(path, "--data");
}

template <class T>
T value_or_usage(Result<T> result, const std::string& flag) {
  if (!result.ok()) throw CLI::ValidationError(flag, result.error().message);
  return std::move(result).value();
}

int fail(const Error& error) {
  std::fprintf(stderr, "smecredit model: %s\n", error.to_string().c_str());
  return kExitFailure;
}

Result<std::string> train_scorecard_file(const model::CsvTable& table, const TrainFlags& flags) {
  SC_ASSIGN_OR_RETURN(const std::vector<int> labels,
                      model::binary_labels(table, flags.label, flags.positive));
  const model::Dataset data = model::dataset_from_csv(table, flags.label);
  SC_ASSIGN_OR_RETURN(const model::TrainedScorecard trained,
                      model::train_scorecard(data, labels, model::ScorecardOptions{}));
  const std::string report = model::format_iv_report(trained.iv_report);
  std::fwrite(report.data(), 1, report.size(), stdout);
  return model::scorecard_to_json(trained.scorecard);
}

// `table` without the named columns (e.g. an identifier that must not
// become a feature); naming a column that does not exist is a usage error.
model::CsvTable without_columns(model::CsvTable table, const std::vector<std::string>& drop) {
  for (const std::string& name : drop) {
    const size_t index = value_or_usage(table.column_index(name), "--drop");
    table.header.erase(table.header.begin() + static_cast<std::ptrdiff_t>(index));
    for (std::vector<std::string>& row : table.rows) {
      row.erase(row.begin() + static_cast<std::ptrdiff_t>(index));
    }
  }
  return table;
}

int run_train(const TrainFlags& flags) {
  const model::CsvTable table = without_columns(read_csv(flags.data), flags.drop);
  value_or_usage(model::binary_labels(table, flags.label, flags.positive), "--label");
  Result<std::string> text =
      flags.algo == "scorecard"
          ? train_scorecard_file(table, flags)
          : model::train_tree_model(table, flags.label, flags.positive, flags.xgboost);
  if (!text.ok()) return fail(text.error());
  write_file(flags.out, text.value(), "--out");
  return kExitOk;
}

int run_eval(const EvalFlags& flags) {
  const model::Model loaded =
      value_or_usage(model::load_model(read_file(flags.model, "--model")), "--model");
  const model::CsvTable table = read_csv(flags.data);
  const std::vector<int> labels =
      value_or_usage(model::binary_labels(table, flags.label, flags.positive), "--label");
  const std::vector<double> scores =
      value_or_usage(model::bad_probabilities(loaded, table), "--data");
  const Result<model::Discrimination> d = model::discrimination(scores, labels);
  if (!d.ok()) return fail(d.error());
  const char* format = flags.json ? "{\"auc\":%.6f,\"ks\":%.6f,\"gini\":%.6f,\"n\":%zu}\n"
                                  : "auc   %.6f\nks    %.6f\ngini  %.6f\nn     %zu\n";
  std::printf(format, d.value().auc, d.value().ks, d.value().gini, d.value().n);
  return kExitOk;
}

std::string csv_of_rows(const model::CsvTable& table, const std::vector<size_t>& rows) {
  std::string out = model::format_csv_record(table.header);
  for (const size_t r : rows) out += model::format_csv_record(table.rows[r]);
  return out;
}

int run_split(const SplitFlags& flags) {
  const model::CsvTable table = read_csv(flags.data);
  std::vector<int> strata(table.rows.size(), 0);
  if (!flags.label.empty()) {
    const size_t index = value_or_usage(table.column_index(flags.label), "--label");
    std::vector<std::string> values;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const auto found = std::find(values.begin(), values.end(), table.rows[r][index]);
      strata[r] = static_cast<int>(found - values.begin());
      if (found == values.end()) values.push_back(table.rows[r][index]);
    }
  }
  const model::RowSplit split = model::split_rows(strata, flags.train_fraction, flags.seed);
  write_file(flags.train_out, csv_of_rows(table, split.train), "--train-out");
  write_file(flags.test_out, csv_of_rows(table, split.test), "--test-out");
  std::printf("train %zu rows -> %s\ntest  %zu rows -> %s\n", split.train.size(),
              flags.train_out.c_str(), split.test.size(), flags.test_out.c_str());
  return kExitOk;
}

// {"psi":…,"columns":[{"name":…,"csi":…},…]} (psi only with a model).
std::string stability_json(const std::vector<model::CharacteristicStability>& columns,
                           const double* score_psi) {
  api::JsonBuffer buffer;
  api::JsonWriter w(buffer);
  w.StartObject();
  if (score_psi != nullptr) {
    w.Key("psi");
    w.Double(*score_psi);
  }
  w.Key("columns");
  w.StartArray();
  for (const model::CharacteristicStability& c : columns) {
    w.StartObject();
    api::write_field(w, "name", c.name);
    w.Key("csi");
    w.Double(c.csi);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string stability_text(const std::vector<model::CharacteristicStability>& columns,
                           const double* score_psi, bool json) {
  if (json) return stability_json(columns, score_psi);
  std::string out;
  char line[320];
  if (score_psi != nullptr) {
    std::snprintf(line, sizeof line, "score psi  %.6f\n", *score_psi);
    out += line;
  }
  for (const model::CharacteristicStability& c : columns) {
    std::snprintf(line, sizeof line, "%-57s %.6f\n", c.name.c_str(), c.csi);
    out += line;
  }
  return out;
}

int run_stability(const StabilityFlags& flags) {
  const model::CsvTable expected = read_csv_flag(flags.expected, "--expected");
  const model::CsvTable actual = read_csv_flag(flags.actual, "--actual");
  const Result<std::vector<model::CharacteristicStability>> columns =
      model::csi(model::dataset_from_csv(expected, flags.exclude),
                 model::dataset_from_csv(actual, flags.exclude));
  if (!columns.ok()) return fail(columns.error());
  double score_psi = 0;
  if (!flags.model.empty()) {
    const model::Model loaded =
        value_or_usage(model::load_model(read_file(flags.model, "--model")), "--model");
    const std::vector<double> e =
        value_or_usage(model::bad_probabilities(loaded, expected), "--expected");
    const std::vector<double> a =
        value_or_usage(model::bad_probabilities(loaded, actual), "--actual");
    const Result<double> psi = model::psi(e, a);
    if (!psi.ok()) return fail(psi.error());
    score_psi = psi.value();
  }
  const std::string text =
      stability_text(columns.value(), flags.model.empty() ? nullptr : &score_psi, flags.json);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

void add_label_options(CLI::App* command, std::string* label, std::string* positive) {
  command->add_option("--label", *label, "Label column")->required();
  command->add_option("--positive", *positive, "Label value that means bad")->required();
}

void add_train(CLI::App& model, int* exit_code) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* command = model.add_subcommand("train", "Train a scorecard or an XGBoost model");
  command->add_option("--algo", flags->algo, "scorecard or xgboost")
      ->required()
      ->check(CLI::IsMember({"scorecard", "xgboost"}));
  command->add_option("--data", flags->data, "Training CSV (header row)")
      ->required()
      ->check(CLI::ExistingFile);
  add_label_options(command, &flags->label, &flags->positive);
  command->add_option("--out", flags->out, "Model file to write")->required();
  command
      ->add_option("--drop", flags->drop,
                   "Columns that are not features (e.g. an identifier), comma-separated")
      ->delimiter(',');
  command->add_option("--rounds", flags->xgboost.rounds, "xgboost: boosting rounds")
      ->check(CLI::Range(1, 10000));
  command->add_option("--max-depth", flags->xgboost.max_depth, "xgboost: tree depth")
      ->check(CLI::Range(1, 16));
  command->add_option("--eta", flags->xgboost.eta, "xgboost: learning rate")
      ->check(CLI::Range(0.0001, 1.0));
  command->add_option("--seed", flags->xgboost.seed, "xgboost: random seed");
  command->callback([flags, exit_code] { *exit_code = run_train(*flags); });
}

void add_eval(CLI::App& model, int* exit_code) {
  auto flags = std::make_shared<EvalFlags>();
  CLI::App* command = model.add_subcommand("eval", "AUC, KS and Gini of a model on labelled data");
  command->add_option("--model", flags->model, "Model file")->required()->check(CLI::ExistingFile);
  command->add_option("--data", flags->data, "Test CSV (header row)")
      ->required()
      ->check(CLI::ExistingFile);
  add_label_options(command, &flags->label, &flags->positive);
  command->add_flag("--json", flags->json, "Print one JSON object");
  command->callback([flags, exit_code] { *exit_code = run_eval(*flags); });
}

void add_split(CLI::App& model, int* exit_code) {
  auto flags = std::make_shared<SplitFlags>();
  CLI::App* command =
      model.add_subcommand("split", "Reproducible train/test split, stratified by --label");
  command->add_option("--data", flags->data, "CSV to split")->required()->check(CLI::ExistingFile);
  command->add_option("--label", flags->label, "Stratify by this column");
  command->add_option("--seed", flags->seed, "Random seed (default 42)");
  command->add_option("--train-fraction", flags->train_fraction, "Share of rows to train on")
      ->check(CLI::Range(0.01, 0.99));
  command->add_option("--train-out", flags->train_out, "Training CSV to write")->required();
  command->add_option("--test-out", flags->test_out, "Test CSV to write")->required();
  command->callback([flags, exit_code] { *exit_code = run_split(*flags); });
}

void add_stability(CLI::App& model, int* exit_code) {
  auto flags = std::make_shared<StabilityFlags>();
  CLI::App* command = model.add_subcommand(
      "stability", "CSI per column (and PSI of a model's scores) between two datasets");
  command->add_option("--expected", flags->expected, "Baseline CSV (e.g. the training data)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--actual", flags->actual, "Recent CSV")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--model", flags->model, "Also the PSI of this model's scores")
      ->check(CLI::ExistingFile);
  command->add_option("--exclude", flags->exclude, "A column to leave out (e.g. the label)");
  command->add_flag("--json", flags->json, "Print one JSON object");
  command->callback([flags, exit_code] { *exit_code = run_stability(*flags); });
}

}  // namespace

void add_model_command(CLI::App& app, int* exit_code) {
  CLI::App* model = app.add_subcommand("model", "Train, evaluate and split data for credit models");
  model->require_subcommand(1);
  add_train(*model, exit_code);
  add_eval(*model, exit_code);
  add_split(*model, exit_code);
  add_stability(*model, exit_code);
}

}  // namespace smecredit::cli
