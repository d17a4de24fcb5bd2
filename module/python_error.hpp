#pragma once

// The module's one vocabulary for Python exceptions and references. C API calls report failure by
// setting a Python exception and returning null or -1. The module's code then throws
// python_exception_is_set, and the function's one error boundary (native_function.cpp) turns it
// back into the null return that CPython expects, with the exception still set.

#include <pybind11/pybind11.h>

namespace pyhost {

/// Thrown when a Python exception is set and the native function must return null.
struct python_exception_is_set {};

/// Leaves the native function with the Python exception that a C API call has set.
[[noreturn]] inline void propagate_python_exception() {
    throw python_exception_is_set{};
}

/// Sets a Python exception of `type` with `message`, and leaves the native function with it.
[[noreturn]] inline void raise_python_exception(PyObject *type, const char *message) {
    PyErr_SetString(type, message);
    propagate_python_exception();
}

/// Owns the new reference that a C API call returns. A null return means that the call set an
/// exception, which propagates.
inline pybind11::object own(PyObject *new_reference) {
    if (new_reference == nullptr) {
        propagate_python_exception();
    }
    return pybind11::reinterpret_steal<pybind11::object>(new_reference);
}

/// Holds a reference of its own to an object that something else owns, such as a list's item,
/// so that the object outlives Python code that may drop the other reference.
inline pybind11::object hold(PyObject *borrowed) {
    return pybind11::reinterpret_borrow<pybind11::object>(borrowed);
}

} // namespace pyhost
