// `smecredit policy validate FILE` and `smecredit policy simulate --policy
// FILE --applications FILE [--as-of DATE] [--segment INPUT] [--json]`.
//
// validate compiles the policy (src/decision/policy/policy.h) and prints a
// summary and the lint of its decision tables (gaps, overlaps), or the first error with its JSON
// pointer and line:column (exit 1). simulate decides every application of a JSON array and reports
// the approval, refer and decline rates, the average limit and rate of the approvals, the
// expected bad rate (the mean "pd" output of approvals), with --label the realised bad rate of
// approvals, the reasons, with --segment the same per value of an input, and with --against
// the swap set against the active policy. Models: --models DIR, or the reference placeholders
// of src/decision/reference_models.h.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "decision/expr/arith.h"
#include "decision/model/csv.h"
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

// What a set of decisions came to. Bad rates: expected = the mean of the
// policy's "pd" output over approvals (when it has one); realised = the share
// of labelled approvals whose label says bad (when --label names one).
struct Tally {
  int64_t decisions = 0;
  int64_t approved = 0;
  int64_t referred = 0;
  int64_t declined = 0;
  int64_t limit_minor = 0;
  Decimal rate_sum;
  int64_t with_pd = 0;
  Decimal pd_sum;
  int64_t labelled = 0;
  int64_t bad = 0;

  void add(const decision::Decision& d, std::optional<bool> is_bad) {
    ++decisions;
    referred += d.verdict == decision::Verdict::kRefer ? 1 : 0;
    declined += d.verdict == decision::Verdict::kDecline ? 1 : 0;
    if (d.verdict != decision::Verdict::kApprove) return;
    ++approved;
    limit_minor += d.offer.limit.minor_units();
    rate_sum = decision::decimal_add(rate_sum, d.offer.annual_rate).value();
    for (const auto& [name, value] : d.outputs) {
      if (name != "pd" || value.kind() != decision::ValueKind::kNumber) continue;
      ++with_pd;
      pd_sum = decision::decimal_add(pd_sum, value.as_number()).value();
    }
    if (is_bad) {
      ++labelled;
      bad += *is_bad ? 1 : 0;
    }
  }

  static std::string ratio(const Decimal& numerator, int64_t denominator) {
    return decision::decimal_divide(numerator, Decimal::from_int(std::max<int64_t>(denominator, 1)),
                                    4, Rounding::kHalfEven)
        .value()
        .to_string();
  }

  std::string json() const {
    auto share = [this](int64_t n) { return ratio(Decimal::from_int(n), decisions); };
    const int64_t n = approved == 0 ? 1 : approved;
    const Money avg_limit = Money::from_minor_units(limit_minor / n, kCny);
    const Decimal avg_rate =
        decision::decimal_divide(rate_sum, Decimal::from_int(n), 6, Rounding::kHalfEven).value();
    std::string out =
        "{\"decisions\":" + std::to_string(decisions) + ",\"approval_rate\":" + share(approved) +
        ",\"refer_rate\":" + share(referred) + ",\"decline_rate\":" + share(declined) +
        ",\"average_limit\":\"" + avg_limit.to_string() + "\",\"average_rate\":\"" +
        avg_rate.to_string() + "\"";
    if (with_pd > 0) out += ",\"expected_bad_rate\":" + ratio(pd_sum, with_pd);
    if (labelled > 0) {
      out += ",\"labelled_approvals\":" + std::to_string(labelled) +
             ",\"realised_bad_rate\":" + ratio(Decimal::from_int(bad), labelled);
    }
    return out + "}";
  }
};

// Decisions against the active policy: who would newly be approved (swap
// in), who would no longer be (swap out), and how many both approve.
struct SwapSet {
  Tally swap_in;   // approved by --policy, not by --against (tallied as --policy decided)
  Tally swap_out;  // approved by --against, not by --policy (tallied as --against decided)
  int64_t both_approve = 0;
  int64_t neither_approves = 0;

  void add(const decision::Decision& candidate, const decision::Decision& active,
           std::optional<bool> is_bad) {
    const bool in = candidate.verdict == decision::Verdict::kApprove;
    const bool was = active.verdict == decision::Verdict::kApprove;
    if (in && !was) swap_in.add(candidate, is_bad);
    if (was && !in) swap_out.add(active, is_bad);
    both_approve += in && was ? 1 : 0;
    neither_approves += !in && !was ? 1 : 0;
  }

  std::string json(const std::string& against) const {
    return "{\"against\":\"" + against + "\",\"swap_in\":" + swap_in.json() +
           ",\"swap_out\":" + swap_out.json() +
           ",\"both_approve\":" + std::to_string(both_approve) +
           ",\"neither_approves\":" + std::to_string(neither_approves) + "}";
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
  std::string against;
  std::string models_dir;
  std::string applications;
  std::string as_of;
  std::string segment;
  std::string label;
  std::vector<std::string> set;
  std::vector<std::string> drop;
  bool json = false;
};

std::shared_ptr<const decision::CompiledPolicy> compile_file(const std::string& flag,
                                                             const std::string& path,
                                                             const decision::ModelCatalog& models) {
  auto policy = decision::compile_policy(read_file(flag, path), models);
  if (!policy.ok()) throw CLI::ValidationError(flag, policy.error().message);
  return std::move(policy).value();
}

// The application without its label field, and the label: true for bad
// (1, true, "1", "bad", "yes"), false for good, nullopt when absent or null.
std::pair<decision::Value, std::optional<bool>> split_label(const decision::Value& app,
                                                            const std::string& label) {
  if (label.empty() || app.kind() != decision::ValueKind::kObject) return {app, std::nullopt};
  decision::ValueFields fields;
  std::optional<bool> is_bad;
  for (const auto& [name, value] : app.as_object()) {
    if (name != label) {
      fields.emplace_back(name, value);
    } else if (value.kind() == decision::ValueKind::kBool) {
      is_bad = value.as_bool();
    } else if (value.kind() == decision::ValueKind::kNumber) {
      is_bad = !value.as_number().is_zero();
    } else if (value.kind() == decision::ValueKind::kString) {
      const std::string& t = value.as_string();
      is_bad = t == "1" || t == "bad" || t == "yes" || t == "true";
    }
  }
  return {decision::Value::object(std::move(fields)), is_bad};
}

Date today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(days);
}

// One CSV cell as a value: empty is null, true/false are booleans, exact
// decimals are numbers, anything else a string.
decision::Value csv_cell(std::string_view cell) {
  if (cell.empty()) return decision::Value();
  if (cell == "true" || cell == "false") return decision::Value::boolean(cell == "true");
  auto number = Decimal::parse(cell);
  if (number.ok()) return decision::Value::number(number.value());
  return decision::Value::string(std::string(cell));
}

// A CSV file (a header of field names; `world features` writes one) as an
// array of application objects.
decision::Value applications_from_csv(const std::string& text) {
  auto table = model::parse_csv(text);
  if (!table.ok()) throw CLI::ValidationError("--applications", table.error().message);
  decision::ValueArray rows;
  for (const std::vector<std::string>& cells : table.value().rows) {
    decision::ValueFields fields;
    for (size_t i = 0; i < cells.size(); ++i) {
      fields.emplace_back(table.value().header[i], csv_cell(cells[i]));
    }
    rows.push_back(decision::Value::object(std::move(fields)));
  }
  return decision::Value::array(std::move(rows));
}

// The applications of --applications (a JSON array, or CSV by extension),
// each with the --set fields added or replaced and the --drop fields
// (identifiers the policy does not read) removed.
decision::Value load_applications(const SimulateFlags& flags) {
  const std::string text = read_file("--applications", flags.applications);
  decision::Value apps;
  if (flags.applications.ends_with(".csv")) {
    apps = applications_from_csv(text);
  } else {
    auto parsed = decision::parse_json_value(text);
    if (!parsed.ok() || parsed.value().kind() != decision::ValueKind::kArray) {
      throw CLI::ValidationError("--applications", "needs a JSON array of applications or a CSV");
    }
    apps = std::move(parsed).value();
  }
  if (flags.set.empty() && flags.drop.empty()) return apps;
  decision::ValueFields extra;
  for (const std::string& assignment : flags.set) {
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw CLI::ValidationError("--set", "NAME=VALUE, got '" + assignment + "'");
    }
    auto value = decision::parse_json_value(assignment.substr(equals + 1));
    extra.emplace_back(
        assignment.substr(0, equals),
        value.ok() ? value.value() : decision::Value::string(assignment.substr(equals + 1)));
  }
  decision::ValueArray out;
  for (const decision::Value& app : apps.as_array()) {
    if (app.kind() != decision::ValueKind::kObject) {
      throw CLI::ValidationError("--applications", "every application is an object");
    }
    decision::ValueFields fields;
    for (const auto& field : app.as_object()) {
      const std::string& name = field.first;
      const bool replaced =
          std::any_of(extra.begin(), extra.end(), [&](const auto& e) { return e.first == name; });
      const bool dropped =
          std::find(flags.drop.begin(), flags.drop.end(), name) != flags.drop.end();
      if (!replaced && !dropped) fields.push_back(field);
    }
    fields.insert(fields.end(), extra.begin(), extra.end());
    out.push_back(decision::Value::object(std::move(fields)));
  }
  return decision::Value::array(std::move(out));
}

Result<decision::Decision> decide(const decision::CompiledPolicy& policy,
                                  const decision::Value& app, Date as_of) {
  SC_ASSIGN_OR_RETURN(const std::vector<decision::Value> inputs, policy.bind_inputs(app));
  return policy.decide(inputs, as_of);
}

int run_simulate(const SimulateFlags& flags) {
  const decision::ModelCatalog models = models_for(flags.models_dir);
  const auto policy = compile_file("--policy", flags.policy, models);
  std::shared_ptr<const decision::CompiledPolicy> against;
  if (!flags.against.empty()) against = compile_file("--against", flags.against, models);
  const decision::Value apps = load_applications(flags);
  Date as_of = today_utc();
  if (!flags.as_of.empty()) {
    auto parsed = parse_date(flags.as_of);
    if (!parsed.ok()) throw CLI::ValidationError("--as-of", "needs YYYY-MM-DD");
    as_of = parsed.value();
  }
  Tally all;
  SwapSet swaps;
  std::map<std::string, Tally> segments;
  std::map<std::string, int64_t> reasons;
  int64_t index = 0;
  for (const decision::Value& raw : apps.as_array()) {
    const auto [app, is_bad] = split_label(raw, flags.label);
    auto d = decide(*policy, app, as_of);
    if (!d.ok()) {
      std::fprintf(stderr, "simulate: application %lld: %s\n", static_cast<long long>(index),
                   d.error().message.c_str());
      return kExitFailure;
    }
    ++index;
    all.add(d.value(), is_bad);
    if (against) {
      auto active = decide(*against, app, as_of);
      if (!active.ok()) {
        std::fprintf(stderr, "simulate: --against: %s\n", active.error().message.c_str());
        return kExitFailure;
      }
      swaps.add(d.value(), active.value(), is_bad);
    }
    if (!flags.segment.empty()) {
      const decision::Value key = app.field(flags.segment);
      segments[key.kind() == decision::ValueKind::kString ? key.as_string() : key.to_json()].add(
          d.value(), is_bad);
    }
    for (const std::string& r : d.value().reasons) ++reasons[r];
  }
  std::string out =
      "{\"policy\":\"" + policy->id() + "\",\"all\":" + all.json() + ",\"segments\":{";
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
  out += "}";
  if (against) out += ",\"swap_set\":" + swaps.json(against->id());
  out += "}\n";
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
  simulate
      ->add_option("--applications", flags->applications,
                   "A JSON array of applications, or a CSV file (world features writes one)")
      ->required();
  simulate->add_option("--models", flags->models_dir,
                       "Model files the policy calls (default: the reference placeholders)");
  simulate->add_option("--as-of", flags->as_of, "The decision date (default: today, UTC)");
  simulate->add_option("--segment", flags->segment, "An input to report by, e.g. sector");
  simulate->add_option("--label", flags->label,
                       "A field of each application that is 1 (or true, \"bad\") when it went "
                       "bad: reports the realised bad rate of approvals");
  simulate->add_option("--set", flags->set,
                       "NAME=VALUE (JSON, or else a string) added to every application, e.g. "
                       "requested=300000");
  simulate
      ->add_option("--drop", flags->drop,
                   "Fields to remove from every application, e.g. enterprise_id")
      ->delimiter(',');
  simulate->add_option("--against", flags->against,
                       "The active policy: reports the swap set (who is newly approved, who no "
                       "longer is)");
  simulate->add_flag("--json", flags->json, "Print one JSON object (the only format)");
  simulate->callback([flags, exit_code] { *exit_code = run_simulate(*flags); });
}

}  // namespace smecredit::cli
