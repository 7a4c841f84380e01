// Configuration: defaults, then a TOML file, then SMECREDIT_* environment
// variables, then command-line flags, each overriding the one before.
//
// Every setting is declared once in a field table (config.cc) with its TOML
// key ("server.port"), its environment variable (SMECREDIT_SERVER_PORT), a
// parser that validates it, and whether it is a secret. Unknown TOML keys are
// errors, so a typo never silently falls back to a default. Secrets print as
// "********" in print_config().
//
// Example:
//   Config config;
//   SC_RETURN_IF_ERROR(apply_config_file(config, "smecredit.toml"));
//   SC_RETURN_IF_ERROR(apply_environment(config, environ));
//   SC_RETURN_IF_ERROR(set_config_value(config, "server.port", "9090"));
#pragma once

#include <string>
#include <string_view>

#include "api/server.h"
#include "core/result.h"

namespace smecredit::cli {

struct Config {
  api::ServerOptions server;
  std::string store_path = "var/smecredit.db";
  int store_pool_size = 8;
  std::string store_synchronous = "FULL";
  std::string log_level = "info";
  std::string scf_log_hash = "sha256";  // the verifiable log's hash: sha256 or sm3
  // the platform's signing scheme for checkpoints, participant registrations
  // and contract countersignatures: ed25519 or sm2
  std::string scf_signature_scheme = "ed25519";
  int scf_checkpoint_interval_ms = 10'000;
  // how often the server settles matured vouchers and marks unpaid ones overdue
  int scf_settlement_interval_ms = 60'000;
  // the catalogue product whose limits and pricing the risk process applies
  // to a core enterprise's issuance line
  std::string scf_line_product = "SME-CREDIT-12M";
  // 64 hex digits: the Ed25519 seed the platform signs log checkpoints with.
  // Secret. Empty: a fresh key each start (checkpoints then change signer).
  std::string log_signing_seed;
  // 64 hex digits: the key that encrypts personal data at rest. Secret.
  std::string data_key;
  // 64 hex digits: the HMAC key that signs borrower tokens. Secret. Empty: a
  // fresh key each start (tokens then die with the process).
  std::string token_key;
  // Origination: where product files (*.json) are read from at start, how
  // long offers stay open, and above what officer approvals need a second.
  std::string products_dir = "products";
  int offer_ttl_hours = 72;
  int64_t second_officer_threshold_fen = 50'000'000;
  // The legal APR ceilings by date (loan/apr_cap.h), e.g. rates/apr-caps.txt;
  // empty: only the products' own caps.
  std::string apr_caps_path;
  // The bank: where disbursement instructions go (http://HOST:PORT; empty:
  // none are sent), where it reports results (default: this server's
  // /v1/bank/callbacks), and the shared HMAC secret (64 hex digits; secret).
  std::string bank_url;
  std::string bank_callback_url;
  std::string bank_secret;
  // The data provider the underwriter pulls from (http://HOST:PORT; empty:
  // applications cannot be decided), its API key (secret), and the HMAC
  // secret agreed with it for the consent tokens the platform issues when an
  // enterprise grants consent (the same text the provider holds, at least 32
  // characters; secret).
  std::string provider_url;
  std::string provider_api_key;
  std::string provider_consent_secret;
  // At most this many pulls in flight to the provider, across applications.
  int provider_max_concurrent = 32;
  // The decision policy file the underwriter runs, the directory of the
  // models it calls (*.json, named by file stem), and how long pulled data
  // is reused before it is pulled again.
  std::string decision_policy = "policies/sme-origination.json";
  std::string decision_models_dir = "models";
  int decision_data_max_age_minutes = 60;
  // A champion/challenger experiment: the challenger policy file (empty:
  // none; its name must differ from the champion's) and the share of
  // enterprises it decides, in basis points; the other arm runs in shadow.
  std::string decision_challenger_policy;
  int decision_challenger_basis_points = 1'000;
  // How often the platform-wide relationship graph (guarantee circles and
  // chains, distance to blacklisted parties, shared-contact clusters over
  // every enterprise whose data is held) is rebuilt for the decisions.
  int decision_graph_refresh_interval_ms = 60'000;
  // The web console's built files (web/dist, from `npm run build` in web/),
  // served at `/`; empty, or a directory without index.html: no console.
  std::string web_root = "web/dist";
};

// Sets one setting from text, validating it; `key` is the TOML key.
Status set_config_value(Config& config, std::string_view key, std::string_view text);
Status apply_config_file(Config& config, const std::string& path);
// `environment` is a null-terminated array of "NAME=value" (like environ).
Status apply_environment(Config& config, char** environment);
// The effective configuration as TOML, secrets masked.
std::string print_config(const Config& config);

}  // namespace smecredit::cli
