// `smecredit provider serve --world DIR --port P`: the provider simulator
// (connectors/provider/provider_routes.h) over a generated world, with
// configurable latency and faults. `smecredit provider token`: mints a
// consent token for tests and demonstrations. The API key and the consent
// secret come from flags or from SMECREDIT_PROVIDER_API_KEY and
// SMECREDIT_PROVIDER_CONSENT_SECRET and are never printed.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "api/health_routes.h"
#include "api/log.h"
#include "api/metrics.h"
#include "api/server.h"
#include "cli/commands.h"
#include "cli/system_clock.h"
#include "connectors/consent/consent_token.h"
#include "connectors/provider/provider_routes.h"

namespace smecredit::cli {

namespace {

struct ProviderFlags {
  std::string world_dir;
  std::string host = "127.0.0.1";
  int port = 9090;
  int threads = 0;
  connectors::ProviderOptions options;
};

struct TokenFlags {
  std::string secret;
  connectors::ConsentClaims claims;
  std::string scopes;
  int64_t ttl_seconds = 3600;
};

int run_serve(const ProviderFlags& flags) {
  const SystemClock clock;
  api::Logger logger(stdout, clock, api::LogLevel::kInfo);
  auto world = connectors::WorldStore::load(flags.world_dir);
  if (!world.ok()) {
    std::fprintf(stderr, "smecredit provider serve: %s\n", world.error().to_string().c_str());
    return kExitFailure;
  }
  connectors::ProviderFaults faults(flags.options);
  api::Metrics metrics;
  api::Router router;
  connectors::add_provider_routes(router, *world.value(), flags.options, faults, clock);
  api::ServerOptions options;
  options.host = flags.host;
  options.port = static_cast<uint16_t>(flags.port);
  options.threads = flags.threads;
  options.handle_signals = true;
  api::Server server(options, router, metrics, logger);
  const Status started = server.start();
  if (!started.ok()) {
    std::fprintf(stderr, "smecredit provider serve: %s\n", started.error().to_string().c_str());
    return kExitFailure;
  }
  const std::string url = "http://" + flags.host + ":" + std::to_string(server.port());
  logger.write(api::LogLevel::kInfo, "provider_listening", {{"url", url}});
  std::fprintf(stderr, "smecredit provider serving on %s (Ctrl-C stops)\n", url.c_str());
  server.wait();
  return kExitOk;
}

int run_token(TokenFlags& flags) {
  size_t begin = 0;
  while (begin <= flags.scopes.size()) {
    const size_t comma = std::min(flags.scopes.find(',', begin), flags.scopes.size());
    flags.claims.scopes.push_back(flags.scopes.substr(begin, comma - begin));
    begin = comma + 1;
  }
  const int64_t now_unix =
      std::chrono::duration_cast<std::chrono::seconds>(SystemClock().now().time_since_epoch())
          .count();
  flags.claims.expires_unix = now_unix + flags.ttl_seconds;
  const Result<std::string> token = connectors::mint_consent_token(flags.secret, flags.claims);
  if (!token.ok()) {
    std::fprintf(stderr, "smecredit provider token: %s\n", token.error().to_string().c_str());
    return kExitUsage;
  }
  std::printf("%s\n", token.value().c_str());
  return kExitOk;
}

void add_fault_options(CLI::App* serve, connectors::ProviderOptions& o) {
  const auto bp = CLI::Range(int64_t{0}, int64_t{10000});
  serve->add_option("--latency-ms", o.latency_ms, "Added to every answer")
      ->check(CLI::Range(0, 60'000));
  serve->add_option("--jitter-ms", o.jitter_ms, "Plus uniform 0..jitter")
      ->check(CLI::Range(0, 60'000));
  serve->add_option("--slow-bp", o.slow_bp, "Answers delayed by --slow-ms, basis points")
      ->check(bp);
  serve->add_option("--slow-ms", o.slow_ms, "Delay of slow answers")->check(CLI::Range(0, 120'000));
  serve->add_option("--error-bp", o.error_bp, "503 answers, basis points")->check(bp);
  serve->add_option("--malformed-bp", o.malformed_bp, "Truncated JSON answers, basis points")
      ->check(bp);
  serve
      ->add_option("--rate-limit", o.rate_limit_per_second,
                   "Requests a second before 429 (0: none)")
      ->check(CLI::Range(0, 1'000'000));
  serve->add_option("--fault-seed", o.fault_seed, "Seed of the fault draws");
}

}  // namespace

void add_provider_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ProviderFlags>();
  auto token = std::make_shared<TokenFlags>();
  CLI::App* provider = app.add_subcommand("provider", "The external data provider simulator");
  provider->require_subcommand(1);
  CLI::App* serve = provider->add_subcommand("serve", "Serve a generated world as a provider");
  serve->add_option("--world", flags->world_dir, "Directory written by 'world generate'")
      ->required();
  serve->add_option("--host", flags->host, "Address to listen on");
  serve->add_option("--port", flags->port, "Port, 0 for any")->check(CLI::Range(0, 65535));
  serve->add_option("--threads", flags->threads, "Server threads (0: one per core)")
      ->check(CLI::Range(0, 256));
  serve->add_option("--api-key", flags->options.api_key, "API key clients must send")
      ->envname("SMECREDIT_PROVIDER_API_KEY")
      ->required();
  serve
      ->add_option("--consent-secret", flags->options.consent_secret,
                   "HMAC secret of consent tokens")
      ->envname("SMECREDIT_PROVIDER_CONSENT_SECRET")
      ->required();
  add_fault_options(serve, flags->options);
  serve->callback([flags, exit_code] { *exit_code = run_serve(*flags); });

  CLI::App* mint = provider->add_subcommand("token", "Mint a consent token");
  mint->add_option("--consent-secret", token->secret, "HMAC secret")
      ->envname("SMECREDIT_PROVIDER_CONSENT_SECRET")
      ->required();
  mint->add_option("--enterprise", token->claims.enterprise_id, "Enterprise id")->required();
  mint->add_option("--scopes", token->scopes, "Comma-separated scopes")->required();
  mint->add_option("--purpose", token->claims.purpose, "Purpose, e.g. credit_assessment")
      ->required();
  mint->add_option("--ttl-seconds", token->ttl_seconds, "Validity")
      ->check(CLI::Range(int64_t{1}, int64_t{31'536'000}));
  mint->callback([token, exit_code] { *exit_code = run_token(*token); });
}

}  // namespace smecredit::cli
