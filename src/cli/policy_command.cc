// `smecredit policy validate FILE` and `smecredit policy simulate --policy
// FILE --applications FILE [--as-of DATE] [--segment INPUT] [--json]`.
//
// validate compiles the policy (src/decision/policy/policy.h) and prints a
// summary and the lint of its decision tables (gaps, overlaps), or the first error with its JSON
// pointer and line:column (exit 1). simulate decides every application of a JSON array and reports
// the approval, refer and decline rates, the average limit and rate of the approvals, the reasons
// and, with --segment, the same per value of an input. Models are the placeholders of
// src/decision/reference_models.h until the models library is merged.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "decision/expr/arith.h"
#include "decision/model/score_models.h"
#include "decision/policy/json_reader.h"
#include "decision/record/record.h"
#include "decision/reference_models.h"

namespace smecredit::cli {

namespace {

std::string read_file(const std::string& flag, const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) throw CLI::ValidationError(flag, "cannot read " + path);
  return text.str();
}

struct Tally {
  int64_t decisions = 0;
  int64_t approved = 0;
  int64_t referred = 0;
  int64_t declined = 0;
  int64_t limit_minor = 0;
  Decimal rate_sum;

  void add(const decision::Decision& d) {
    ++decisions;
    if (d.verdict == decision::Verdict::kApprove) {
      ++approved;
      limit_minor += d.offer.limit.minor_units();
      rate_sum = decision::decimal_add(rate_sum, d.offer.annual_rate).value();
    }
    referred += d.verdict == decision::Verdict::kRefer ? 1 : 0;
    declined += d.verdict == decision::Verdict::kDecline ? 1 : 0;
  }

  std::string json() const {
    auto share = [this](int64_t n) {
      return decision::decimal_divide(Decimal::from_int(n), Decimal::from_int(decisions), 4,
                                      Rounding::kHalfEven)
          .value()
          .to_string();
    };
    const int64_t n = approved == 0 ? 1 : approved;
    const Money avg_limit = Money::from_minor_units(limit_minor / n, kCny);
    const Decimal avg_rate =
        decision::decimal_divide(rate_sum, Decimal::from_int(n), 6, Rounding::kHalfEven).value();
    return "{\"decisions\":" + std::to_string(decisions) + ",\"approval_rate\":" + share(approved) +
           ",\"refer_rate\":" + share(referred) + ",\"decline_rate\":" + share(declined) +
           ",\"average_limit\":\"" + avg_limit.to_string() + "\",\"average_rate\":\"" +
           avg_rate.to_string() + "\"}";
  }
};

// The models a policy is compiled with: the model files in `dir`, or without
// one the reference policy's placeholder models.
decision::ModelCatalog models_for(const std::string& dir) {
  if (dir.empty()) return decision::reference_placeholder_models();
  auto catalog = model::load_model_catalog(dir);
  if (!catalog.ok()) throw CLI::ValidationError("--models", catalog.error().message);
  return std::move(catalog).value();
}

int run_validate(const std::string& path, const std::string& models_dir) {
  const std::string text = read_file("FILE", path);
  auto policy = decision::compile_policy(text, models_for(models_dir));
  if (!policy.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), policy.error().message.c_str());
    return kExitFailure;
  }
  std::printf("ok: %s\n", policy.value()->summary().c_str());
  for (const auto& [pointer, report] : policy.value()->lint_tables()) {
    std::printf("lint %s: %llu gaps, %llu overlaps%s\n", pointer.c_str(),
                static_cast<unsigned long long>(report.gap_count),
                static_cast<unsigned long long>(report.overlap_count),
                report.exhaustive ? "" : " (too large to check)");
    for (const std::string& gap : report.gaps) std::printf("  gap: %s\n", gap.c_str());
    for (const std::string& overlap : report.overlaps) {
      std::printf("  overlap: %s\n", overlap.c_str());
    }
  }
  return kExitOk;
}

struct SimulateFlags {
  std::string policy;
  std::string models_dir;
  std::string applications;
  std::string as_of;
  std::string segment;
  bool json = false;
};

Date today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(days);
}

int run_simulate(const SimulateFlags& flags) {
  auto policy =
      decision::compile_policy(read_file("--policy", flags.policy), models_for(flags.models_dir));
  if (!policy.ok()) throw CLI::ValidationError("--policy", policy.error().message);
  auto apps = decision::parse_json_value(read_file("--applications", flags.applications));
  if (!apps.ok() || apps.value().kind() != decision::ValueKind::kArray) {
    throw CLI::ValidationError("--applications", "needs a JSON array of applications");
  }
  Date as_of = today_utc();
  if (!flags.as_of.empty()) {
    auto parsed = parse_date(flags.as_of);
    if (!parsed.ok()) throw CLI::ValidationError("--as-of", "needs YYYY-MM-DD");
    as_of = parsed.value();
  }
  Tally all;
  std::map<std::string, Tally> segments;
  std::map<std::string, int64_t> reasons;
  for (const decision::Value& app : apps.value().as_array()) {
    auto inputs = policy.value()->bind_inputs(app);
    if (!inputs.ok()) throw CLI::ValidationError("--applications", inputs.error().message);
    auto d = policy.value()->decide(inputs.value(), as_of);
    if (!d.ok()) {
      std::fprintf(stderr, "simulate: %s\n", d.error().message.c_str());
      return kExitFailure;
    }
    all.add(d.value());
    if (!flags.segment.empty()) {
      const decision::Value key = app.field(flags.segment);
      segments[key.kind() == decision::ValueKind::kString ? key.as_string() : key.to_json()].add(
          d.value());
    }
    for (const std::string& r : d.value().reasons) ++reasons[r];
  }
  std::string out =
      "{\"policy\":\"" + policy.value()->id() + "\",\"all\":" + all.json() + ",\"segments\":{";
  bool first = true;
  for (const auto& [name, tally] : segments) {
    if (!first) out.push_back(',');
    out += decision::Value::string(name).to_json();
    out.push_back(':');
    out += tally.json();
    first = false;
  }
  out += "},\"reasons\":{";
  first = true;
  for (const auto& [name, count] : reasons) {
    if (!first) out.push_back(',');
    out += decision::Value::string(name).to_json();
    out.push_back(':');
    out += std::to_string(count);
    first = false;
  }
  out += "}}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_policy_command(CLI::App& app, int* exit_code) {
  CLI::App* policy = app.add_subcommand("policy", "Validate or simulate a decision policy");
  policy->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto models = std::make_shared<std::string>();
  CLI::App* validate = policy->add_subcommand("validate", "Compile a policy and report errors");
  validate->add_option("FILE", *file, "The policy JSON")->required();
  validate->add_option("--models", *models,
                       "Model files the policy calls (default: the reference placeholders)");
  validate->callback([file, models, exit_code] { *exit_code = run_validate(*file, *models); });

  auto flags = std::make_shared<SimulateFlags>();
  CLI::App* simulate =
      policy->add_subcommand("simulate", "Decide a file of applications and report the rates");
  simulate->add_option("--policy", flags->policy, "The policy JSON")->required();
  simulate->add_option("--applications", flags->applications, "A JSON array of applications")
      ->required();
  simulate->add_option("--models", flags->models_dir,
                       "Model files the policy calls (default: the reference placeholders)");
  simulate->add_option("--as-of", flags->as_of, "The decision date (default: today, UTC)");
  simulate->add_option("--segment", flags->segment, "An input to report by, e.g. sector");
  simulate->add_flag("--json", flags->json, "Print one JSON object (the only format)");
  simulate->callback([flags, exit_code] { *exit_code = run_simulate(*flags); });
}

}  // namespace smecredit::cli
