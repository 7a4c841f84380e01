// `smecredit bank serve --port P --secret HEX [--payments-callback-url URL]
//   [--delay-ms N] [--failure-percent N] [--duplicate-percent N] [--seed N]`:
// the simulated bank (api/bank_simulator.h) on loopback. The secret may also
// come from SMECREDIT_BANK_SECRET; it must equal the platform's bank.secret.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "api/bank_simulator.h"
#include "api/server.h"
#include "cli/commands.h"
#include "cli/system_clock.h"
#include "scf/merkle/hex.h"

namespace smecredit::cli {

namespace {

struct BankFlags {
  std::string host = "127.0.0.1";
  int port = 8090;
  std::string secret_hex;
  std::string payments_callback_url;
  int delay_ms = 0;
  int failure_percent = 0;
  int duplicate_percent = 0;
  uint64_t seed = 1;
};

int run_bank(BankFlags flags) {
  if (flags.secret_hex.empty()) {
    if (const char* env = std::getenv("SMECREDIT_BANK_SECRET")) flags.secret_hex = env;
  }
  const auto secret = scf::bytes_from_hex(flags.secret_hex);
  if (flags.secret_hex.size() != 64 || !secret.ok()) {
    throw CLI::ValidationError("--secret", "64 hex digits (or SMECREDIT_BANK_SECRET)");
  }
  const SystemClock clock;
  api::Logger logger(stdout, clock, api::LogLevel::kInfo);
  api::BankSimulator bank({.secret = std::string(secret.value().begin(), secret.value().end()),
                           .payments_callback_url = flags.payments_callback_url,
                           .delay_ms = flags.delay_ms,
                           .failure_percent = flags.failure_percent,
                           .duplicate_percent = flags.duplicate_percent,
                           .seed = flags.seed},
                          clock);
  api::Router router;
  bank.add_routes(router);
  api::Metrics metrics;
  api::ServerOptions options;
  options.host = flags.host;
  options.port = static_cast<uint16_t>(flags.port);
  options.handle_signals = true;
  api::Server server(options, router, metrics, logger);
  const Status started = server.start();
  if (!started.ok()) {
    std::fprintf(stderr, "smecredit bank: %s\n", started.error().to_string().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr, "smecredit bank simulator on http://%s:%u (Ctrl-C stops)\n",
               flags.host.c_str(), server.port());
  server.wait();
  return kExitOk;
}

}  // namespace

void add_bank_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<BankFlags>();
  CLI::App* bank = app.add_subcommand("bank", "The simulated bank");
  bank->require_subcommand(1);
  CLI::App* serve = bank->add_subcommand("serve", "Serve the simulated bank");
  serve->add_option("--host", flags->host, "Address to listen on");
  serve->add_option("--port", flags->port, "Port, 0 for any")->check(CLI::Range(0, 65535));
  serve->add_option("--secret", flags->secret_hex, "Shared HMAC secret, 64 hex digits");
  serve->add_option("--payments-callback-url", flags->payments_callback_url,
                    "Where incoming payments are reported, e.g. "
                    "http://127.0.0.1:8080/v1/bank/callbacks");
  serve->add_option("--delay-ms", flags->delay_ms, "Delay before each callback")
      ->check(CLI::Range(0, 600'000));
  serve->add_option("--failure-percent", flags->failure_percent, "Disbursements that fail")
      ->check(CLI::Range(0, 100));
  serve->add_option("--duplicate-percent", flags->duplicate_percent, "Callbacks delivered twice")
      ->check(CLI::Range(0, 100));
  serve->add_option("--seed", flags->seed, "Seed for the simulated faults");
  serve->callback([flags, exit_code] { *exit_code = run_bank(*flags); });
}

}  // namespace smecredit::cli
