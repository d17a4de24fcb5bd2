// Python 3.13 moved _Py_GetConfig to its internal headers, which need Py_BUILD_CORE, but
// libpython still exports it. Its result is const only by its signature: CPython's own main
// writes to it the same way (config->inspect in Modules/main.c).
#include "app/cpython_private.hpp"

#include <Python.h>

extern "C" const PyConfig *_Py_GetConfig(void);

namespace pyhost::cpython_private {

void silence_banner() {
    const_cast<PyConfig *>(_Py_GetConfig())->quiet = 1;
}

bool banner_is_silenced() {
    return _Py_GetConfig()->quiet != 0;
}

} // namespace pyhost::cpython_private
