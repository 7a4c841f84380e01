// `smecredit bench profile [--enterprises N] [--months M] [--seed S]
// [--world DIR] [--json]`: builds every enterprise's profile from a world —
// the relationship graph (guarantee circles, mutual guarantees, chains,
// distance to dishonest-debtor listings, shared-contact clusters), the
// cross-verification flags and the feature catalogue as of the last month.
// Without --world it first generates one under the temporary directory (not
// timed). Times loading the files and computing everything.
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>

#include "bench/benchmarks.h"
#include "connectors/world/world.h"
#include "profile/cross_check.h"
#include "profile/features.h"
#include "profile/graph.h"

namespace smecredit::bench {

namespace {

struct ProfileFlags {
  int64_t enterprises = 100'000;
  int months = 36;
  uint64_t seed = 1;
  std::string world_dir;
  bool json = false;
};

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

template <class Fn>
void for_each_data_line(const std::string& text, bool skip_header, Fn&& fn) {
  size_t begin = skip_header ? text.find('\n') + 1 : 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    fn(std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
  }
}

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t begin = 0;
  for (size_t comma = line.find(','); comma != std::string_view::npos;
       comma = line.find(',', begin)) {
    fields.push_back(line.substr(begin, comma - begin));
    begin = comma + 1;
  }
  fields.push_back(line.substr(begin));
  return fields;
}

int64_t number(std::string_view text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

int32_t month_index(std::string_view yyyy_mm) {
  return static_cast<int32_t>(number(yyyy_mm.substr(0, 4)) * 12 + number(yyyy_mm.substr(5, 2)) - 1);
}

int32_t index_of(std::string_view enterprise_id) {
  return static_cast<int32_t>(number(enterprise_id.substr(1)) - 1);
}

std::string_view json_text(std::string_view line, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":\"";
  const size_t at = line.find(pattern);
  if (at == std::string_view::npos) return {};
  const size_t begin = at + pattern.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

int64_t json_number(std::string_view line, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":";
  const size_t at = line.find(pattern);
  return at == std::string_view::npos ? 0 : number(line.substr(at + pattern.size(), 20));
}

int event_kind(std::string_view type, std::string_view role, std::string_view stage) {
  using profile::EventKind;
  if (type == "court_case") {
    if (stage != "filed") return -1;
    return static_cast<int>(role == "defendant" ? EventKind::kCourtDefendant
                                                : EventKind::kCourtPlaintiff);
  }
  if (type == "enforcement") return static_cast<int>(EventKind::kEnforcement);
  if (type == "dishonest_debtor") return static_cast<int>(EventKind::kDishonestDebtor);
  if (type == "administrative_penalty") return static_cast<int>(EventKind::kPenalty);
  if (type == "equity_freeze") return static_cast<int>(EventKind::kEquityFreeze);
  if (type == "legal_rep_change") return static_cast<int>(EventKind::kLegalRepChange);
  if (type == "shareholder_change") return static_cast<int>(EventKind::kShareholderChange);
  return -1;
}

struct Loaded {
  std::vector<profile::EnterpriseHistory> histories;
  std::vector<std::vector<std::string>> contacts;
  std::vector<profile::Edge> guarantees;
  int32_t last_month = 0;
};

void load_registry(const std::filesystem::path& dir, Loaded& world) {
  const std::string text = read_whole(dir / "enterprises.csv");
  for_each_data_line(text, true, [&](std::string_view line) {
    const std::vector<std::string_view> f = fields_of(line);
    profile::EnterpriseHistory h;
    h.founded_month_index = month_index(f[8]);
    h.registered_capital_fen = number(f[9]);
    h.declared_employees = number(f[10]);
    h.self_declared_annual_revenue_fen = number(f[16]);
    h.self_declared_month_index = month_index(f[17]);
    world.histories.push_back(std::move(h));
    world.contacts.push_back({"phone:" + std::string(f[12]), "address:" + std::string(f[13])});
  });
}

void load_monthly(const std::filesystem::path& dir, Loaded& world) {
  const std::string text = read_whole(dir / "monthly.csv");
  for_each_data_line(text, true, [&](std::string_view line) {
    const std::vector<std::string_view> f = fields_of(line);
    profile::MonthValues m;
    m.month_index = month_index(f[1]);
    const int64_t pos = number(f[2]), ecommerce = number(f[3]), transfer = number(f[4]);
    m.values = {pos,           ecommerce,     transfer,      pos + ecommerce + transfer,
                number(f[5]),  number(f[7]),  number(f[9]),  number(f[10]),
                number(f[11]), number(f[12]), number(f[13]), number(f[15])};
    world.last_month = std::max(world.last_month, m.month_index);
    world.histories[static_cast<size_t>(index_of(f[0]))].months.push_back(m);
  });
}

void load_events_and_relationships(const std::filesystem::path& dir, Loaded& world) {
  const std::string events = read_whole(dir / "events.jsonl");
  for_each_data_line(events, false, [&](std::string_view line) {
    const int kind =
        event_kind(json_text(line, "type"), json_text(line, "role"), json_text(line, "stage"));
    if (kind < 0) return;
    profile::DatedEvent e{month_index(json_text(line, "date").substr(0, 7)),
                          static_cast<profile::EventKind>(kind), json_number(line, "amount_fen")};
    world.histories[static_cast<size_t>(index_of(json_text(line, "enterprise_id")))]
        .events.push_back(e);
  });
  const std::string relationships = read_whole(dir / "relationships.csv");
  for_each_data_line(relationships, true, [&](std::string_view line) {
    const std::vector<std::string_view> f = fields_of(line);
    const int32_t from = index_of(f[1]);
    if (f[0] == "guarantee") world.guarantees.push_back({from, index_of(f[2])});
    if (f[0] == "trade_partner") ++world.histories[static_cast<size_t>(from)].graph.trade_partners;
  });
}

// Graph facts as of the last month: blacklisted = listed as dishonest debtors by then.
void compute_graph(Loaded& world) {
  const int32_t n = static_cast<int32_t>(world.histories.size());
  const profile::Digraph g = profile::Digraph::from_edges(n, world.guarantees);
  for (const auto& circle : profile::guarantee_circles(g)) {
    for (const int32_t member : circle)
      world.histories[static_cast<size_t>(member)].graph.circle_size =
          static_cast<int64_t>(circle.size());
  }
  for (const auto& [a, b] : profile::mutual_pairs(world.guarantees)) {
    ++world.histories[static_cast<size_t>(a)].graph.mutual_guarantees;
    ++world.histories[static_cast<size_t>(b)].graph.mutual_guarantees;
  }
  for (const profile::Edge& e : world.guarantees) {
    ++world.histories[static_cast<size_t>(e.from)].graph.guarantees_given;
    ++world.histories[static_cast<size_t>(e.to)].graph.guarantees_received;
  }
  const std::vector<int32_t> chain = profile::chain_length(g, 64);
  std::vector<int32_t> blacklisted;
  for (int32_t i = 0; i < n; ++i) {
    for (const profile::DatedEvent& e : world.histories[static_cast<size_t>(i)].events) {
      if (e.kind == profile::EventKind::kDishonestDebtor && e.month_index <= world.last_month) {
        blacklisted.push_back(i);
        break;
      }
    }
  }
  const std::vector<int32_t> distance = profile::distance_to(g.undirected(), blacklisted, 6);
  const std::vector<int32_t> sizes =
      profile::cluster_sizes(profile::shared_attribute_clusters(world.contacts));
  for (int32_t i = 0; i < n; ++i) {
    profile::GraphFacts& facts = world.histories[static_cast<size_t>(i)].graph;
    facts.chain_length = chain[static_cast<size_t>(i)];
    facts.distance_to_blacklisted = distance[static_cast<size_t>(i)];
    facts.shared_contact_cluster_size = sizes[static_cast<size_t>(i)];
  }
}

int run_profile_bench(const ProfileFlags& flags) {
  std::filesystem::path dir = flags.world_dir;
  if (dir.empty()) {
    dir = std::filesystem::temp_directory_path() /
          ("smecredit-bench-profile-" + std::to_string(getpid()));
    world::WorldOptions options;
    options.enterprises = flags.enterprises;
    options.months = flags.months;
    options.seed = flags.seed;
    options.out_dir = dir.string();
    const auto generated = world::generate_world(options);
    if (!generated.ok()) {
      std::fprintf(stderr, "smecredit bench profile: %s\n", generated.error().to_string().c_str());
      return 1;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  Loaded world;
  load_registry(dir, world);
  load_monthly(dir, world);
  load_events_and_relationships(dir, world);
  compute_graph(world);
  int64_t flags_raised = 0;
  double checksum = 0;
  for (const profile::EnterpriseHistory& h : world.histories) {
    profile::CrossCheckInputs inputs{
        {}, h.declared_employees, h.self_declared_annual_revenue_fen, h.self_declared_month_index};
    for (const profile::MonthValues& m : h.months) {
      inputs.months.push_back(
          {m.month_index, m.values[5], m.values[7], m.values[3], m.values[10], m.values[11]});
    }
    flags_raised +=
        static_cast<int64_t>(profile::cross_verify(inputs, world.last_month).flags.size());
    for (const double v : profile::compute_features(h, world.last_month)) {
      if (v == v) checksum += v != 0 ? 1 : 0;
    }
  }
  const double seconds = seconds_since(start);
  if (flags.world_dir.empty()) std::filesystem::remove_all(dir);
  print_figures(flags.json,
                {{"enterprises", static_cast<int64_t>(world.histories.size())},
                 {"months", static_cast<int64_t>(flags.months)},
                 {"seconds", seconds},
                 {"features", static_cast<int64_t>(profile::feature_catalogue().size())},
                 {"flags_raised", flags_raised},
                 {"nonzero_feature_values", static_cast<int64_t>(checksum)}});
  return 0;
}

}  // namespace

void add_profile_benchmark(CLI::App& bench, int* exit_code) {
  auto flags = std::make_shared<ProfileFlags>();
  CLI::App* command =
      bench.add_subcommand("profile", "Profiles, cross-checks and features for a world");
  command->add_option("--enterprises", flags->enterprises, "Enterprises to generate")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  command->add_option("--months", flags->months, "Months to generate")->check(CLI::Range(1, 240));
  command->add_option("--seed", flags->seed, "Seed of the generated world");
  command->add_option("--world", flags->world_dir, "Use this world instead of generating one");
  command->add_flag("--json", flags->json, "Print one JSON object");
  command->callback([flags, exit_code] { *exit_code = run_profile_bench(*flags); });
}

}  // namespace smecredit::bench
