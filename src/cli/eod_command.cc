// `smecredit eod --db PATH --date YYYY-MM-DD`: the end-of-day batch
// (servicing/eod.h) over the SQLite database at PATH, catching up every date
// after the last completed one. A progress bar goes to stdout only when it is
// a terminal. Exit 0: every date completed; 1: the batch failed (rerunning
// resumes it); 2: usage error.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/open_store.h"
#include "cli/system_clock.h"
#include "servicing/eod.h"

namespace smecredit::cli {

namespace {

struct EodFlags {
  std::string db_path;
  std::string date;
  int64_t chunk_size = 10'000;
  bool json = false;
};

void print_progress(Date date, int64_t done, int64_t total) {
  constexpr int kWidth = 40;
  const int filled = total > 0 ? static_cast<int>(done * kWidth / total) : kWidth;
  std::printf("\r%s [%s%s] %lld/%lld", format_date(date).c_str(), std::string(filled, '#').c_str(),
              std::string(kWidth - std::min(filled, kWidth), ' ').c_str(),
              static_cast<long long>(done), static_cast<long long>(total));
  if (done >= total) std::printf("\n");
  std::fflush(stdout);
}

void print_report(const servicing::EodReport& report, bool json) {
  const std::string last =
      report.dates_completed.empty() ? "" : format_date(report.dates_completed.back());
  if (json) {
    std::printf(
        "{\"dates_completed\":%zu,\"last_date\":\"%s\",\"loans_processed\":%lld,"
        "\"accruals_posted\":%lld,\"loans_failed\":%lld}\n",
        report.dates_completed.size(), last.c_str(), static_cast<long long>(report.loans_processed),
        static_cast<long long>(report.accruals_posted),
        static_cast<long long>(report.loans_failed));
    return;
  }
  std::printf("eod: %zu date(s) completed%s%s, %lld loan-dates, %lld accruals, %lld failed\n",
              report.dates_completed.size(), last.empty() ? "" : " up to ", last.c_str(),
              static_cast<long long>(report.loans_processed),
              static_cast<long long>(report.accruals_posted),
              static_cast<long long>(report.loans_failed));
}

int run_eod_command(const EodFlags& flags) {
  const Result<Date> date = parse_date(flags.date);
  if (!date.ok()) {
    std::fprintf(stderr, "smecredit eod: --date: %s\n", date.error().to_string().c_str());
    return kExitUsage;
  }
  const SystemClock clock;
  auto store = open_migrated_store({.path = flags.db_path}, clock.now());
  if (!store.ok()) {
    std::fprintf(stderr, "smecredit eod: %s\n", store.error().to_string().c_str());
    return kExitFailure;
  }
  servicing::EodOptions options;
  options.chunk_size = flags.chunk_size;
  if (isatty(STDOUT_FILENO) != 0 && !flags.json) options.on_progress = print_progress;
  const Result<servicing::EodReport> report =
      servicing::run_eod(*store.value().store, date.value(), clock.now(), options);
  if (!report.ok()) {
    std::fprintf(stderr, "smecredit eod: %s\n", report.error().to_string().c_str());
    return kExitFailure;
  }
  print_report(report.value(), flags.json);
  return kExitOk;
}

}  // namespace

void add_eod_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<EodFlags>();
  CLI::App* command =
      app.add_subcommand("eod", "Run the end-of-day batch for a business date (catching up)");
  command->add_option("--db", flags->db_path, "SQLite database file")->required();
  command->add_option("--date", flags->date, "Business date, YYYY-MM-DD")->required();
  command->add_option("--chunk-size", flags->chunk_size, "Loans per store transaction")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000}));
  command->add_flag("--json", flags->json, "Print the report as one JSON object");
  command->callback([flags, exit_code] { *exit_code = run_eod_command(*flags); });
}

}  // namespace smecredit::cli
