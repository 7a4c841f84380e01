// smecredit: the platform's single command. `smecredit --help` lists the
// subcommands; exit codes are 0 (success), 1 (runtime failure), 2 (usage).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string_view>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace smecredit::cli;
  CLI::App app{"smecredit: digital lending for small and micro enterprises", "smecredit"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  add_serve_command(app, &exit_code);
  add_version_command(app, &exit_code);
  add_bench_command(app, &exit_code);
  add_schedule_command(app, &exit_code);
  add_apr_command(app, &exit_code);
  add_log_command(app, &exit_code);
  add_audit_command(app, &exit_code);
  add_eod_command(app, &exit_code);
  add_keys_command(app, &exit_code);
  add_token_command(app, &exit_code);
  add_bank_command(app, &exit_code);
  add_world_command(app, &exit_code);
  add_provider_command(app, &exit_code);
  add_model_command(app, &exit_code);
  add_demo_command(app, &exit_code);
  add_decision_command(app, &exit_code);
  add_report_command(app, &exit_code);
  add_policy_command(app, &exit_code);
  if (argc > 1 && argv[1][0] != '-') {
    const std::string_view name = argv[1];
    const auto known = app.get_subcommands([&](CLI::App* sub) { return sub->get_name() == name; });
    if (known.empty()) {
      std::fprintf(stderr, "smecredit: unknown command '%s'; run 'smecredit --help' for the list\n",
                   argv[1]);
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints what was wrong
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smecredit: %s\n", e.what());
    return kExitFailure;
  }
  return exit_code;
}
