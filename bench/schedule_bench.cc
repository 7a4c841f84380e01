// `smecredit bench schedule`: repayment schedules generated per second on one
// core, for the reference loan (5,000.00 at 12%, 18 monthly equal
// installments rounded to whole yuan).
#include <chrono>

#include "bench/benchmarks.h"
#include "loan/schedule.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

loan::ScheduleTerms reference_terms() {
  loan::ScheduleTerms terms;
  terms.principal = Money::from_minor_units(500'000, kCny);
  terms.annual_rate_percent = Decimal::from_int(12);
  terms.installments = 18;
  terms.start = parse_date("2022-11-01").value();
  terms.first_due = parse_date("2022-12-01").value();
  terms.installment_multiple = 1;
  return terms;
}

std::vector<Figure> run_schedule_benchmark(double seconds) {
  loan::ScheduleTerms terms = reference_terms();
  const auto budget = std::chrono::duration<double>(seconds);
  int64_t schedules = 0;
  int64_t checksum = 0;
  const auto start = SteadyClock::now();
  auto elapsed = SteadyClock::duration::zero();
  while (elapsed < budget) {
    for (int i = 0; i < 1000; ++i) {
      terms.principal = Money::from_minor_units(500'000 + (schedules % 1000), kCny);
      checksum += loan::generate_schedule(terms).value().total_interest.minor_units();
      ++schedules;
    }
    elapsed = SteadyClock::now() - start;
  }
  const double elapsed_s = std::chrono::duration<double>(elapsed).count();
  return {{"schedules_per_s", checksum > 0 ? static_cast<double>(schedules) / elapsed_s : 0.0}};
}

}  // namespace

void add_schedule_benchmark(CLI::App& bench, int* exit_code) {
  struct Options {
    bool json = false;
    double seconds = 2.0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command =
      bench.add_subcommand("schedule", "Generate 18-installment monthly schedules on one core");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--seconds", options->seconds, "How long to run")
      ->check(CLI::Range(0.01, 600.0));
  command->callback([options, exit_code] {
    print_figures(options->json, run_schedule_benchmark(options->seconds));
    *exit_code = 0;
  });
}

}  // namespace smecredit::bench
