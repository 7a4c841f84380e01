// The compiled tree walker (src/decision/model/tree_ensemble.h) side by side
// with libxgboost's single-row prediction (XGBoosterPredictFromDense, one
// row, one thread) for the reference shape: 300 trees of depth 6,
// trained here on synthetic data. Both must give identical margins on every
// row; the program fails (exit 1) otherwise. Prints per-row microseconds.
//
// Run: build/release/bench/bench_tree_walker [--json] [--seconds 2]
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "bench/benchmarks.h"
#include "decision/model/synthetic.h"
#include "decision/model/xgboost_booster.h"
#include "decision/model/xgboost_json.h"

namespace {

using smecredit::bench::Figure;
using smecredit::bench::seconds_since;
using namespace smecredit::model;

constexpr size_t kFeatures = 40;
constexpr size_t kRows = 4096;

// Calls `predict(row)` over the rows until `seconds` pass; per-row µs.
template <class Predict>
double microseconds_per_row(const DenseMatrix& rows, double seconds, Predict predict,
                            double* checksum) {
  const auto start = std::chrono::steady_clock::now();
  size_t done = 0;
  while (done == 0 || seconds_since(start) < seconds) {
    for (size_t r = 0; r < rows.rows; ++r) *checksum += predict(rows.row(r));
    done += rows.rows;
  }
  return seconds_since(start) * 1e6 / static_cast<double>(done);
}

int run(bool json, double seconds) {
  const SyntheticData train = synthetic_classification(20000, kFeatures, 1);
  XgboostParams params;
  params.rounds = 300;
  params.max_depth = 6;
  params.eta = 0.05;
  params.tree_method = "hist";
  const XgboostBooster booster =
      XgboostBooster::train(train.features, train.labels, params).value();
  const TreeEnsemble walker = load_xgboost_json(booster.save_json().value()).value();
  const SyntheticData fresh = synthetic_classification(kRows, kFeatures, 2);
  int64_t differing = 0;
  for (size_t r = 0; r < fresh.features.rows; ++r) {
    const float reference = booster.predict_row_margin(fresh.features.row(r)).value();
    differing += walker.predict_margin(fresh.features.row(r)) != reference ? 1 : 0;
  }
  double checksum = 0;
  const double walker_us = microseconds_per_row(
      fresh.features, seconds,
      [&](std::span<const float> row) { return walker.predict_margin(row); }, &checksum);
  const double xgboost_us = microseconds_per_row(
      fresh.features, seconds,
      [&](std::span<const float> row) { return booster.predict_row_margin(row).value(); },
      &checksum);
  smecredit::bench::print_figures(
      json,
      {Figure{"trees", static_cast<int64_t>(walker.tree_count())}, Figure{"max_depth", int64_t{6}},
       Figure{"rows_compared", static_cast<int64_t>(fresh.features.rows)},
       Figure{"rows_differing", differing}, Figure{"walker_us_per_row", walker_us},
       Figure{"libxgboost_us_per_row", xgboost_us}, Figure{"speedup", xgboost_us / walker_us},
       Figure{"checksum", checksum}});
  return differing == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Tree walker vs libxgboost single-row prediction (300 trees, depth 6)"};
  bool json = false;
  double seconds = 2.0;
  app.add_flag("--json", json, "Print one JSON object");
  app.add_option("--seconds", seconds, "Time per contestant")->check(CLI::Range(0.01, 600.0));
  CLI11_PARSE(app, argc, argv);
  return run(json, seconds);
}
