// `smecredit bench decide`: the reference policy (policies/reference.json,
// with the placeholder models until smecredit_model is merged) deciding the
// reference applications on one core, each decision recorded (input
// snapshot and its SHA-256 included). Prints decisions per second and the
// p50/p99 latency of one decision, and the same for the knock-out rules and
// the decision table alone (policies/reference-rules-table.json, decide()
// without a record), the part compared with GoRules ZEN (bench/peers/zen/).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "bench/benchmarks.h"
#include "decision/policy/json_reader.h"
#include "decision/record/record.h"
#include "decision/reference_models.h"

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

// With `record`, each decision also builds its record (snapshot + SHA-256).
Result<Measured> measure(const decision::CompiledPolicy& policy,
                         const std::vector<std::vector<decision::Value>>& inputs, Date as_of,
                         double seconds, bool record) {
  std::vector<double> latencies_us;
  Measured m;
  const auto budget = std::chrono::duration<double>(seconds);
  const auto start = SteadyClock::now();
  while (SteadyClock::now() - start < budget) {
    for (const auto& application : inputs) {
      const auto t0 = SteadyClock::now();
      decision::Verdict verdict = decision::Verdict::kRefer;
      if (record) {
        SC_ASSIGN_OR_RETURN(decision::DecisionRecord r,
                            decision::record_decision(policy, application, as_of, "champion"));
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
  const decision::ModelCatalog models = decision::reference_placeholder_models();
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
  SC_ASSIGN_OR_RETURN(Measured full, measure(*policy, full_inputs, as_of, seconds, true));
  SC_ASSIGN_OR_RETURN(Measured part, measure(*rules, rules_inputs, as_of, seconds, false));
  return std::vector<Figure>{
      {"decisions_per_s", full.per_s},
      {"p50_us", full.p50_us},
      {"p99_us", full.p99_us},
      {"approve_share", static_cast<double>(full.approved) / static_cast<double>(full.decisions)},
      {"rules_table_per_s", part.per_s},
      {"rules_table_p50_us", part.p50_us},
      {"rules_table_p99_us", part.p99_us},
      {"compile_ms", compile_ms},
      {"models", std::string("placeholder (linear) until smecredit_model is merged")},
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
