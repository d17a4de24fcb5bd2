// The exception classes' key functions: their type information lives in the library, one copy,
// which an application's catch clauses match across the shared library's boundary.
#include "pyhost/errors.hpp"

namespace pyhost {

usage_error::~usage_error() = default;
start_error::~start_error() = default;

} // namespace pyhost
