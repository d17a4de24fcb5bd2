#pragma once

#include "app/options.hpp"

#include <string>
#include <vector>

namespace pyhost {

/// Starts CPython configured as `python` would be by the same command line: `opts` in python's
/// canonical form, read by CPython's own configuration code, so that options, PYTHON* variables,
/// -E and -I combine exactly as in python3. `original_argv` becomes sys.orig_argv, and its first
/// item the program name (and so sys.executable). When CPython rejects the configuration (a bad
/// -X value, say), it reports that and ends the process with python's status.
void initialize_interpreter(const options &opts, const std::vector<std::string> &original_argv);

} // namespace pyhost
