#pragma once

#include "app/options.hpp"

namespace pyhost {

/// Makes CPython's interactive session the host's, when stdin is a terminal. CPython calls
/// sys.__interactivehook__ right before its REPL's first prompt (with no program, or after one
/// under -i); this points it at the host's console (app/console.py, compiled into the binary),
/// which is loaded only then. When the session starts at once (no program, no -q), it also prints
/// the host's banner now, where CPython would print its own, and keeps CPython from printing that.
/// When stdin is not a terminal it does nothing, so that every such run is python3's own. Call it
/// once the interpreter is initialized from `opts` and before Py_RunMain.
void install_console(const options &opts);

} // namespace pyhost
