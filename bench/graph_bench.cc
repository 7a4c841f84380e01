// `smecredit bench graph [--enterprises N] [--edges M] [--seed S] [--json]`:
// the platform-wide relationship graph the live decision reads
// (profile/platform_graph.h). N held enterprises with M guarantee edges
// between them (random, deterministic for the seed), a tenth as many
// shared-contact edges and 1% listed as dishonest debtors; each enterprise
// lists its own edges in both directions, as provider sections do, so the
// build sees every guarantee twice. Times build() (circles, mutual
// guarantees, chains, clusters) and then the per-decision question, facts()
// with its bounded search for a blacklisted party.
#include <algorithm>
#include <chrono>

#include "bench/benchmarks.h"
#include "profile/platform_graph.h"

namespace smecredit::bench {

namespace {

struct GraphFlags {
  int64_t enterprises = 200'000;
  int64_t edges = 1'000'000;
  uint64_t seed = 7;
  int64_t questions = 100'000;
  bool json = false;
};

// splitmix64: deterministic for a seed on every platform.
class Draws {
 public:
  explicit Draws(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

std::vector<profile::HeldEnterprise> random_book(const GraphFlags& flags) {
  Draws draws(flags.seed);
  std::vector<profile::HeldEnterprise> held(static_cast<size_t>(flags.enterprises));
  for (int64_t i = 0; i < flags.enterprises; ++i) {
    profile::HeldEnterprise& h = held[static_cast<size_t>(i)];
    h.key = "K" + std::to_string(i);
    h.own_id = "E" + std::to_string(i);
    if (draws.below(100) == 0) h.dishonest_debtor_month = static_cast<int32_t>(draws.below(36));
  }
  const auto add = [&](const char* type, int64_t from, int64_t to) {
    if (from == to) return;
    const profile::TypedEdge edge{type, held[static_cast<size_t>(from)].own_id,
                                  held[static_cast<size_t>(to)].own_id};
    held[static_cast<size_t>(from)].edges.push_back(edge);
    held[static_cast<size_t>(to)].edges.push_back(edge);
  };
  for (int64_t e = 0; e < flags.edges; ++e) {
    add("guarantee", draws.below(flags.enterprises), draws.below(flags.enterprises));
  }
  for (int64_t e = 0; e < flags.edges / 10; ++e) {
    add("shared_phone", draws.below(flags.enterprises), draws.below(flags.enterprises));
  }
  return held;
}

int run_graph_bench(const GraphFlags& flags) {
  const std::vector<profile::HeldEnterprise> held = random_book(flags);
  const auto built_at = std::chrono::steady_clock::now();
  const profile::PlatformGraph graph = profile::PlatformGraph::build(held);
  const double build_seconds = seconds_since(built_at);

  Draws draws(flags.seed + 1);
  int64_t within_reach = 0;
  std::vector<double> latencies_us;
  latencies_us.reserve(static_cast<size_t>(flags.questions));
  const auto asked_at = std::chrono::steady_clock::now();
  for (int64_t q = 0; q < flags.questions; ++q) {
    const auto one = std::chrono::steady_clock::now();
    const auto facts =
        graph.facts(held[static_cast<size_t>(draws.below(flags.enterprises))].key, 36);
    latencies_us.push_back(seconds_since(one) * 1e6);
    if (facts && facts->distance_to_blacklisted >= 0) ++within_reach;
  }
  const double ask_seconds = seconds_since(asked_at);
  std::sort(latencies_us.begin(), latencies_us.end());
  const auto quantile = [&](double q) {
    return latencies_us[static_cast<size_t>(q * static_cast<double>(latencies_us.size() - 1))];
  };
  print_figures(flags.json, {{"enterprises", flags.enterprises},
                             {"guarantee_edges", graph.guarantee_edges()},
                             {"build_seconds", build_seconds},
                             {"facts_per_s", static_cast<double>(flags.questions) / ask_seconds},
                             {"facts_p50_us", quantile(0.5)},
                             {"facts_p99_us", quantile(0.99)},
                             {"within_reach_of_blacklisted", within_reach}});
  return 0;
}

}  // namespace

void add_graph_benchmark(CLI::App& bench, int* exit_code) {
  auto flags = std::make_shared<GraphFlags>();
  CLI::App* cmd = bench.add_subcommand(
      "graph", "The platform-wide relationship graph: build, then per-decision facts");
  cmd->add_option("--enterprises", flags->enterprises, "Held enterprises")
      ->check(CLI::Range(int64_t{2}, int64_t{10'000'000}));
  cmd->add_option("--edges", flags->edges, "Guarantee edges")
      ->check(CLI::Range(int64_t{1}, int64_t{50'000'000}));
  cmd->add_option("--questions", flags->questions, "facts() calls timed")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  cmd->add_option("--seed", flags->seed, "Seed of the random book");
  cmd->add_flag("--json", flags->json, "One JSON object on stdout");
  cmd->callback([flags, exit_code] { *exit_code = run_graph_bench(*flags); });
}

}  // namespace smecredit::bench
