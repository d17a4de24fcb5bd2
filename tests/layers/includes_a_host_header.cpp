// A probe: it compiles only where a host header (app/) is on the include path. The module's
// include path must not reach one (tests/CMakeLists.txt).
#include "app/options.hpp"
