#pragma once

#include <Python.h>

namespace pyhost::detail {

/// my_python_module's init function for CPython's table of built-in modules: the module of
/// module/bindings.cpp, the same one that the pyhost program and the extension module have.
PyObject *init_my_python_module();

} // namespace pyhost::detail
