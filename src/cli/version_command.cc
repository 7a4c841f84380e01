#include <cstdio>

#include "cli/commands.h"

namespace smecredit::cli {

std::string_view smecredit_version() {
  return SMECREDIT_VERSION;
}

void add_version_command(CLI::App& app, int* exit_code) {
  CLI::App* command = app.add_subcommand("version", "Print the version and build");
  command->callback([exit_code] {
    std::printf("smecredit %s (revision %s, %s build, %s)\n", SMECREDIT_VERSION,
                SMECREDIT_GIT_REVISION, SMECREDIT_BUILD_TYPE, __VERSION__);
    *exit_code = kExitOk;
  });
}

}  // namespace smecredit::cli
