// `smecredit world features --world DIR --as-of YYYY-MM --out FILE.csv`:
// the training set for the decision models, built the way the platform
// sees an enterprise. For every enterprise of the world, its sections are
// rendered exactly as the provider serves them (connectors::render_section),
// parsed with profile::history_from_sections and turned into the feature
// catalogue as of --as-of — the same code path as the live underwriter, so
// training and serving cannot drift. The label `defaulted` (1 or 0) is the
// world's ground truth for the 12-month window that starts the month after
// --as-of; enterprises without such a window (not yet founded, or already
// defaulted) are left out. Incomputable features are empty cells.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "connectors/consent/consent_token.h"
#include "connectors/provider/provider_routes.h"
#include "connectors/provider/world_store.h"
#include "core/date.h"
#include "profile/features.h"
#include "profile/sections.h"

namespace smecredit::cli {

namespace {

struct FeatureFlags {
  std::string world_dir;
  std::string as_of;
  std::string out;
};

int fail(const Error& error) {
  std::fprintf(stderr, "smecredit world features: %s\n", error.to_string().c_str());
  return kExitFailure;
}

// "YYYY-MM" -> year * 12 + month - 1.
Result<int32_t> month_index(const std::string& text) {
  SC_ASSIGN_OR_RETURN(const Date date, parse_date(text + "-01"));
  return static_cast<int32_t>(date.year()) * 12 +
         static_cast<int32_t>(static_cast<unsigned>(date.month())) - 1;
}

std::string month_text(int32_t index) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", index / 12, index % 12 + 1);
  return text;
}

// enterprise id -> defaulted ("0"/"1") for the window starting `window_start`.
Result<std::map<std::string, std::string>> labels(const std::string& dir,
                                                  const std::string& window_start) {
  std::ifstream in(dir + "/defaults.csv");
  if (!in) return Error{ErrorCode::kNotFound, "no defaults.csv in " + dir};
  std::map<std::string, std::string> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const std::vector<std::string_view> f = connectors::split_csv_line(line);
    if (f.size() != 4) return Error{ErrorCode::kInvalidArgument, "malformed defaults.csv"};
    if (f[1] == window_start) out.emplace(std::string(f[0]), std::string(f[3]));
  }
  return out;
}

Result<profile::SectionDocuments> sections_of(const connectors::WorldStore& world,
                                              std::string_view id) {
  profile::SectionDocuments docs;
  docs.registration = connectors::render_section(world, id, "registration");
  docs.tax = connectors::render_section(world, id, "tax");
  docs.invoices = connectors::render_section(world, id, "invoices");
  docs.flows = connectors::render_section(world, id, "flows");
  docs.judicial = connectors::render_section(world, id, "judicial");
  docs.penalties = connectors::render_section(world, id, "penalties");
  docs.relationships = connectors::render_section(world, id, "relationships");
  return docs;
}

int run_features(const FeatureFlags& flags) {
  const auto began = std::chrono::steady_clock::now();
  const Result<int32_t> as_of = month_index(flags.as_of);
  if (!as_of.ok()) return fail(as_of.error());
  const auto world = connectors::WorldStore::load(flags.world_dir);
  if (!world.ok()) return fail(world.error());
  const auto labelled = labels(flags.world_dir, month_text(as_of.value() + 1));
  if (!labelled.ok()) return fail(labelled.error());
  std::ofstream out(flags.out, std::ios::trunc);
  if (!out) return fail(Error{ErrorCode::kInternal, "cannot write " + flags.out});
  const std::vector<profile::FeatureInfo>& catalogue = profile::feature_catalogue();
  for (const profile::FeatureInfo& feature : catalogue) out << feature.name << ',';
  out << "defaulted\n";
  int64_t rows = 0;
  int64_t bad = 0;
  char cell[40];
  for (const auto& [id, defaulted] : labelled.value()) {
    const auto docs = sections_of(*world.value(), id);
    const auto history = profile::history_from_sections(docs.value());
    if (!history.ok())
      return fail(Error{history.error().code, id + ": " + history.error().message});
    for (const double value : profile::compute_features(history.value(), as_of.value())) {
      if (std::isfinite(value)) {
        std::snprintf(cell, sizeof cell, "%.6g", value);
        out << cell;
      }
      out << ',';
    }
    out << defaulted << '\n';
    ++rows;
    bad += defaulted == "1" ? 1 : 0;
  }
  out.close();
  if (!out) return fail(Error{ErrorCode::kInternal, "cannot write " + flags.out});
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - began;
  std::fprintf(stderr, "world features: %lld rows (%lld defaulted), %zu features, %.2f s\n",
               static_cast<long long>(rows), static_cast<long long>(bad), catalogue.size(),
               elapsed.count());
  return kExitOk;
}

}  // namespace

void add_world_features_command(CLI::App& world, int* exit_code) {
  auto flags = std::make_shared<FeatureFlags>();
  CLI::App* features = world.add_subcommand(
      "features", "The feature catalogue of every enterprise as the provider serves it, labelled");
  features->add_option("--world", flags->world_dir, "Directory written by 'world generate'")
      ->required();
  features->add_option("--as-of", flags->as_of, "Features as of this month, YYYY-MM")->required();
  features->add_option("--out", flags->out, "CSV to write")->required();
  features->callback([flags, exit_code] { *exit_code = run_features(*flags); });
}

}  // namespace smecredit::cli
