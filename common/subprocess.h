// @brief Runs an external program and waits for it, optionally as another user.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace starry {

struct CommandResult {
  int exit_code = -1;  // 0 on success; 128 + signal when killed by a signal
  std::string output;  // stdout and stderr interleaved
};

// Runs argv[0] (searched in PATH) with argv; stdin is /dev/null.
// Errors: kUnavailable when the program cannot be started.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv);

}  // namespace starry
