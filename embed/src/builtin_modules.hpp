#pragma once

#include "pyhost/options.hpp"

#include <vector>

namespace pyhost::detail {

/// Puts my_python_module and the application's modules in CPython's table of built-in modules,
/// each unless an entry of its name is there already. Call before the interpreter starts, every
/// time: finalizing the interpreter may reset the table (Py_RunMain does), and a restart may add
/// modules. usage_error for a module without a name or an init function.
void register_builtin_modules(const std::vector<builtin_module> &modules);

} // namespace pyhost::detail
