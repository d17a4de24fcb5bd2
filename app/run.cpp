#include "app/run.hpp"

#include "app/bundled_stdlib.hpp"
#include "app/console.hpp"
#include "app/interpreter.hpp"

#include <Python.h>

namespace pyhost {

int run(const options &opts, const std::vector<std::string> &original_argv) {
    initialize_interpreter(opts, original_argv);
    // In a bundle: the rest of its packed standard library, found at its place in sys.path.
    install_bundle_importer();
    // Only when stdin is a terminal: the host's session for CPython's REPL, should it start.
    install_console(opts);
    // Py_RunMain is python's own main loop: sys.path[0], __main__, runpy for -m and directories,
    // SystemExit and KeyboardInterrupt, atexit, joining threads and flushing streams.
    return Py_RunMain();
}

} // namespace pyhost
