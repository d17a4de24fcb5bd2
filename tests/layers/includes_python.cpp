// A probe: it compiles only where Python's headers are on the include path. Core's include path
// must not reach them (tests/CMakeLists.txt).
#include <Python.h>
