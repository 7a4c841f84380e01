// `smecredit decision replay --application ID [--db FILE] [--policy FILE]
//  [--models DIR]`: re-runs a stored decision. The application's decision
// record (policy version, canonical input snapshot and its SHA-256, outcome,
// offer, reasons, trace) is read from the store, the policy file compiled
// with the models, and the decision taken again on the snapshot. Prints
// {"application":…,"policy":…,"identical":true|false}; exit 0 when the new
// record equals the stored one byte for byte, 1 when it differs (or cannot be
// replayed, e.g. the policy file is another version), 2 on usage errors.
#include <cstdio>
#include <memory>
#include <string>

#include "api/json.h"
#include "cli/commands.h"
#include "cli/open_store.h"
#include "cli/origination_runtime.h"
#include "cli/system_clock.h"
#include "decision/record/record.h"

namespace smecredit::cli {

namespace {

struct ReplayFlags {
  std::string application_id;
  std::string db_path = "var/smecredit.db";
  std::string policy = "policies/sme-origination.json";
  std::string models_dir = "models";
};

int fail(const Error& error) {
  std::fprintf(stderr, "smecredit decision replay: %s\n", error.to_string().c_str());
  return kExitFailure;
}

int run_replay(const ReplayFlags& flags) {
  const SystemClock clock;
  auto opened = open_migrated_store({.path = flags.db_path}, clock.now());
  if (!opened.ok()) return fail(opened.error());
  std::string record;
  const Status read = opened.value().store->transact(
      store::TxMode::kReadOnly, [&](store::Transaction& tx) -> Status {
        SC_ASSIGN_OR_RETURN(store::Rows rows,
                            tx.query("SELECT decision_record FROM applications WHERE id = ?",
                                     {flags.application_id}));
        if (rows.empty()) return Error{ErrorCode::kNotFound, "no such application"};
        if (rows[0].is_null(0)) {
          return Error{ErrorCode::kNotFound, "the application has no decision record"};
        }
        record = rows[0].text(0);
        return ok_status();
      });
  if (!read.ok()) return fail(read.error());
  const auto policy = load_policy(flags.policy, flags.models_dir);
  if (!policy.ok()) return fail(policy.error());
  const auto replayed = decision::replay(*policy.value(), record);
  if (!replayed.ok()) return fail(replayed.error());
  const bool identical = replayed.value().to_json() == record;
  api::JsonBuffer buffer;
  api::JsonWriter w(buffer);
  w.StartObject();
  api::write_field(w, "application", flags.application_id);
  api::write_field(w, "policy", replayed.value().policy);
  w.Key("identical");
  w.Bool(identical);
  w.EndObject();
  std::printf("%s\n", buffer.GetString());
  return identical ? kExitOk : kExitFailure;
}

}  // namespace

void add_decision_command(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ReplayFlags>();
  CLI::App* decision = app.add_subcommand("decision", "Stored decisions");
  decision->require_subcommand(1);
  CLI::App* replay = decision->add_subcommand("replay", "Take a stored decision again");
  replay->add_option("--application", flags->application_id, "Application id (app_…)")->required();
  replay->add_option("--db", flags->db_path, "SQLite database");
  replay->add_option("--policy", flags->policy, "Policy file (the version the record names)");
  replay->add_option("--models", flags->models_dir, "Models directory");
  replay->callback([flags, exit_code] { *exit_code = run_replay(*flags); });
}

}  // namespace smecredit::cli
