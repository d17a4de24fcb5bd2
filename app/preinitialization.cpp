#include "app/preinitialization.hpp"

#include "app/python_status.hpp"

#include <Python.h>

namespace pyhost {

void preinitialize(int argc, char **argv) {
    // CPython reads the original command line here, not the canonical one: the canonical form
    // exists only once the command line has parsed, and python checks these values first.
    PyPreConfig preconfig;
    PyPreConfig_InitPythonConfig(&preconfig);
    check_status(Py_PreInitializeFromBytesArgs(&preconfig, argc, argv));
}

} // namespace pyhost
