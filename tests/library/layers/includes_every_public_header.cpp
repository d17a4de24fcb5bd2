// A probe: every public header compiles on the public include path alone, with no Python
// (tests/library/CMakeLists.txt).
#include <pyhost/errors.hpp>
#include <pyhost/evaluation.hpp>
#include <pyhost/export.hpp>
#include <pyhost/interpreter.hpp>
#include <pyhost/limits.hpp>
#include <pyhost/options.hpp>
#include <pyhost/outcome.hpp>
#include <pyhost/output.hpp>
#include <pyhost/value.hpp>
