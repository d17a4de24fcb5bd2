// A probe: it compiles only where Python's headers are on the include path. The public include
// path must not reach them (tests/library/CMakeLists.txt).
#include <Python.h>
