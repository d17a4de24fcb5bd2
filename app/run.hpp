#pragma once

#include "app/options.hpp"

#include <string>
#include <vector>

namespace pyhost {

/// Runs the program that `opts` name (a command, a module, a file, stdin) exactly as python does,
/// then finalizes the interpreter. Returns the process's exit status: SystemExit's code, 1 after
/// an uncaught exception, 2 for a script that cannot be opened; an uncaught KeyboardInterrupt ends
/// the process by SIGINT, as in python.
int run(const options &opts, const std::vector<std::string> &original_argv);

} // namespace pyhost
