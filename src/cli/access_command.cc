// Credentials from the command line (src/api/auth.h):
//   smecredit keys create --db PATH --role officer --name "risk desk" [--partner ID]
//   smecredit keys revoke --db PATH --key-id ID
//   smecredit token issue --enterprise ID --subject S [--ttl-hours H] [--config FILE]
// `keys create` prints {"key_id":…,"credential":…} once: only a hash of the
// secret is stored. `token issue` signs with security.token_key (from the
// configuration file or SMECREDIT_SECURITY_TOKEN_KEY), the key `serve` uses.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "api/auth.h"
#include "api/json.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/open_store.h"
#include "cli/system_clock.h"
#include "scf/merkle/hex.h"

extern char** environ;

namespace smecredit::cli {

namespace {

struct KeyFlags {
  std::string db_path = "var/smecredit.db";
  std::string role;
  std::string name;
  std::string partner_id;
  std::string key_id;
};

struct TokenFlags {
  std::string config_file;
  std::string enterprise_id;
  std::string subject;
  int ttl_hours = 24;
};

int fail(std::string_view command, const Error& error) {
  std::fprintf(stderr, "smecredit %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               error.to_string().c_str());
  return kExitFailure;
}

// Keys are issued and revoked through the same Authenticator `serve` uses;
// the token key is irrelevant to API keys, so an empty one is fine here.
int run_keys(const KeyFlags& flags, bool create) {
  const SystemClock clock;
  auto opened = open_migrated_store({.path = flags.db_path}, clock.now());
  if (!opened.ok()) return fail("keys", opened.error());
  const api::Authenticator auth(*opened.value().store, "", clock);
  if (!create) {
    const Status revoked = auth.revoke_api_key(flags.key_id);
    if (!revoked.ok()) return fail("keys revoke", revoked.error());
    std::printf("%s\n", api::json_object_with_string("revoked", flags.key_id).c_str());
    return kExitOk;
  }
  const auto role = api::parse_role(flags.role);
  if (!role.ok()) throw CLI::ValidationError("--role", role.error().message);
  const auto issued = auth.create_api_key(role.value(), flags.name, flags.partner_id);
  if (!issued.ok()) return fail("keys create", issued.error());
  api::JsonBuffer buffer;
  api::JsonWriter w(buffer);
  w.StartObject();
  api::write_field(w, "key_id", issued.value().key_id);
  api::write_field(w, "role", flags.role);
  api::write_field(w, "credential", issued.value().credential);
  w.EndObject();
  std::printf("%s\n", buffer.GetString());
  return kExitOk;
}

int run_token(const TokenFlags& flags) {
  Config config;
  if (!flags.config_file.empty()) {
    const Status read = apply_config_file(config, flags.config_file);
    if (!read.ok()) return fail("token", read.error());
  }
  const Status env = apply_environment(config, environ);
  if (!env.ok()) return fail("token", env.error());
  if (config.token_key.empty()) {
    return fail("token", Error{ErrorCode::kFailedPrecondition,
                               "security.token_key is not set (the key serve verifies with)"});
  }
  const auto key = scf::bytes_from_hex(config.token_key);
  if (!key.ok()) return fail("token", key.error());
  const SystemClock clock;
  // Only the HMAC key matters for issuing; no store is opened.
  const std::string token_key(key.value().begin(), key.value().end());
  const Timestamp expires = clock.now() + std::chrono::hours(flags.ttl_hours);
  const std::string token = api::Authenticator::sign_borrower_token(token_key, flags.subject,
                                                                    flags.enterprise_id, expires);
  std::printf("%s\n", api::json_object_with_string("token", token).c_str());
  return kExitOk;
}

}  // namespace

void add_keys_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<KeyFlags>();
  CLI::App* keys = app.add_subcommand("keys", "Create and revoke API keys");
  keys->require_subcommand(1);
  CLI::App* create = keys->add_subcommand("create", "Create an API key (printed once)");
  create->add_option("--db", flags->db_path, "SQLite database file");
  create->add_option("--role", flags->role, "partner, officer, auditor or admin")->required();
  create->add_option("--name", flags->name, "Who or what holds the key")->required();
  create->add_option("--partner", flags->partner_id, "Partner id (partner keys)");
  create->callback([flags, exit_code] { *exit_code = run_keys(*flags, true); });
  CLI::App* revoke = keys->add_subcommand("revoke", "Revoke an API key");
  revoke->add_option("--db", flags->db_path, "SQLite database file");
  revoke->add_option("--key-id", flags->key_id, "The key's id")->required();
  revoke->callback([flags, exit_code] { *exit_code = run_keys(*flags, false); });
}

void add_token_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<TokenFlags>();
  CLI::App* token = app.add_subcommand("token", "Borrower tokens");
  token->require_subcommand(1);
  CLI::App* issue = token->add_subcommand("issue", "Issue a borrower token for an enterprise");
  issue->add_option("--config", flags->config_file, "TOML configuration file")
      ->check(CLI::ExistingFile);
  issue->add_option("--enterprise", flags->enterprise_id, "Enterprise id")->required();
  issue->add_option("--subject", flags->subject, "Who the borrower is")->required();
  issue->add_option("--ttl-hours", flags->ttl_hours, "Hours until the token expires")
      ->check(CLI::Range(1, 24 * 90));
  issue->callback([flags, exit_code] { *exit_code = run_token(*flags); });
}

}  // namespace smecredit::cli
