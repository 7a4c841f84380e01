// `smecredit world generate --enterprises N --months M --seed S --out DIR`:
// writes the synthetic SME world (connectors/world/world.h) and prints a
// summary (rows per file, seconds). Exit 0: written; 1: a file could not be
// written; 2: usage error.
//
// `smecredit world features --world DIR --as-of YYYY-MM --label-window N
// --out FILE.csv`: the training data of the credit models. For every
// enterprise with a row in defaults.csv for the N-th 12-month window
// (counted from 1) and data by the as-of month, its sections are rendered
// exactly as the provider serves them (render_section), parsed as the live
// underwriter parses them (profile::history_from_sections) and the feature
// catalogue computed as of --as-of; one CSV row: enterprise_id, every
// feature by catalogue name as the policy receives it (4 decimals; empty when
// not computable), and `defaulted` (the ground truth for the window). The
// window must start after --as-of; enterprises founded after it are left out.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "connectors/provider/provider_routes.h"
#include "connectors/provider/world_store.h"
#include "connectors/world/world.h"
#include "core/date.h"
#include "profile/features.h"
#include "profile/sections.h"
#include "underwriting/inputs.h"

namespace smecredit::cli {

namespace {

struct WorldFlags {
  world::WorldOptions options;
  std::string start = "2023-01";
  bool json = false;
};

Status parse_start(const std::string& text, world::WorldOptions& options) {
  SC_ASSIGN_OR_RETURN(const Date date, parse_date(text + "-01"));
  options.start_year = static_cast<int>(date.year());
  options.start_month = static_cast<int>(static_cast<unsigned>(date.month()));
  return ok_status();
}

void print_summary(const world::WorldSummary& summary, double seconds, bool json) {
  if (json) {
    std::printf(
        "{\"enterprises\":%lld,\"persons\":%lld,\"months\":%d,\"defaults\":%lld,\"seconds\":%.3f,"
        "\"files\":[",
        static_cast<long long>(summary.enterprises), static_cast<long long>(summary.persons),
        summary.months, static_cast<long long>(summary.defaults), seconds);
    for (size_t i = 0; i < summary.files.size(); ++i) {
      std::printf("%s{\"name\":\"%s\",\"rows\":%lld,\"bytes\":%lld}", i == 0 ? "" : ",",
                  summary.files[i].name.c_str(), static_cast<long long>(summary.files[i].rows),
                  static_cast<long long>(summary.files[i].bytes));
    }
    std::printf("]}\n");
    return;
  }
  std::printf("world: %lld enterprises, %lld persons, %d months, %lld defaults, %.2f s\n",
              static_cast<long long>(summary.enterprises), static_cast<long long>(summary.persons),
              summary.months, static_cast<long long>(summary.defaults), seconds);
  for (const world::FileSummary& file : summary.files) {
    std::printf("  %-18s %12lld rows %14lld bytes\n", file.name.c_str(),
                static_cast<long long>(file.rows), static_cast<long long>(file.bytes));
  }
}

int run_generate(WorldFlags& flags) {
  const Status start = parse_start(flags.start, flags.options);
  const Status valid = start.ok() ? world::validate_options(flags.options) : start;
  if (!valid.ok()) {
    std::fprintf(stderr, "smecredit world generate: %s\n", valid.error().to_string().c_str());
    return kExitUsage;
  }
  const auto began = std::chrono::steady_clock::now();
  const Result<world::WorldSummary> summary = world::generate_world(flags.options);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - began;
  if (!summary.ok()) {
    std::fprintf(stderr, "smecredit world generate: %s\n", summary.error().to_string().c_str());
    return kExitFailure;
  }
  print_summary(summary.value(), elapsed.count(), flags.json);
  return kExitOk;
}

struct FeaturesFlags {
  std::string world_dir;
  std::string as_of;
  int label_window = 0;
  std::string out;
};

struct LabelRow {
  std::string enterprise_id;
  bool defaulted = false;
};

// Year * 12 + month - 1 of "YYYY-MM".
Result<int32_t> month_index_of(const std::string& text) {
  SC_ASSIGN_OR_RETURN(const Date date, parse_date(text + "-01"));
  return static_cast<int32_t>(static_cast<int>(date.year()) * 12 +
                              static_cast<int>(static_cast<unsigned>(date.month())) - 1);
}

// The rows of defaults.csv for the window'th distinct window_start (from 1),
// and that start month.
Result<std::vector<LabelRow>> label_rows(const std::filesystem::path& path, int window,
                                         std::string* window_start) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "cannot read " + path.string()};
  std::vector<std::vector<std::string>> rows;
  std::set<std::string> starts;
  std::string line;
  std::getline(in, line);
  for (int64_t number = 2; std::getline(in, line); ++number) {
    std::vector<std::string> fields;
    std::stringstream text(line);
    for (std::string field; std::getline(text, field, ',');) fields.push_back(field);
    if (fields.size() != 4 || (fields[3] != "0" && fields[3] != "1")) {
      return Error{ErrorCode::kInvalidArgument,
                   path.string() + ": line " + std::to_string(number) + " is malformed"};
    }
    starts.insert(fields[1]);
    rows.push_back(std::move(fields));
  }
  if (window > static_cast<int>(starts.size())) {
    return Error{ErrorCode::kInvalidArgument, "the world has " + std::to_string(starts.size()) +
                                                  " label windows, not " + std::to_string(window)};
  }
  *window_start = *std::next(starts.begin(), window - 1);
  std::vector<LabelRow> out;
  for (const auto& fields : rows) {
    if (fields[1] == *window_start) out.push_back({fields[0], fields[3] == "1"});
  }
  return out;
}

// A feature value as a CSV cell, exactly as the live underwriter hands it to
// the policy (underwriting::feature_value: 4 decimals, null beyond the
// range), so the models train on the numbers they will score; empty when null.
void append_cell(std::string& out, double value) {
  out.push_back(',');
  const decision::Value cell = underwriting::feature_value(value);
  if (cell.is_null()) return;
  std::string text = cell.as_number().to_string();
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  out += text;
}

int run_features(const FeaturesFlags& flags) {
  const auto usage = [](const std::string& message) {
    std::fprintf(stderr, "smecredit world features: %s\n", message.c_str());
    return kExitUsage;
  };
  const Result<int32_t> as_of = month_index_of(flags.as_of);
  if (!as_of.ok()) return usage("--as-of " + flags.as_of + " is not a month YYYY-MM");
  std::string window_start;
  const Result<std::vector<LabelRow>> labels = label_rows(
      std::filesystem::path(flags.world_dir) / "defaults.csv", flags.label_window, &window_start);
  if (!labels.ok()) return usage(labels.error().message);
  const Result<int32_t> start = month_index_of(window_start.substr(0, 7));
  if (!start.ok()) return usage("defaults.csv: window_start " + window_start + " is not a month");
  if (start.value() <= as_of.value()) {
    return usage("label window " + std::to_string(flags.label_window) + " starts " + window_start +
                 ", not after --as-of " + flags.as_of);
  }
  const auto world = connectors::WorldStore::load(flags.world_dir);
  if (!world.ok()) return usage(world.error().to_string());

  std::string out = "enterprise_id";
  for (const profile::FeatureInfo& feature : profile::feature_catalogue()) {
    out += "," + feature.name;
  }
  out += ",defaulted\n";
  int64_t rows = 0, defaults = 0, not_yet_founded = 0;
  for (const LabelRow& label : labels.value()) {
    const auto render = [&](const char* section) {
      return connectors::render_section(*world.value(), label.enterprise_id, section);
    };
    const profile::SectionDocuments docs{
        render("registration"), render("tax"),       render("invoices"),     render("flows"),
        render("judicial"),     render("penalties"), render("relationships")};
    const Result<profile::EnterpriseHistory> history = profile::history_from_sections(docs);
    if (!history.ok()) {
      std::fprintf(stderr, "smecredit world features: %s: %s\n", label.enterprise_id.c_str(),
                   history.error().to_string().c_str());
      return kExitFailure;
    }
    if (history.value().founded_month_index > as_of.value()) {
      ++not_yet_founded;
      continue;
    }
    out += label.enterprise_id;
    for (const double value : profile::compute_features(history.value(), as_of.value())) {
      append_cell(out, value);
    }
    out += label.defaulted ? ",1\n" : ",0\n";
    ++rows;
    defaults += label.defaulted ? 1 : 0;
  }
  std::ofstream file(flags.out, std::ios::binary | std::ios::trunc);
  file << out;
  if (!file) {
    std::fprintf(stderr, "smecredit world features: cannot write %s\n", flags.out.c_str());
    return kExitFailure;
  }
  std::printf(
      "%lld rows (%lld defaulted in the window from %s; %lld founded after %s left out) -> %s\n",
      static_cast<long long>(rows), static_cast<long long>(defaults), window_start.c_str(),
      static_cast<long long>(not_yet_founded), flags.as_of.c_str(), flags.out.c_str());
  return kExitOk;
}

void add_features(CLI::App& world, int* exit_code) {
  auto flags = std::make_shared<FeaturesFlags>();
  CLI::App* features = world.add_subcommand(
      "features", "Training data: the feature catalogue as of a month, labelled by a window");
  features->add_option("--world", flags->world_dir, "World directory (world generate --out)")
      ->required()
      ->check(CLI::ExistingDirectory);
  features->add_option("--as-of", flags->as_of, "Features as of this month, YYYY-MM")->required();
  features
      ->add_option("--label-window", flags->label_window,
                   "The 12-month window of defaults.csv to label by, counted from 1")
      ->required()
      ->check(CLI::Range(1, 20));
  features->add_option("--out", flags->out, "CSV file to write")->required();
  features->callback([flags, exit_code] { *exit_code = run_features(*flags); });
}

}  // namespace

void add_world_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<WorldFlags>();
  CLI::App* world = app.add_subcommand("world", "The synthetic SME world");
  world->require_subcommand(1);
  CLI::App* generate =
      world->add_subcommand("generate", "Generate a deterministic synthetic world");
  world::WorldOptions& o = flags->options;
  generate->add_option("--enterprises", o.enterprises, "Number of enterprises")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  generate->add_option("--months", o.months, "Months of series")->check(CLI::Range(1, 240));
  generate->add_option("--seed", o.seed, "Seed (same seed, byte-identical output)");
  generate->add_option("--start", flags->start, "First month, YYYY-MM");
  generate->add_option("--out", o.out_dir, "Output directory")->required();
  generate
      ->add_option("--threads", o.threads,
                   "Worker threads (0: all cores); output does not depend on it")
      ->check(CLI::Range(0, 64));
  generate
      ->add_option("--missing-month-bp", o.quality.missing_month_bp,
                   "Missing enterprise-months, basis points")
      ->check(CLI::Range(int64_t{0}, int64_t{10000}));
  generate
      ->add_option("--invoice-tax-mismatch-bp", o.quality.invoice_tax_mismatch_bp,
                   "Enterprises under-declaring the tax base, basis points")
      ->check(CLI::Range(int64_t{0}, int64_t{10000}));
  generate
      ->add_option("--inflated-revenue-bp", o.quality.inflated_revenue_bp,
                   "Enterprises inflating self-declared revenue, basis points")
      ->check(CLI::Range(int64_t{0}, int64_t{10000}));
  generate
      ->add_option("--fabricated-identity-bp", o.quality.fabricated_identity_bp,
                   "Fraud-ring legal representatives with fabricated identities, basis points")
      ->check(CLI::Range(int64_t{0}, int64_t{10000}));
  generate->add_flag("--json", flags->json, "Print the summary as one JSON object");
  generate->callback([flags, exit_code] { *exit_code = run_generate(*flags); });
  add_features(*world, exit_code);
}

}  // namespace smecredit::cli
