#pragma once

namespace pyhost {

/// Puts my_python_module back in CPython's table of built-in modules if it is gone, so that
/// every interpreter the process starts can import it. PYBIND11_EMBEDDED_MODULE adds it once,
/// before main; Py_FinalizeEx (and so Py_RunMain) resets the table, which drops it. Call before
/// the interpreter starts. False when memory ran out.
bool register_my_python_module();

} // namespace pyhost
