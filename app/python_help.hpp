#pragma once

#include <string_view>

// python's own help texts, as the embedded version prints them. CMake asks the build's Python for
// them when it configures the build (cmake/python_help.cmake) and compiles them in, so that the
// host's help is byte for byte the help of the python3 it embeds, whatever its version, patch
// release or build variant.

namespace pyhost::python_help {

/// What follows the program's name on python's usage line: "[option] ... [-c cmd | ...".
std::string_view usage();

/// What `--help` prints after the usage line: the options, then the "Arguments" section.
std::string_view options();

/// What `--help-env` prints: the PYTHON* environment variables.
std::string_view environment();

/// What `--help-xoptions` prints: the implementation-specific -X options.
std::string_view xoptions();

/// What `--help-all` prints between its sections (the options, the variables, the -X options).
std::string_view section_separator();

} // namespace pyhost::python_help
