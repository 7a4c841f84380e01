// `smecredit bench http`: requests per second and latency of GET /healthz
// through the real server on loopback, with keep-alive client connections.
// The clients run in this process and share the machine's cores with the
// server, so the figure is a floor for the server alone.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "api/health_routes.h"
#include "api/http_client.h"
#include "api/server.h"
#include "bench/benchmarks.h"
#include "core/clock.h"
#include "store/sqlite/sqlite_store.h"

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

struct HttpBenchOptions {
  bool json = false;
  int connections = 4;
  int64_t requests = 50'000;
  int server_threads = 0;
};

int64_t percentile(std::vector<int64_t>& sorted_micros, double p) {
  if (sorted_micros.empty()) return 0;
  const auto index = static_cast<size_t>(p * static_cast<double>(sorted_micros.size() - 1));
  return sorted_micros[index];
}

int run_http_benchmark(const HttpBenchOptions& options) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("smecredit-bench-http-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto store = store::SqliteStore::open({.path = (dir / "bench.db").string()});
  if (!store.ok()) {
    std::fprintf(stderr, "bench http: %s\n", store.error().to_string().c_str());
    return 1;
  }
  ManualClock clock(Timestamp{});
  std::FILE* discard = std::fopen("/dev/null", "w");
  api::Logger logger(discard, clock, api::LogLevel::kWarn);
  api::Metrics metrics;
  api::Router router;
  api::add_health_routes(router, *store.value(), metrics);
  api::ServerOptions server_options;
  server_options.port = 0;
  server_options.threads = options.server_threads;
  api::Server server(server_options, router, metrics, logger);
  if (Status s = server.start(); !s.ok()) {
    std::fprintf(stderr, "bench http: %s\n", s.error().to_string().c_str());
    return 1;
  }
  const int64_t per_connection = options.requests / options.connections;
  std::vector<std::vector<int64_t>> latencies(static_cast<size_t>(options.connections));
  std::atomic<int64_t> failures{0};
  const auto start = SteadyClock::now();
  std::vector<std::thread> clients;
  clients.reserve(static_cast<size_t>(options.connections));
  for (int c = 0; c < options.connections; ++c) {
    clients.emplace_back([&, c] {
      api::HttpClient client("127.0.0.1", server.port(), 5000);
      auto& mine = latencies[static_cast<size_t>(c)];
      mine.reserve(static_cast<size_t>(per_connection));
      for (int64_t i = 0; i < per_connection; ++i) {
        const auto t0 = SteadyClock::now();
        auto response = client.request(api::Method::kGet, "/healthz");
        const auto t1 = SteadyClock::now();
        if (!response.ok() || response.value().status != 200) ++failures;
        mine.push_back(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count());
      }
    });
  }
  for (auto& t : clients) t.join();
  const double seconds = seconds_since(start);
  server.shutdown();
  server.wait();
  std::fclose(discard);
  std::filesystem::remove_all(dir);

  std::vector<int64_t> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  print_figures(options.json, {{"route", std::string("GET /healthz")},
                               {"connections", int64_t{options.connections}},
                               {"requests", static_cast<int64_t>(all.size())},
                               {"failures", failures.load()},
                               {"seconds", seconds},
                               {"requests_per_s", static_cast<double>(all.size()) / seconds},
                               {"p50_us", percentile(all, 0.50)},
                               {"p99_us", percentile(all, 0.99)}});
  return failures.load() == 0 ? 0 : 1;
}

}  // namespace

void add_http_benchmark(CLI::App& bench, int* exit_code) {
  auto options = std::make_shared<HttpBenchOptions>();
  CLI::App* command =
      bench.add_subcommand("http", "Requests per second through the HTTP server (GET /healthz)");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--connections", options->connections, "Concurrent keep-alive clients")
      ->check(CLI::Range(1, 256));
  command->add_option("--requests", options->requests, "Total requests")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  command->add_option("--server-threads", options->server_threads, "0 = one per core")
      ->check(CLI::Range(0, 64));
  command->callback([options, exit_code] { *exit_code = run_http_benchmark(*options); });
}

}  // namespace smecredit::bench
