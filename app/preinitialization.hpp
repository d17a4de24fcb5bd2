#pragma once

namespace pyhost {

/// Pre-initializes CPython from the command line as typed, as python's own main does before it
/// reads its options. That step reads -E, -I, -X utf8 and -X dev, and the variables PYTHONMALLOC,
/// PYTHONUTF8, PYTHONCOERCECLOCALE and PYTHONDEVMODE. A bad value there is a fatal error that
/// python reports before a usage error, help or -V; so does this, and it ends the process with
/// python's status.
void preinitialize(int argc, char **argv);

} // namespace pyhost
