#pragma once

// The library's one way to hold Python's lock (the GIL). Every entry from the application takes
// it here, on whatever thread the application calls from: PyGILState_Ensure makes a thread state
// for a thread that Python never saw, and finds the existing one for a thread that it did (the
// thread that started the interpreter, a thread that a script started). Nested entries on one
// thread nest. module/gil.hpp gives it up around native work; the library gives it up the same
// way (gil_released) while it waits for another thread's run.
//
// Starting and finalizing have their own rules for thread states (gil.cpp).
//
// PyGILState serves the main interpreter only. The sub-interpreters of a later step will need
// their own thread states, which will come in here too.

#include "module/gil.hpp"

#include <Python.h>

namespace pyhost::detail {

class python_lock {
  public:
    python_lock() noexcept : state_{PyGILState_Ensure()} {}
    ~python_lock() { PyGILState_Release(state_); }
    python_lock(const python_lock &) = delete;
    python_lock &operator=(const python_lock &) = delete;

  private:
    PyGILState_STATE state_;
};

/// Whether this thread holds Python's lock now.
inline bool holds_python_lock() noexcept {
    return PyGILState_Check() != 0;
}

/// Once CPython has started on this thread: gives Python's lock up, and returns this thread's
/// state, which take_for_finalize needs.
PyThreadState *release_after_start() noexcept;

/// Takes Python's lock for Py_FinalizeEx, on this thread, whether it is the thread that started
/// CPython (`starting` is its state) or another one. No run may be in progress.
void take_for_finalize(PyThreadState *starting) noexcept;

} // namespace pyhost::detail
