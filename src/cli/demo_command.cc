// `smecredit demo seed --url URL --world DIR [--db FILE] [--enterprises N]
//  [--applications M] [--out FILE]`: fills a running server with demo data
// the way partners would — N enterprises of a generated world registered,
// each with a borrower token, a contract-signing key and data consent; the
// first M of them apply (amounts from 30,000 to 800,000, so some are
// referred to officers), and approvals are accepted and signed, so the bank
// simulator disburses them — and writes working credentials for people to
// try it to FILE (mode 600): an admin API key, an officer API key, one
// borrower (enterprise id, token and the Ed25519 seed its contracts are
// signed with), and a newcomer's token bound to no enterprise yet, with
// which the console's registration can be walked for one of the world's
// enterprises left unregistered (listed). The token key comes from the
// configuration (SMECREDIT_SECURITY_TOKEN_KEY), as for `token issue`.
// `make run` calls it once; an existing FILE means the demo is seeded and
// nothing is done.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
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
#include "core/business_date.h"
#include "scf/merkle/hex.h"
#include "scf/voucher/operation_codec.h"
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
  int applications = 0;
  std::string out = "var/demo-credentials.json";
};

int fail(const Error& error) {
  std::fprintf(stderr, "smecredit demo seed: %s\n", error.to_string().c_str());
  return kExitFailure;
}

// Requested amounts the demo applications cycle through: most within the
// policy's automatic limit, some above 500,000 (referred to an officer).
constexpr const char* kDemoAmounts[] = {"30000.00",  "50000.00",  "80000.00", "120000.00",
                                        "200000.00", "650000.00", "60000.00", "800000.00"};

// Applies for `borrower` and, when approved, accepts and signs the offer.
// Returns the stage the application reached.
Result<std::string> demo_application(api::V1Client& client, const api::Borrower& borrower,
                                     const scf::SigningKey& key, size_t n) {
  const std::string amount = kDemoAmounts[n % std::size(kDemoAmounts)];
  SC_ASSIGN_OR_RETURN(
      const std::string submitted,
      client.post("/v1/applications", borrower.token,
                  api::application_body(borrower.enterprise_id, "SME-CREDIT-12M", amount, 12)));
  const std::string stage = api::json_text(submitted, {"stage"});
  if (stage != "offered") return stage;
  SC_ASSIGN_OR_RETURN(
      const std::string signed_application,
      api::accept_and_sign(client, borrower.token, api::json_text(submitted, {"id"}), key));
  return api::json_text(signed_application, {"stage"});
}

// Posts one signed voucher operation (no credential: the signature is the
// authorisation).
Status post_operation(api::V1Client& client, const scf::SigningKey& key, scf::Operation op) {
  SC_ASSIGN_OR_RETURN(const scf::SignedOperation signed_op,
                      scf::sign_operation(key, std::move(op)));
  SC_RETURN_IF_ERROR(client.post("/v1/scf/operations", "", scf::signed_operation_entry(signed_op)));
  return ok_status();
}

// Supply-chain demo data: a core enterprise whose issuance line the risk
// process grants (the first borrower it approves, from the last), a voucher
// of three quarters of the line it issues to a supplier, who splits it with
// a second supplier, who has a funder discount its piece. Returns the
// voucher id.
Result<std::string> seed_voucher(api::V1Client& client, const std::string& admin,
                                 const std::string& officer,
                                 const std::vector<api::Borrower>& borrowers, Date today) {
  constexpr const char* kVoucher = "V-DEMO-1";
  struct Participant {
    const char* id;
    const char* role;
    scf::SigningKey key;
  };
  std::vector<Participant> people;
  for (const auto& [id, role] : {std::pair{"core-demo", "core"},
                                 {"supplier-demo-1", "supplier"},
                                 {"supplier-demo-2", "supplier"},
                                 {"funder-demo", "funder"}}) {
    SC_ASSIGN_OR_RETURN(scf::SigningKey key, scf::SigningKey::generate());
    SC_RETURN_IF_ERROR(client.post("/v1/scf/participants", admin,
                                   std::string(R"({"id":")") + id + R"(","role":")" + role +
                                       R"(","public_key":")" +
                                       scf::to_hex(key.public_key().bytes()) + R"("})"));
    people.push_back({id, role, std::move(key)});
  }
  std::string risk_rate;
  int64_t line_fen = 0;
  for (size_t i = borrowers.size(); i-- > 0 && risk_rate.empty();) {
    SC_ASSIGN_OR_RETURN(const std::string line,
                        client.post("/v1/scf/lines", officer,
                                    R"({"core":"core-demo","enterprise_id":")" +
                                        borrowers[i].enterprise_id + R"(","limit_fen":20000000})"));
    risk_rate = api::json_text(line, {"risk_rate_percent"});
    line_fen = std::atoll(api::json_text(line, {"limit_fen"}).c_str());
  }
  if (risk_rate.empty() || line_fen < 1'000'000) {
    return Error{ErrorCode::kFailedPrecondition, "the risk process granted no demo issuance line"};
  }
  // Three quarters of the line, in whole yuan, split 60/40.
  const int64_t face_fen = line_fen * 3 / 4 / 100 * 100;
  const int64_t first_part_fen = face_fen * 3 / 5 / 100 * 100;
  SC_ASSIGN_OR_RETURN(const Decimal rate, Decimal::parse(risk_rate));
  SC_ASSIGN_OR_RETURN(const Decimal discount, rate.add(Decimal::from_int(1)));
  const auto& [core, first, second, funder] = std::tie(people[0], people[1], people[2], people[3]);
  SC_RETURN_IF_ERROR(post_operation(client, core.key,
                                    scf::Issue{{core.id, today},
                                               kVoucher,
                                               first.id,
                                               15'000'000,
                                               add_days(today, 180),
                                               "PO-DEMO-1",
                                               "INV-DEMO-1"}));
  SC_RETURN_IF_ERROR(post_operation(client, first.key, scf::Accept{{first.id, today}, kVoucher}));
  SC_RETURN_IF_ERROR(
      post_operation(client, first.key,
                     scf::Transfer{{first.id, today},
                                   kVoucher,
                                   {{"V-DEMO-1-A", first.id, first_part_fen},
                                    {"V-DEMO-1-B", second.id, face_fen - first_part_fen}}}));
  SC_RETURN_IF_ERROR(post_operation(
      client, second.key,
      scf::RequestFinancing{{second.id, today}, "V-DEMO-1-B", funder.id, discount, 0, true}));
  SC_RETURN_IF_ERROR(
      post_operation(client, funder.key, scf::ApproveFinancing{{funder.id, today}, "V-DEMO-1-B"}));
  return std::string(kVoucher);
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

  std::map<std::string, int> stages;
  {
    api::V1Client client(endpoint.value().host, endpoint.value().port, 30'000);
    const size_t applying = std::min(borrowers.size(), static_cast<size_t>(flags.applications));
    for (size_t i = 0; i < applying; ++i) {
      auto stage = demo_application(client, borrowers[i], key, i);
      if (!stage.ok()) return fail(stage.error());
      ++stages[stage.value()];
    }
  }
  std::string voucher;
  if (flags.applications > 0) {
    api::V1Client client(endpoint.value().host, endpoint.value().port, 30'000);
    auto seeded = seed_voucher(client, admin.value().credential, officer.value().credential,
                               borrowers, business_date(clock.now()));
    // Supply-chain data is a garnish on the demo: without it the rest stands.
    if (seeded.ok()) {
      voucher = seeded.value();
    } else {
      std::fprintf(stderr, "demo seed: no supply-chain voucher: %s\n",
                   seeded.error().to_string().c_str());
    }
  }
  auto unregistered = world_enterprises(flags.world_dir, flags.enterprises + 10);
  if (!unregistered.ok()) return fail(unregistered.error());

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
  w.Key("newcomer");
  w.StartObject();
  api::write_field(
      w, "token", api::Authenticator::sign_borrower_token(token_key, "demo-newcomer", "", expires));
  w.Key("unregistered_enterprises");
  w.StartArray();
  for (size_t i = borrowers.size(); i < unregistered.value().size(); ++i) {
    w.StartObject();
    api::write_field(w, "uscc", unregistered.value()[i].uscc);
    api::write_field(w, "name", unregistered.value()[i].name);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Key("enterprises");
  w.Int64(static_cast<int64_t>(borrowers.size()));
  if (!voucher.empty()) api::write_field(w, "voucher", voucher);
  w.Key("applications");
  w.StartObject();
  for (const auto& [stage, count] : stages) {
    w.Key(stage.c_str());
    w.Int(count);
  }
  w.EndObject();
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
  seed->add_option("--applications", flags->applications,
                   "How many of them apply (approvals are accepted and signed)")
      ->check(CLI::Range(0, 100'000));
  seed->add_option("--out", flags->out, "Where the credentials go (mode 600)");
  seed->callback([flags, exit_code] { *exit_code = run_seed(*flags); });
}

}  // namespace smecredit::cli
