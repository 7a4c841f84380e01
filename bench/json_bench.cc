// `smecredit bench json`: parse and serialise a 2 KB loan application with
// RapidJSON, the library the API uses (docs/decisions/0002-json-library.md).
// bench/peers/json_libraries.cc compares it with simdjson and nlohmann/json.
#include <chrono>

#include "api/json.h"
#include "bench/benchmarks.h"
#include "bench/loan_application_sample.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

double nanoseconds_per(SteadyClock::duration elapsed, int64_t iterations) {
  return static_cast<double>(
             std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) /
         static_cast<double>(iterations);
}

std::vector<Figure> run_json_benchmark(int64_t iterations) {
  const std::string_view text = kLoanApplicationJson;
  size_t checksum = 0;
  const auto parse_start = SteadyClock::now();
  for (int64_t i = 0; i < iterations; ++i) {
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    checksum += doc.MemberCount();
  }
  const auto parse_elapsed = SteadyClock::now() - parse_start;

  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  const auto write_start = SteadyClock::now();
  for (int64_t i = 0; i < iterations; ++i) {
    api::JsonBuffer buffer;
    api::JsonWriter writer(buffer);
    doc.Accept(writer);
    checksum += buffer.GetSize();
  }
  const auto write_elapsed = SteadyClock::now() - write_start;
  const double parse_ns = nanoseconds_per(parse_elapsed, iterations);
  return {{"library", std::string("rapidjson")},
          {"bytes", static_cast<int64_t>(text.size())},
          {"iterations", iterations},
          {"parse_ns", parse_ns},
          {"serialize_ns", nanoseconds_per(write_elapsed, iterations)},
          {"parse_mb_per_s", static_cast<double>(text.size()) * 1e3 / parse_ns},
          {"checksum", static_cast<int64_t>(checksum)}};
}

}  // namespace

void add_json_benchmark(CLI::App& bench, int* exit_code) {
  struct Options {
    bool json = false;
    int64_t iterations = 200'000;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = bench.add_subcommand("json", "Parse and serialise a 2 KB loan application");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--iterations", options->iterations, "Round trips to time")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  command->callback([options, exit_code] {
    print_figures(options->json, run_json_benchmark(options->iterations));
    *exit_code = 0;
  });
}

}  // namespace smecredit::bench
