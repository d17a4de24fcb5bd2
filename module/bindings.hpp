#pragma once

#include <pybind11/pybind11.h>

namespace pyhost {

/// Fills `module` with my_python_module's contents: its docstring and every native function. This
/// is the one list of them. Two faces call it: the module built into the host
/// (embedded_module.cpp) and the extension module that plain python3 imports
/// (extension_module.cpp), so both have the same functions, docstrings and signatures.
void define_my_python_module(pybind11::module_ &module);

} // namespace pyhost
