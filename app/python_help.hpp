#pragma once

#include <string_view>

// python's own help texts, as the embedded version prints them: each supported version has its
// own file (app/python_help/python3.X.cpp), chosen at configure time as the Python is. The texts
// are python's data, reproduced word for word (trailing spaces included), so that the host's help
// is byte for byte the help of the python3 it embeds. Patch releases that changed a text are told
// apart by PY_VERSION_HEX, and build variants (Py_STATS, say) by pyconfig.h's macros.

namespace pyhost::python_help {

/// What `--help` prints after the usage line: the options, then the "Arguments" section.
std::string_view options();

/// What `--help-env` prints: the PYTHON* environment variables.
std::string_view environment();

/// What `--help-xoptions` prints: the implementation-specific -X options.
std::string_view xoptions();

/// What `--help-all` prints between its sections (the options, the variables, the -X options).
std::string_view section_separator();

} // namespace pyhost::python_help
