#include "bench/benchmarks.h"

namespace smecredit::bench {

void add_benchmarks(CLI::App& bench, int* exit_code) {
  add_json_benchmark(bench, exit_code);
  add_http_benchmark(bench, exit_code);
  add_schedule_benchmark(bench, exit_code);
  add_log_benchmark(bench, exit_code);
  add_scf_benchmark(bench, exit_code);
  add_eod_benchmark(bench, exit_code);
  add_profile_benchmark(bench, exit_code);
  add_graph_benchmark(bench, exit_code);
  add_decide_benchmark(bench, exit_code);
  add_e2e_benchmark(bench, exit_code);
}

}  // namespace smecredit::bench
