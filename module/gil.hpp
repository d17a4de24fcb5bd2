#pragma once

// The GIL given up while native code sums, and the check for Ctrl-C made when it is taken back.

#include "module/python_error.hpp"

#include <Python.h>

namespace pyhost {

/// The GIL given up for the object's life, as Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS
/// give it up for a block. Nothing in that life may touch a Python object.
class gil_released {
  public:
    gil_released() noexcept : state_{PyEval_SaveThread()} {}
    ~gil_released() { PyEval_RestoreThread(state_); }
    gil_released(const gil_released &) = delete;
    gil_released &operator=(const gil_released &) = delete;

  private:
    PyThreadState *state_;
};

/// Runs the handlers of the signals that arrived, with the GIL held. Ctrl-C's handler raises
/// KeyboardInterrupt, which propagates.
inline void check_signals() {
    if (PyErr_CheckSignals() < 0) {
        propagate_python_exception();
    }
}

} // namespace pyhost
