// `smecredit demo seed --url URL --world DIR [--db FILE] [--enterprises N]
//  [--out FILE]`: fills a running server with demo data the way partners
// would — N enterprises of a generated world registered, each with a
// borrower token, a contract-signing key and data consent — and writes
// working credentials for people to try it: an admin API key, an officer
// API key and one borrower (enterprise id, token and the Ed25519 seed its
// contracts are signed with) to FILE (mode 600). The token key comes from
// the configuration (SMECREDIT_SECURITY_TOKEN_KEY), as for `token issue`.
// `make run` calls it once; an existing FILE means the demo is seeded and
// nothing is done.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "api/auth.h"
#include "api/http_client.h"
#include "api/json.h"
#include "api/lending_journey.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open_store.h"
#include "cli/system_clock.h"
#include "connectors/provider/world_store.h"
#include "scf/merkle/hex.h"
#include "security/random.h"

extern char** environ;

namespace smecredit::cli {

namespace {

constexpr int kSeedThreads = 4;

struct DemoFlags {
  std::string url = "http://127.0.0.1:8080";
  std::string world_dir = "var/world";
  std::string db_path = "var/smecredit.db";
  int enterprises = 300;
  std::string out = "var/demo-credentials.json";
};

int fail(const Error& error) {
  std::fprintf(stderr, "smecredit demo seed: %s\n", error.to_string().c_str());
  return kExitFailure;
}

Result<std::vector<api::EnterpriseSeed>> world_enterprises(const std::string& dir, int count) {
  std::ifstream registry(dir + "/enterprises.csv");
  if (!registry) return Error{ErrorCode::kNotFound, "no enterprises.csv in " + dir};
  std::vector<api::EnterpriseSeed> seeds;
  std::string line;
  std::getline(registry, line);  // the header
  while (static_cast<int>(seeds.size()) < count && std::getline(registry, line)) {
    const std::vector<std::string_view> f = connectors::split_csv_line(line);
    if (f.size() < 3) return Error{ErrorCode::kInvalidArgument, "malformed enterprises.csv"};
    seeds.push_back({std::string(f[1]), std::string(f[2])});
  }
  return seeds;
}

Status write_credentials(const std::string& path, const std::string& json) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json << "\n";
    if (!out) return Error{ErrorCode::kInternal, "cannot write " + temporary};
  }
  ::chmod(temporary.c_str(), 0600);
  std::filesystem::rename(temporary, path);
  return ok_status();
}

int run_seed(const DemoFlags& flags) {
  if (std::filesystem::exists(flags.out)) {
    std::fprintf(stderr, "demo already seeded (%s); remove it to seed again\n", flags.out.c_str());
    return kExitOk;
  }
  Config config;
  if (Status env = apply_environment(config, environ); !env.ok()) return fail(env.error());
  if (config.token_key.empty()) {
    return fail(Error{ErrorCode::kFailedPrecondition, "security.token_key is not set"});
  }
  const auto token_key_bytes = scf::bytes_from_hex(config.token_key);
  if (!token_key_bytes.ok()) return fail(token_key_bytes.error());
  const std::string token_key(token_key_bytes.value().begin(), token_key_bytes.value().end());
  const auto endpoint = api::parse_http_url(flags.url);
  if (!endpoint.ok()) return fail(endpoint.error());
  const auto seeds = world_enterprises(flags.world_dir, flags.enterprises);
  if (!seeds.ok()) return fail(seeds.error());

  const SystemClock clock;
  auto opened = open_migrated_store({.path = flags.db_path}, clock.now());
  if (!opened.ok()) return fail(opened.error());
  const api::Authenticator auth(*opened.value().store, "", clock);
  const auto admin = auth.create_api_key(api::Role::kAdmin, "demo admin", "");
  const auto officer = auth.create_api_key(api::Role::kOfficer, "demo officer", "");
  if (!admin.ok()) return fail(admin.error());
  if (!officer.ok()) return fail(officer.error());

  scf::PrivateSeed seed{};
  const std::string random = security::random_bytes(seed.size());
  std::copy(random.begin(), random.end(), seed.begin());
  const scf::SigningKey key = scf::SigningKey::from_seed(seed).value();
  const Timestamp expires = clock.now() + std::chrono::hours(24 * 30);
  std::vector<api::Borrower> borrowers(seeds.value().size());
  std::mutex mutex;
  Status first_error = ok_status();
  std::vector<std::thread> threads;
  threads.reserve(kSeedThreads);
  for (int t = 0; t < kSeedThreads; ++t) {
    threads.emplace_back([&, t] {
      api::V1Client client(endpoint.value().host, endpoint.value().port, 30'000);
      for (size_t i = static_cast<size_t>(t); i < borrowers.size(); i += kSeedThreads) {
        auto onboarded = api::onboard_enterprise(client, admin.value().credential, token_key,
                                                 seeds.value()[i], key, expires);
        const std::lock_guard<std::mutex> lock(mutex);
        if (!onboarded.ok()) {
          if (first_error.ok()) first_error = onboarded.error();
          return;
        }
        borrowers[i] = std::move(onboarded).value();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (!first_error.ok()) return fail(first_error.error());

  api::JsonBuffer buffer;
  api::JsonWriter w(buffer);
  w.StartObject();
  api::write_field(w, "url", flags.url);
  api::write_field(w, "admin_api_key", admin.value().credential);
  api::write_field(w, "officer_api_key", officer.value().credential);
  w.Key("borrower");
  w.StartObject();
  api::write_field(w, "enterprise_id", borrowers.front().enterprise_id);
  api::write_field(w, "token", borrowers.front().token);
  api::write_field(w, "signing_key_seed",
                   scf::to_hex(std::vector<uint8_t>(seed.begin(), seed.end())));
  w.EndObject();
  w.Key("enterprises");
  w.Int64(static_cast<int64_t>(borrowers.size()));
  w.EndObject();
  if (Status s = write_credentials(flags.out, buffer.GetString()); !s.ok()) return fail(s.error());
  std::fprintf(stderr, "demo seeded: %zu enterprises; credentials in %s\n", borrowers.size(),
               flags.out.c_str());
  return kExitOk;
}

}  // namespace

void add_demo_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* demo = app.add_subcommand("demo", "Demo data for a running server");
  demo->require_subcommand(1);
  CLI::App* seed = demo->add_subcommand("seed", "Register world enterprises and write credentials");
  seed->add_option("--url", flags->url, "The server, http://HOST:PORT");
  seed->add_option("--world", flags->world_dir, "Directory written by 'world generate'");
  seed->add_option("--db", flags->db_path, "The server's SQLite database (for the API keys)");
  seed->add_option("--enterprises", flags->enterprises, "How many to register")
      ->check(CLI::Range(1, 100'000));
  seed->add_option("--out", flags->out, "Where the credentials go (mode 600)");
  seed->callback([flags, exit_code] { *exit_code = run_seed(*flags); });
}

}  // namespace smecredit::cli
