// A probe: it compiles only where a host header (app/) is on the include path. The library's
// include path must not reach one (tests/library/CMakeLists.txt).
#include "app/options.hpp"
