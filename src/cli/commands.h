// The smecredit command's subcommands. Each add_* registers one subcommand on
// the root CLI11 app; its callback stores the process exit code in
// *exit_code: 0 success, 1 runtime failure. Usage errors (a flag with a bad
// value) throw CLI::ValidationError, which main() turns into exit code 2 and
// a message saying what was wrong.
#pragma once

#include <CLI/CLI.hpp>
#include <string_view>

namespace smecredit::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// "0.1.0"
std::string_view smecredit_version();

void add_serve_command(CLI::App& app, int* exit_code);
void add_audit_command(CLI::App& app, int* exit_code);
void add_version_command(CLI::App& app, int* exit_code);
void add_bench_command(CLI::App& app, int* exit_code);
void add_schedule_command(CLI::App& app, int* exit_code);
void add_apr_command(CLI::App& app, int* exit_code);
void add_log_command(CLI::App& app, int* exit_code);
void add_eod_command(CLI::App& app, int* exit_code);
void add_keys_command(CLI::App& app, int* exit_code);
void add_token_command(CLI::App& app, int* exit_code);
void add_bank_command(CLI::App& app, int* exit_code);
void add_world_command(CLI::App& app, int* exit_code);
void add_provider_command(CLI::App& app, int* exit_code);
void add_model_command(CLI::App& app, int* exit_code);
void add_policy_command(CLI::App& app, int* exit_code);
void add_demo_command(CLI::App& app, int* exit_code);
void add_decision_command(CLI::App& app, int* exit_code);
void add_report_command(CLI::App& app, int* exit_code);

}  // namespace smecredit::cli
