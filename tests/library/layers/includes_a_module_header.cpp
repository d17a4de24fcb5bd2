// A probe: it compiles only where the module's headers are on the include path. The public
// include path must not reach them (tests/library/CMakeLists.txt).
#include "module/bindings.hpp"
