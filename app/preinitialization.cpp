#include "app/preinitialization.hpp"

#include <Python.h>

namespace pyhost {

void preinitialize(int argc, char **argv) {
    // CPython reads the original command line here, not the canonical one: the canonical form
    // exists only once the command line has parsed, and python checks these values first.
    PyPreConfig preconfig;
    PyPreConfig_InitPythonConfig(&preconfig);
    const PyStatus status = Py_PreInitializeFromBytesArgs(&preconfig, argc, argv);
    if (PyStatus_Exception(status) != 0) {
        Py_ExitStatusException(status);
    }
}

} // namespace pyhost
