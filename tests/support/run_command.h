// Runs the smecredit binary under test (SMECREDIT_BINARY) to completion and
// captures what it prints: for tests of command lines other tools depend on.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace smecredit::testing {

struct CommandRun {
  int exit_code = -1;  // -1 when the command could not run or was killed
  std::string out;
};

enum class Stderr { kDiscard, kCapture };

// `arguments` are appended to the binary's path as shell words.
inline CommandRun run_smecredit(const std::string& arguments, Stderr stderr_mode) {
  const std::string redirect = stderr_mode == Stderr::kCapture ? " 2>&1" : " 2>/dev/null";
  const std::string command = std::string(SMECREDIT_BINARY) + " " + arguments + redirect;
  FILE* pipe = popen(command.c_str(), "r");
  CommandRun result;
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace smecredit::testing
