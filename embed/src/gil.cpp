#include "embed/src/gil.hpp"

namespace pyhost::detail {

PyThreadState *release_after_start() noexcept {
    return PyEval_SaveThread();
}

void take_for_finalize(PyThreadState *starting) noexcept {
    if (PyGILState_GetThisThreadState() == starting) {
        PyEval_RestoreThread(starting);
        return;
    }
    // Another thread finalizes, and the starting thread may never come back (it may have ended
    // already). Nothing runs on it: no run is in progress.
    PyGILState_Ensure();
#if PY_VERSION_HEX >= 0x030D0000
    // CPython 3.13 finalizes with the starting thread's state whatever thread calls it
    // (resolve_final_tstate), and would delete this thread's state while it is current: the
    // starting thread's state becomes this thread's instead, and this one is deleted with the
    // others.
    PyThreadState_Swap(starting);
#else
    // Before 3.13, threading's shutdown waits for the thread that imported threading, the
    // starting thread, to end: its state goes first, and this thread's finalizes.
    PyThreadState_Clear(starting);
    PyThreadState_Delete(starting);
#endif
}

} // namespace pyhost::detail
