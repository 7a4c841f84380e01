// The benchmarks behind `smecredit bench NAME [--json]`.
//
// Each benchmark is a CLI11 subcommand of `bench` with its own options. It
// prints its figures either as aligned text or, with --json, as exactly one
// JSON object on stdout (nothing else), so scripts and docs/benchmarks.md can
// consume it. Timed thresholds live here, never in unit tests.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace smecredit::bench {

struct Figure {
  std::string name;  // snake_case with the unit: "parse_ns", "requests_per_s"
  std::variant<int64_t, double, std::string> value;
};

// Seconds elapsed since `start` on the steady clock.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Prints the figures as one JSON object (json) or as "name  value" lines.
void print_figures(bool json, const std::vector<Figure>& figures);

// Registers every benchmark under `bench`; callbacks store the exit code.
void add_benchmarks(CLI::App& bench, int* exit_code);

// One registration function per benchmark file.
void add_json_benchmark(CLI::App& bench, int* exit_code);
void add_http_benchmark(CLI::App& bench, int* exit_code);
void add_schedule_benchmark(CLI::App& bench, int* exit_code);
void add_log_benchmark(CLI::App& bench, int* exit_code);
void add_scf_benchmark(CLI::App& bench, int* exit_code);
void add_eod_benchmark(CLI::App& bench, int* exit_code);
void add_profile_benchmark(CLI::App& bench, int* exit_code);
void add_graph_benchmark(CLI::App& bench, int* exit_code);
void add_decide_benchmark(CLI::App& bench, int* exit_code);
void add_e2e_benchmark(CLI::App& bench, int* exit_code);

}  // namespace smecredit::bench
