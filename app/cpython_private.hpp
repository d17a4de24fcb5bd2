#pragma once

// The private CPython API that the host still needs, behind one function per use. Each supported
// version implements these in its own file (app/cpython_private/python3.X.cpp), so that a new
// version shows at once what it must provide. tests/embedding/test_cpython_private.cpp fails if the
// API goes away or stops working.

namespace pyhost::cpython_private {

/// Keeps Py_RunMain from printing CPython's banner, so that the host can print its own. It sets
/// `quiet` in the running interpreter's configuration, which Py_RunMain reads, and leaves
/// sys.flags.quiet as python3 has it: a -q at start-up would show there, and in the flags that
/// subprocess and multiprocessing pass on to child processes. No public API writes the running
/// configuration before Python 3.14 (PyConfig_Set), and 3.14's refuses `quiet`.
void silence_banner();

/// Whether the running configuration says quiet, as Py_RunMain reads it.
bool banner_is_silenced();

} // namespace pyhost::cpython_private
