// `smecredit bench e2e`: the "310" measurement — from a submitted
// application to money sent, through the real processes on loopback.
//
// Starts the provider simulator (over a generated world), the bank simulator
// and the server as child processes of this binary, onboards N enterprises
// (registration, borrower token, signing key, consent; not timed), then
// drives N applications for the unsecured product from `--concurrency`
// client threads: submit (the platform pulls the data, builds the profile
// and decides), accept, sign, and the disbursement instruction and bank
// callback that follow. Reports:
//   applications_per_s   N over the wall time from the first submit to the
//                        last disbursement
//   decision_p50/p99_ms  submit → decision, as the client saw the POST
//   disbursed_p50/p99_ms submit → disbursed, from the server's own stamps
//                        (submitted_at, and updated_at once disbursed)
// `--latency realistic` gives the provider 20 ms + up to 20 ms per answer
// and the bank 200 ms before each callback; `zero` (default) gives none.
// The clients share the machine with the three servers.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "api/lending_journey.h"
#include "bench/benchmarks.h"
#include "connectors/provider/world_store.h"
#include "connectors/world/world.h"
#include "scf/merkle/hex.h"
#include "security/random.h"
#include "tests/support/child_process.h"  // the launcher the integration tests use

namespace smecredit::bench {

namespace {

using SteadyClock = std::chrono::steady_clock;

struct E2eOptions {
  bool json = false;
  int applications = 300;
  int concurrency = 8;
  std::string latency = "zero";
  std::string policy = std::string(SMECREDIT_POLICIES_DIR) + "/sme-origination.json";
  std::string models_dir = SMECREDIT_MODELS_DIR;
  std::string products_dir = SMECREDIT_PRODUCTS_DIR;
  std::string amount = "30000.00";
  int server_threads = 16;
  std::string synchronous = "FULL";
};

struct Stack {
  std::filesystem::path dir;
  std::vector<std::string> env;
  std::string token_key;  // raw bytes
  std::unique_ptr<testing::ChildProcess> provider, bank, server;
  uint16_t port = 0;

  ~Stack() {
    for (auto* p : {server.get(), bank.get(), provider.get()}) {
      if (p != nullptr) p->signal(SIGTERM);
    }
    for (auto* p : {server.get(), bank.get(), provider.get()}) {
      if (p != nullptr) p->wait(std::chrono::seconds(10));
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

std::string self_path() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

Result<uint16_t> port_from(const testing::ChildProcess& process) {
  const std::string text = process.stderr_text();
  const std::string prefix = "http://127.0.0.1:";
  const size_t at = text.find(prefix);
  if (at == std::string::npos) return Error{ErrorCode::kUnavailable, "no port in: " + text};
  return static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
}

Result<std::unique_ptr<testing::ChildProcess>> launch(Stack& stack, const std::string& name,
                                                      std::vector<std::string> args,
                                                      const std::string& ready) {
  args.insert(args.begin(), self_path());
  auto process =
      std::make_unique<testing::ChildProcess>(args, (stack.dir / (name + ".out")).string(),
                                              (stack.dir / (name + ".err")).string(), stack.env);
  if (!process->wait_for_stderr(ready, std::chrono::seconds(60))) {
    return Error{ErrorCode::kUnavailable, name + " did not start: " + process->stderr_text()};
  }
  return process;
}

Status start_stack(Stack& stack, const E2eOptions& options) {
  stack.dir =
      std::filesystem::temp_directory_path() / ("smecredit-bench-e2e-" + std::to_string(getpid()));
  std::filesystem::create_directories(stack.dir);
  world::WorldOptions world;
  world.enterprises = options.applications;
  world.months = 36;
  world.seed = 42;
  world.out_dir = (stack.dir / "world").string();
  const auto generated = world::generate_world(world);
  if (!generated.ok()) return generated.error();
  stack.token_key = security::random_bytes(32);
  const std::string token_hex =
      scf::to_hex(std::vector<uint8_t>(stack.token_key.begin(), stack.token_key.end()));
  const std::string bank_secret = scf::to_hex(std::vector<uint8_t>(32, 7));
  stack.env = {"SMECREDIT_SECURITY_TOKEN_KEY=" + token_hex,
               "SMECREDIT_SECURITY_DATA_KEY=" + scf::to_hex(std::vector<uint8_t>(32, 9)),
               "SMECREDIT_ORIGINATION_PRODUCTS_DIR=" + options.products_dir,
               "SMECREDIT_PROVIDER_API_KEY=bench-provider-key",
               "SMECREDIT_PROVIDER_CONSENT_SECRET=bench-consent-secret-of-32-characters",
               "SMECREDIT_DECISION_POLICY=" + options.policy,
               "SMECREDIT_DECISION_MODELS_DIR=" + options.models_dir,
               "SMECREDIT_BANK_SECRET=" + bank_secret,
               "SMECREDIT_LOG_LEVEL=warn",
               "SMECREDIT_SERVER_THREADS=" + std::to_string(options.server_threads),
               "SMECREDIT_STORE_SYNCHRONOUS=" + options.synchronous};
  const bool realistic = options.latency == "realistic";
  SC_ASSIGN_OR_RETURN(
      stack.provider,
      launch(stack, "provider",
             {"provider", "serve", "--world", world.out_dir, "--port", "0", "--threads", "64",
              "--latency-ms", realistic ? "20" : "0", "--jitter-ms", realistic ? "20" : "0"},
             "serving on"));
  SC_ASSIGN_OR_RETURN(const uint16_t provider_port, port_from(*stack.provider));
  SC_ASSIGN_OR_RETURN(stack.bank, launch(stack, "bank",
                                         {"bank", "serve", "--port", "0", "--secret", bank_secret,
                                          "--delay-ms", realistic ? "200" : "0"},
                                         "bank simulator on"));
  SC_ASSIGN_OR_RETURN(const uint16_t bank_port, port_from(*stack.bank));
  stack.env.push_back("SMECREDIT_PROVIDER_URL=http://127.0.0.1:" + std::to_string(provider_port));
  stack.env.push_back("SMECREDIT_BANK_URL=http://127.0.0.1:" + std::to_string(bank_port));
  SC_ASSIGN_OR_RETURN(
      stack.server,
      launch(stack, "server", {"serve", "--port", "0", "--db", (stack.dir / "e2e.db").string()},
             "serving on"));
  SC_ASSIGN_OR_RETURN(stack.port, port_from(*stack.server));
  return ok_status();
}

Result<std::string> admin_key(Stack& stack) {
  testing::ChildProcess keys(
      {self_path(), "keys", "create", "--db", (stack.dir / "e2e.db").string(), "--role", "admin",
       "--name", "bench"},
      (stack.dir / "keys.out").string(), (stack.dir / "keys.err").string(), stack.env);
  if (keys.wait(std::chrono::seconds(30)) != 0) {
    return Error{ErrorCode::kInternal, "keys create failed: " + keys.stderr_text()};
  }
  return api::json_text(keys.stdout_text(), {"credential"});
}

// Runs `work(i)` for i in [0, n) on `threads` threads; the first error wins.
Status parallel_for(int n, int threads, const std::function<Status(int, int)>& work) {
  std::atomic<int> next{0};
  std::mutex mutex;
  Status first = ok_status();
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = next++; i < n; i = next++) {
        const Status s = work(t, i);
        if (!s.ok()) {
          const std::lock_guard<std::mutex> lock(mutex);
          if (first.ok()) first = s;
          return;
        }
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  return first;
}

// Microseconds since the epoch of "YYYY-MM-DDTHH:MM:SS.ffffffZ"; 0 when malformed.
int64_t micros_of(std::string_view stamp) {
  if (stamp.size() != 27) return 0;
  const Result<Date> date = parse_date(stamp.substr(0, 10));
  if (!date.ok()) return 0;
  const auto field = [&](size_t at, size_t len) {
    return std::stoll(std::string(stamp.substr(at, len)));
  };
  const int64_t days = std::chrono::sys_days(date.value()).time_since_epoch().count();
  return ((days * 24 + field(11, 2)) * 60 + field(14, 2)) * 60'000'000 + field(17, 2) * 1'000'000 +
         field(20, 6);
}

double percentile_ms(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

int run_e2e_benchmark(const E2eOptions& options) {
  const auto fail = [](const Error& e) {
    std::fprintf(stderr, "bench e2e: %s\n", e.to_string().c_str());
    return 1;
  };
  Stack stack;
  if (Status s = start_stack(stack, options); !s.ok()) return fail(s.error());
  const Result<std::string> admin = admin_key(stack);
  if (!admin.ok()) return fail(admin.error());
  std::vector<api::EnterpriseSeed> seeds;
  std::ifstream registry(stack.dir / "world" / "enterprises.csv");
  std::string line;
  std::getline(registry, line);  // the header
  while (std::getline(registry, line)) {
    const std::vector<std::string_view> f = connectors::split_csv_line(line);
    seeds.push_back({std::string(f[1]), std::string(f[2])});
  }
  const int n = std::min<int>(options.applications, static_cast<int>(seeds.size()));
  const scf::SigningKey key = scf::SigningKey::generate().value();
  std::vector<api::Borrower> borrowers(static_cast<size_t>(n));
  const Timestamp expires = Timestamp(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())) +
                            std::chrono::hours(24);
  const Status onboarded = parallel_for(n, options.concurrency, [&](int, int i) -> Status {
    api::V1Client client("127.0.0.1", stack.port, 30'000);
    SC_ASSIGN_OR_RETURN(borrowers[static_cast<size_t>(i)],
                        api::onboard_enterprise(client, admin.value(), stack.token_key,
                                                seeds[static_cast<size_t>(i)], key, expires));
    return ok_status();
  });
  if (!onboarded.ok()) return fail(onboarded.error());

  std::vector<double> decision_ms(static_cast<size_t>(n), -1);
  std::vector<std::string> approved(static_cast<size_t>(n));
  std::atomic<int> declined{0}, referred{0};
  const auto start = SteadyClock::now();
  const Status driven = parallel_for(n, options.concurrency, [&](int, int i) -> Status {
    api::V1Client client("127.0.0.1", stack.port, 30'000);
    const api::Borrower& b = borrowers[static_cast<size_t>(i)];
    const auto submitted = SteadyClock::now();
    SC_ASSIGN_OR_RETURN(
        const std::string app,
        client.post("/v1/applications", b.token,
                    api::application_body(b.enterprise_id, "SME-CREDIT-12M", options.amount, 12)));
    decision_ms[static_cast<size_t>(i)] = seconds_since(submitted) * 1000;
    const std::string stage = api::json_text(app, {"stage"});
    if (stage == "declined") ++declined;
    if (stage == "referred") ++referred;
    if (stage != "offered") return ok_status();
    const std::string id = api::json_text(app, {"id"});
    const Result<std::string> signed_app = api::accept_and_sign(client, b.token, id, key);
    if (!signed_app.ok()) return signed_app.error();
    approved[static_cast<size_t>(i)] = id;
    return ok_status();
  });
  if (!driven.ok()) return fail(driven.error());

  std::vector<double> disbursed_ms;
  api::V1Client poller("127.0.0.1", stack.port, 30'000);
  const auto deadline = SteadyClock::now() + std::chrono::seconds(120);
  for (int i = 0; i < n; ++i) {
    const std::string& id = approved[static_cast<size_t>(i)];
    if (id.empty()) continue;
    const api::Borrower& b = borrowers[static_cast<size_t>(i)];
    while (true) {
      auto app = poller.get("/v1/applications/" + id, b.token);
      if (!app.ok()) return fail(app.error());
      if (api::json_text(app.value(), {"stage"}) == "disbursed") {
        disbursed_ms.push_back(
            static_cast<double>(micros_of(api::json_text(app.value(), {"updated_at"})) -
                                micros_of(api::json_text(app.value(), {"submitted_at"}))) /
            1000.0);
        break;
      }
      if (SteadyClock::now() > deadline) {
        return fail(Error{ErrorCode::kUnavailable, id + " was not disbursed within 120 s"});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  const double wall_s = seconds_since(start);
  std::vector<double> decisions(decision_ms.begin(), decision_ms.end());
  print_figures(options.json, {{"applications_per_s", static_cast<double>(n) / wall_s},
                               {"decision_p50_ms", percentile_ms(decisions, 0.50)},
                               {"decision_p99_ms", percentile_ms(decisions, 0.99)},
                               {"disbursed_p50_ms", percentile_ms(disbursed_ms, 0.50)},
                               {"disbursed_p99_ms", percentile_ms(disbursed_ms, 0.99)},
                               {"applications", static_cast<int64_t>(n)},
                               {"disbursed", static_cast<int64_t>(disbursed_ms.size())},
                               {"declined", static_cast<int64_t>(declined.load())},
                               {"referred", static_cast<int64_t>(referred.load())},
                               {"latency", options.latency}});
  return 0;
}

}  // namespace

void add_e2e_benchmark(CLI::App& bench, int* exit_code) {
  auto options = std::make_shared<E2eOptions>();
  CLI::App* command = bench.add_subcommand(
      "e2e", "Submit to disbursed through server, provider and bank (\"310\")");
  command->add_flag("--json", options->json, "Print one JSON object");
  command->add_option("--applications", options->applications, "Applications (and enterprises)")
      ->check(CLI::Range(1, 100'000));
  command->add_option("--concurrency", options->concurrency, "Client threads")
      ->check(CLI::Range(1, 256));
  command->add_option("--latency", options->latency, "Simulators' latency: zero or realistic")
      ->check(CLI::IsMember({"zero", "realistic"}));
  command->add_option("--policy", options->policy, "Decision policy file");
  command->add_option("--models", options->models_dir, "Models directory");
  command->add_option("--amount", options->amount, "Amount asked for, yuan");
  command
      ->add_option("--server-threads", options->server_threads,
                   "The server's threads (handlers wait on the provider and the store)")
      ->check(CLI::Range(1, 256));
  command->add_option("--synchronous", options->synchronous, "store.synchronous: FULL or NORMAL")
      ->check(CLI::IsMember({"FULL", "NORMAL"}));
  command->callback([options, exit_code] { *exit_code = run_e2e_benchmark(*options); });
}

}  // namespace smecredit::bench
