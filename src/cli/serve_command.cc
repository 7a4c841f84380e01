#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "api/event_routes.h"
#include "api/gate.h"
#include "api/health_routes.h"
#include "api/openapi.h"
#include "api/portfolio_routes.h"
#include "api/server.h"
#include "api/static_site.h"
#include "api/verifiable_log_routes.h"
#include "api/voucher_routes.h"
#include "api/webhooks.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open_store.h"
#include "cli/origination_runtime.h"
#include "cli/system_clock.h"
#include "core/business_date.h"
#include "scf/log/durable_log.h"
#include "scf/merkle/hex.h"
#include "scf/voucher/voucher_service.h"
#include "security/random.h"
#include "store/sqlite/sqlite_store.h"

extern char** environ;

namespace smecredit::cli {

namespace {

struct ServeFlags {
  std::string config_file;
  std::optional<std::string> host;
  std::optional<int> port;
  std::optional<std::string> db;
  std::optional<int> threads;
  std::optional<std::string> log_level;
  bool print_config = false;
};

int fail(const Error& error) {
  std::fprintf(stderr, "smecredit serve: %s\n", error.to_string().c_str());
  return kExitFailure;
}

// Flags override everything; a bad flag value is a usage error (exit 2).
void apply_flag(Config& config, std::string_view key, const std::string& text) {
  Status status = set_config_value(config, key, text);
  if (!status.ok()) throw CLI::ValidationError(std::string(key), status.error().message);
}

Result<Config> load_config(const ServeFlags& flags) {
  Config config;
  if (!flags.config_file.empty()) SC_RETURN_IF_ERROR(apply_config_file(config, flags.config_file));
  SC_RETURN_IF_ERROR(apply_environment(config, environ));
  if (flags.host) apply_flag(config, "server.host", *flags.host);
  if (flags.port) apply_flag(config, "server.port", std::to_string(*flags.port));
  if (flags.db) apply_flag(config, "store.path", *flags.db);
  if (flags.threads) apply_flag(config, "server.threads", std::to_string(*flags.threads));
  if (flags.log_level) apply_flag(config, "log.level", *flags.log_level);
  return config;
}

Result<std::unique_ptr<store::SqliteStore>> open_store(const Config& config, const Clock& clock,
                                                       api::Logger& logger) {
  SC_ASSIGN_OR_RETURN(OpenedStore opened,
                      open_migrated_store({.path = config.store_path,
                                           .pool_size = config.store_pool_size,
                                           .synchronous = config.store_synchronous},
                                          clock.now()));
  logger.write(api::LogLevel::kInfo, "migrations_applied",
               {{"count", int64_t{opened.migrations_applied}}});
  return std::move(opened.store);
}

// The platform's checkpoint key: from security.log_signing_seed, or a fresh
// one (logged as ephemeral) when none is configured.
Result<scf::SigningKey> checkpoint_key(const Config& config, api::Logger& logger) {
  SC_ASSIGN_OR_RETURN(const scf::SignatureScheme scheme,
                      scf::parse_signature_scheme(config.scf_signature_scheme));
  if (config.log_signing_seed.empty()) {
    logger.write(api::LogLevel::kWarn, "log_signing_key_ephemeral",
                 {{"hint", "set security.log_signing_seed to keep one checkpoint signer"}});
    return scf::SigningKey::generate(scheme);
  }
  SC_ASSIGN_OR_RETURN(std::vector<uint8_t> seed, scf::bytes_from_hex(config.log_signing_seed));
  scf::PrivateSeed fixed{};
  std::copy(seed.begin(), seed.end(), fixed.begin());
  return scf::SigningKey::from_seed(fixed, scheme);
}

// The HMAC key for borrower tokens: from security.token_key, or a fresh one
// (logged as ephemeral: tokens then die with the process).
Result<std::string> borrower_token_key(const Config& config, api::Logger& logger) {
  if (config.token_key.empty()) {
    logger.write(api::LogLevel::kWarn, "token_key_ephemeral",
                 {{"hint", "set security.token_key to keep borrower tokens across restarts"}});
    return security::random_bytes(32);
  }
  SC_ASSIGN_OR_RETURN(std::vector<uint8_t> key, scf::bytes_from_hex(config.token_key));
  return std::string(key.begin(), key.end());
}

// Runs `task` once at construction and then every interval on its own
// thread, until destroyed.
class PeriodicTask {
 public:
  PeriodicTask(std::function<void()> task, std::chrono::milliseconds interval)
      : task_(std::move(task)), interval_(interval) {
    task_();
    thread_ = std::thread([this] { run(); });
  }
  ~PeriodicTask() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      task_();
      lock.lock();
    }
  }

  const std::function<void()> task_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

// Publishes a signed checkpoint when the log has grown since the last one.
void publish_if_grown(scf::DurableLog& log, const scf::SigningKey& key, const Clock& clock,
                      api::Logger& logger) {
  const auto latest = log.latest_checkpoint();
  if (latest.ok() && latest.value() && latest.value()->tree_size == log.size()) return;
  const auto checkpoint = log.publish_checkpoint(key, clock.now());
  if (!checkpoint.ok()) {
    logger.write(api::LogLevel::kError, "checkpoint_failed",
                 {{"code", error_code_name(checkpoint.error().code)}});
    return;
  }
  logger.write(api::LogLevel::kInfo, "checkpoint_published",
               {{"tree_size", static_cast<int64_t>(checkpoint.value().tree_size)}});
}

// Settles matured vouchers whose payment has arrived and marks unpaid ones
// overdue, for today's business date.
// Serves the built console at `/` when `root` holds one; the API runs either way.
void add_web_console(api::Router& router, const std::string& root, api::Logger& logger) {
  if (root.empty()) return;
  auto site = api::StaticSite::load(root);
  if (!site.ok()) {
    logger.write(api::LogLevel::kWarn, "web_console_not_served",
                 {{"reason", site.error().message},
                  {"hint", "cd web && npm ci && npm run build, or set web.root"}});
    return;
  }
  logger.write(api::LogLevel::kInfo, "web_console_served",
               {{"root", root}, {"files", std::to_string(site.value().file_count())}});
  router.set_site_fallback(
      [shared = std::make_shared<const api::StaticSite>(std::move(site).value())](
          const api::HttpRequest& request) { return shared->serve(request); });
}

void settle_vouchers(scf::VoucherService& vouchers, const scf::SigningKey& key, const Clock& clock,
                     api::Logger& logger) {
  const Timestamp now = clock.now();
  const auto run = vouchers.settle_due(business_date(now), key, now);
  if (!run.ok()) {
    logger.write(api::LogLevel::kError, "voucher_settlement_failed",
                 {{"code", error_code_name(run.error().code)}});
    return;
  }
  if (run.value().settled + run.value().marked_overdue == 0) return;
  logger.write(api::LogLevel::kInfo, "vouchers_settled",
               {{"settled", run.value().settled}, {"marked_overdue", run.value().marked_overdue}});
}

int run_serve(const ServeFlags& flags) {
  Result<Config> loaded = load_config(flags);
  if (!loaded.ok()) return fail(loaded.error());
  const Config& config = loaded.value();
  if (flags.print_config) {
    std::fputs(print_config(config).c_str(), stdout);
    return kExitOk;
  }
  const SystemClock clock;
  api::Logger logger(stdout, clock, api::parse_log_level(config.log_level).value());
  auto store = open_store(config, clock, logger);
  if (!store.ok()) return fail(store.error());

  auto log =
      scf::DurableLog::open(*store.value(), scf::parse_hash_algorithm(config.scf_log_hash).value());
  if (!log.ok()) return fail(log.error());
  auto key = checkpoint_key(config, logger);
  if (!key.ok()) return fail(key.error());
  auto vouchers = scf::VoucherService::open(*log.value(), *store.value(), key.value().public_key());
  if (!vouchers.ok()) return fail(vouchers.error());
  const PeriodicTask publisher([&] { publish_if_grown(*log.value(), key.value(), clock, logger); },
                               std::chrono::milliseconds(config.scf_checkpoint_interval_ms));
  const PeriodicTask settlement(
      [&] { settle_vouchers(*vouchers.value(), key.value(), clock, logger); },
      std::chrono::milliseconds(config.scf_settlement_interval_ms));

  auto token_key = borrower_token_key(config, logger);
  if (!token_key.ok()) return fail(token_key.error());
  const api::Authenticator authenticator(*store.value(), token_key.value(), clock);
  const api::IdempotencyStore idempotency(*store.value(), clock);
  const api::Gate gate(authenticator, idempotency);

  api::Metrics metrics;
  api::Router router;
  api::add_event_routes(router, gate, *store.value());
  api::add_health_routes(router, *store.value(), metrics);
  api::add_verifiable_log_routes(router, *log.value());
  auto origination = OriginationRuntime::create(config, *store.value(), key.value(), logger, clock);
  if (!origination.ok()) return fail(origination.error());
  auto bank_secret = scf::bytes_from_hex(config.bank_secret);
  if (!bank_secret.ok()) return fail(bank_secret.error());
  origination::OriginationService& lending = origination.value()->service();
  api::add_voucher_routes(
      router, gate,
      {.vouchers = vouchers.value().get(),
       .platform_key = &key.value(),
       .clock = &clock,
       .bank_secret = std::string(bank_secret.value().begin(), bank_secret.value().end()),
       .assess_line = [&lending, &config, &clock](const std::string& enterprise_id,
                                                  int64_t limit_fen, const std::string& actor) {
         return lending.assess_line(enterprise_id, config.scf_line_product,
                                    Money::from_minor_units(limit_fen, kCny), actor, clock.now());
       }});
  origination.value()->add_routes(router, gate, *store.value(), authenticator, clock);
  const PeriodicTask graph_refresh(
      [&] { origination.value()->refresh_platform_graph(*store.value(), logger); },
      std::chrono::milliseconds(config.decision_graph_refresh_interval_ms));
  api::add_webhook_routes(router, gate, *store.value(), origination.value()->sealer(), clock);
  api::add_portfolio_routes(router, gate, *store.value(), clock);
  api::WebhookDispatcher webhooks(*store.value(), origination.value()->sealer(), clock, {});
  api::add_openapi_route(router, std::string(smecredit_version()));
  add_web_console(router, config.web_root, logger);

  api::ServerOptions options = config.server;
  options.handle_signals = true;
  api::Server server(options, router, metrics, logger);
  Status started = server.start();
  if (!started.ok()) return fail(started.error());
  const Status disbursing = origination.value()->start_disbursing(server.port(), clock, logger);
  if (!disbursing.ok()) {
    server.shutdown();
    server.wait();
    return fail(disbursing.error());
  }
  webhooks.start();
  const std::string url = "http://" + config.server.host + ":" + std::to_string(server.port());
  logger.write(api::LogLevel::kInfo, "listening", {{"url", url}});
  std::fprintf(stderr, "smecredit serving on %s (Ctrl-C stops)\n", url.c_str());
  server.wait();
  logger.write(api::LogLevel::kInfo, "stopped", {});
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* command = app.add_subcommand("serve", "Serve the HTTP API");
  command->add_option("--config", flags->config_file, "TOML configuration file")
      ->check(CLI::ExistingFile);
  command->add_option("--host", flags->host, "Address to listen on (server.host)");
  command->add_option("--port", flags->port, "Port to listen on, 0 for any (server.port)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--db", flags->db, "SQLite database file (store.path)");
  command->add_option("--threads", flags->threads, "Worker threads, 0 = one per core")
      ->check(CLI::Range(0, 256));
  command->add_option("--log-level", flags->log_level, "debug, info, warn or error");
  command->add_flag("--print-config", flags->print_config,
                    "Print the effective configuration (secrets masked) and exit");
  command->callback([flags, exit_code] { *exit_code = run_serve(*flags); });
}

}  // namespace smecredit::cli
