#pragma once

// Where a Python exception becomes an outcome: the one boundary of every run. Code inside a run
// uses module/python_error.hpp's vocabulary (own(), hold(), propagate_python_exception()); the
// run catches python_exception_is_set and calls report_raised_exception.

#include "pyhost/outcome.hpp"

#include <Python.h>
#include <pybind11/pybind11.h>

namespace pyhost::detail {

/// Takes the exception that is set, and reports it as python's main reports an uncaught one:
/// SystemExit becomes an exit status (a code that is not an int is written to sys.stderr); any
/// other exception goes to sys.excepthook, which writes its traceback to sys.stderr, and becomes
/// an exception outcome. `library` is the library's Python module (library.py).
outcome report_raised_exception(const pybind11::object &library);

/// Keeps the exception that is set, if any, aside for its life, and sets it again at its end, so
/// that cleanup during unwinding may call CPython.
class pending_exception_kept {
  public:
    pending_exception_kept() noexcept;
    ~pending_exception_kept();
    pending_exception_kept(const pending_exception_kept &) = delete;
    pending_exception_kept &operator=(const pending_exception_kept &) = delete;

  private:
    PyObject *exception_;
};

/// Calls flush() on sys.stdout and sys.stderr, as python does at its exit: what a run wrote is
/// out before the application writes to the same file descriptors. Errors are dropped.
void flush_standard_streams() noexcept;

} // namespace pyhost::detail
