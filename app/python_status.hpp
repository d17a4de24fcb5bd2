#pragma once

// What the host needs from CPython's C API for starting up (PyConfig, PyPreConfig and the locale
// decoder), which runs before any Python exception can be raised: its one check of the PyStatus
// that each step returns, and its one owner of the memory that such a step allocates.

#include <Python.h>

#include <memory>

namespace pyhost {

/// Ends the process the way python's own main does when a start-up step fails: CPython prints
/// the status's message and exits with its code.
inline void check_status(PyStatus status) {
    if (PyStatus_Exception(status) != 0) {
        Py_ExitStatusException(status);
    }
}

/// Frees memory that CPython allocated with PyMem_RawMalloc, as Py_DecodeLocale's result is.
struct raw_memory_deleter {
    void operator()(void *memory) const { PyMem_RawFree(memory); }
};

/// A wide string that Py_DecodeLocale decoded: null when decoding failed.
using decoded_locale_text = std::unique_ptr<wchar_t, raw_memory_deleter>;

} // namespace pyhost
