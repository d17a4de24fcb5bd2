#pragma once

#include "pyhost/options.hpp"

namespace pyhost::detail {

/// Starts CPython as `opts` configure it, on this thread, which then holds Python's lock. Every
/// PyStatus is checked: a failure is a start_error with CPython's message, never an exit.
void start_python(const options &opts);

} // namespace pyhost::detail
