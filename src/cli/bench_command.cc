#include "bench/benchmarks.h"
#include "cli/commands.h"

namespace smecredit::cli {

void add_bench_command(CLI::App& app, int* exit_code) {
  CLI::App* bench = app.add_subcommand(
      "bench", "Run a named benchmark (smecredit bench NAME --json prints one JSON object)");
  bench->require_subcommand(1);
  smecredit::bench::add_benchmarks(*bench, exit_code);
}

}  // namespace smecredit::cli
