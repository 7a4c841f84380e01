// `smecredit world generate --enterprises N --months M --seed S --out DIR`:
// writes the synthetic SME world (connectors/world/world.h) and prints a
// summary (rows per file, seconds). Exit 0: written; 1: a file could not be
// written; 2: usage error.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "connectors/world/world.h"
#include "core/date.h"

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
  add_world_features_command(*world, exit_code);
}

}  // namespace smecredit::cli
