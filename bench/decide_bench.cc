// `smecredit bench decide`: the reference policy (policies/reference.json)
// deciding the reference applications on one core, each decision recorded
// (input snapshot and its SHA-256 included). Its two models are real and
// trained here before timing (not timed): "reference-scorecard", a
// scorecard (monotonic binning, WOE, logistic regression) over years
// trading and f001..f019, and "reference-gbdt", 300 trees of depth 6
// trained by libxgboost over the debt service ratio and f020..f049 — both on
// 20,000 rows drawn like the applications' values and labelled by a fixed
// non-linear risk. Prints decisions per second and the p50/p99 latency of
// one decision; the same with the models' factors (TreeSHAP), as the live
// underwriter explains every decision; and the same for the knock-out rules and the decision table
// alone (policies/reference-rules-table.json, decide() without a record),
// the part compared with GoRules ZEN (bench/peers/zen/).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "bench/benchmarks.h"
#include "connectors/world/prng.h"
#include "decision/model/csv.h"
#include "decision/model/dataset.h"
#include "decision/model/model_file.h"
#include "decision/model/score_models.h"
#include "decision/model/scorecard.h"
#include "decision/model/xgboost_trainer.h"
#include "decision/policy/json_reader.h"
#include "decision/record/record.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "cannot read " + path};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Measured {
  double per_s = 0;
  double p50_us = 0;
  double p99_us = 0;
  int64_t approved = 0;
  int64_t decisions = 0;
};

enum class Mode {
  kDecide,          // decide() alone
  kRecord,          // and the record (snapshot + SHA-256)
  kRecordExplained  // and the models' factors (TreeSHAP), as the live path does
};

Result<Measured> measure(const decision::CompiledPolicy& policy,
                         const std::vector<std::vector<decision::Value>>& inputs, Date as_of,
                         double seconds, Mode mode) {
  std::vector<double> latencies_us;
  Measured m;
  const auto budget = std::chrono::duration<double>(seconds);
  const auto start = SteadyClock::now();
  while (SteadyClock::now() - start < budget) {
    for (const auto& application : inputs) {
      const auto t0 = SteadyClock::now();
      decision::Verdict verdict = decision::Verdict::kRefer;
      if (mode != Mode::kDecide) {
        SC_ASSIGN_OR_RETURN(decision::DecisionRecord r,
                            decision::record_decision(policy, application, as_of, "champion",
                                                      mode == Mode::kRecordExplained));
        verdict = r.decision.verdict;
      } else {
        SC_ASSIGN_OR_RETURN(decision::Decision d, policy.decide(application, as_of));
        verdict = d.verdict;
      }
      latencies_us.push_back(
          std::chrono::duration<double, std::micro>(SteadyClock::now() - t0).count());
      m.approved += verdict == decision::Verdict::kApprove ? 1 : 0;
    }
  }
  const double elapsed_s = seconds_since(start);
  m.decisions = static_cast<int64_t>(latencies_us.size());
  m.per_s = static_cast<double>(m.decisions) / elapsed_s;
  std::sort(latencies_us.begin(), latencies_us.end());
  m.p50_us = latencies_us[latencies_us.size() / 2];
  m.p99_us = latencies_us[latencies_us.size() * 99 / 100];
  return m;
}

constexpr size_t kTrainingRows = 20'000;
constexpr int kTrees = 300;
constexpr int kDepth = 6;

std::string generic_feature(int i) {
  char name[8];
  std::snprintf(name, sizeof(name), "f%03d", i);
  return name;
}

// Training rows for the two reference models: f### uniform on [0, 100) as in
// the applications, years trading on [0, 25), the debt service ratio
// log-uniform on [0.3, 30); bad with a probability that falls with years and
// the ratio and moves with a few generic features, with interactions, so
// that trees have structure to find.
std::pair<model::CsvTable, model::CsvTable> reference_training_tables(uint64_t seed) {
  world::Rng rng(seed);
  model::CsvTable card, trees;
  card.header = {"years_trading"};
  for (int i = 1; i <= 19; ++i) card.header.push_back(generic_feature(i));
  card.header.push_back("bad");
  trees.header = {"dscr"};
  for (int i = 20; i <= 49; ++i) trees.header.push_back(generic_feature(i));
  trees.header.push_back("bad");
  auto text = [](double v) {
    char out[32];
    std::snprintf(out, sizeof(out), "%.2f", v);
    return std::string(out);
  };
  for (size_t row = 0; row < kTrainingRows; ++row) {
    double f[50];
    for (double& v : f) v = rng.unit() * 100;
    const double years = rng.unit() * 25;
    const double dscr = 0.3 * std::exp(rng.unit() * std::log(100.0));
    const double logit = -2.2 - 0.12 * years - 0.9 * std::log(dscr) + 0.02 * (f[3] - 50) +
                         (f[7] > 80 ? 0.8 : 0) + (f[25] < 20 && f[31] > 60 ? 1.1 : 0) -
                         0.015 * (f[42] - 50) + 0.3 * rng.normal();
    const bool bad = rng.unit() < 1 / (1 + std::exp(-logit));
    std::vector<std::string> c = {text(years)};
    for (int i = 1; i <= 19; ++i) c.push_back(text(f[i]));
    c.push_back(bad ? "1" : "0");
    card.rows.push_back(std::move(c));
    std::vector<std::string> t = {text(dscr)};
    for (int i = 20; i <= 49; ++i) t.push_back(text(f[i]));
    t.push_back(bad ? "1" : "0");
    trees.rows.push_back(std::move(t));
  }
  return {std::move(card), std::move(trees)};
}

Result<std::shared_ptr<const decision::ScoreModel>> model_from_text(std::string name,
                                                                    const std::string& text) {
  SC_ASSIGN_OR_RETURN(model::Model loaded, model::load_model(text));
  return model::make_score_model(std::move(name), "bench-trained", std::move(loaded));
}

Result<decision::ModelCatalog> trained_reference_models() {
  auto [card_table, tree_table] = reference_training_tables(2026);
  SC_ASSIGN_OR_RETURN(const std::vector<int> labels, model::binary_labels(card_table, "bad", "1"));
  SC_ASSIGN_OR_RETURN(const model::TrainedScorecard card,
                      model::train_scorecard(model::dataset_from_csv(card_table, "bad"), labels,
                                             model::ScorecardOptions{}));
  model::XgboostParams params;
  params.rounds = kTrees;
  params.max_depth = kDepth;
  params.tree_method = "hist";
  params.nthread = 2;
  SC_ASSIGN_OR_RETURN(const std::string gbdt,
                      model::train_tree_model(tree_table, "bad", "1", params));
  decision::ModelCatalog models;
  SC_ASSIGN_OR_RETURN(auto scorecard, model_from_text("reference-scorecard",
                                                      model::scorecard_to_json(card.scorecard)));
  SC_ASSIGN_OR_RETURN(auto trees, model_from_text("reference-gbdt", gbdt));
  models.add(std::move(scorecard));
  models.add(std::move(trees));
  return models;
}

Result<std::vector<std::vector<decision::Value>>> bind_all(const decision::CompiledPolicy& policy,
                                                           const decision::Value& apps) {
  std::vector<std::vector<decision::Value>> inputs;
  for (const decision::Value& app : apps.as_array()) {
    SC_ASSIGN_OR_RETURN(std::vector<decision::Value> bound, policy.bind_inputs(app));
    inputs.push_back(std::move(bound));
  }
  return inputs;
}

Result<std::vector<Figure>> run_decide_benchmark(const std::string& dir, double seconds) {
  SC_ASSIGN_OR_RETURN(std::string policy_text, read_file(dir + "/reference.json"));
  SC_ASSIGN_OR_RETURN(std::string rules_text, read_file(dir + "/reference-rules-table.json"));
  SC_ASSIGN_OR_RETURN(std::string apps_text, read_file(dir + "/reference-applications.json"));
  const auto train_start = SteadyClock::now();
  SC_ASSIGN_OR_RETURN(const decision::ModelCatalog models, trained_reference_models());
  const double train_s = seconds_since(train_start);
  const auto compile_start = SteadyClock::now();
  SC_ASSIGN_OR_RETURN(auto policy, decision::compile_policy(policy_text, models));
  const double compile_ms = seconds_since(compile_start) * 1e3;
  SC_ASSIGN_OR_RETURN(auto rules, decision::compile_policy(rules_text, models));
  SC_ASSIGN_OR_RETURN(decision::Value apps, decision::parse_json_value(apps_text));
  if (apps.kind() != decision::ValueKind::kArray || apps.as_array().empty()) {
    return Error{ErrorCode::kInvalidArgument, "the applications file is not a non-empty array"};
  }
  SC_ASSIGN_OR_RETURN(auto full_inputs, bind_all(*policy, apps));
  SC_ASSIGN_OR_RETURN(auto rules_inputs, bind_all(*rules, apps));
  const Date as_of = parse_date("2026-11-22").value();
  SC_ASSIGN_OR_RETURN(Measured full, measure(*policy, full_inputs, as_of, seconds, Mode::kRecord));
  SC_ASSIGN_OR_RETURN(Measured explained,
                      measure(*policy, full_inputs, as_of, seconds, Mode::kRecordExplained));
  SC_ASSIGN_OR_RETURN(Measured part, measure(*rules, rules_inputs, as_of, seconds, Mode::kDecide));
  return std::vector<Figure>{
      {"decisions_per_s", full.per_s},
      {"p50_us", full.p50_us},
      {"p99_us", full.p99_us},
      {"approve_share", static_cast<double>(full.approved) / static_cast<double>(full.decisions)},
      {"explained_per_s", explained.per_s},
      {"explained_p50_us", explained.p50_us},
      {"explained_p99_us", explained.p99_us},
      {"rules_table_per_s", part.per_s},
      {"rules_table_p50_us", part.p50_us},
      {"rules_table_p99_us", part.p99_us},
      {"compile_ms", compile_ms},
      {"models", std::string("trained here: scorecard (20 features) and 300 trees of depth 6 "
                             "(31 features)")},
      {"training_s", train_s},
  };
}

}  // namespace

void add_decide_benchmark(CLI::App& bench, int* exit_code) {
  struct Options {
    bool json = false;
    double seconds = 2.0;
    std::string dir = SMECREDIT_POLICIES_DIR;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = bench.add_subcommand(
      "decide", "Decide the reference applications with the reference policy on one core");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--seconds", options->seconds, "How long to run each part")
      ->check(CLI::Range(0.01, 600.0));
  command->add_option("--policies", options->dir,
                      "Directory with reference.json, reference-rules-table.json and "
                      "reference-applications.json");
  command->callback([options, exit_code] {
    Result<std::vector<Figure>> figures = run_decide_benchmark(options->dir, options->seconds);
    if (!figures.ok()) {
      std::fprintf(stderr, "smecredit bench decide: %s\n", figures.error().to_string().c_str());
      *exit_code = 1;
      return;
    }
    print_figures(options->json, figures.value());
    *exit_code = 0;
  });
}

}  // namespace smecredit::bench
