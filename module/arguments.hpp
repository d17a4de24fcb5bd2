#pragma once

// Python values to C++ and back, for native_function.hpp. Each converter takes the function's and
// the argument's names, so that its errors can name both. A failed conversion throws
// python_exception_is_set with the Python exception set (python_error.hpp).

#include "module/python_error.hpp"

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

namespace pyhost {

/// Where an argument is being converted, for error messages.
struct argument_context {
    const char *function;
    const char *name;
};

template <typename T>
struct from_python;

/// An int in [0, 2**64 - 1], as PyO3's `usize` accepts: int, bool, int subclasses and objects
/// with __index__. TypeError for anything else (float, str, Decimal, objects with only __int__),
/// OverflowError outside the range.
template <>
struct from_python<std::uint64_t> {
    static std::uint64_t convert(PyObject *object, argument_context context);
};

/// Any object, borrowed: for functions that inspect their argument themselves.
template <>
struct from_python<PyObject *> {
    static PyObject *convert(PyObject *object, argument_context /*context*/) { return object; }
};

/// The Python value of each result type, owned. Throws python_exception_is_set when that fails.
pybind11::object to_python(const std::string &text);

/// A result that is already a new reference is owned as it is: a null one, which a function
/// returns with an exception set, propagates.
inline pybind11::object to_python(PyObject *owned) {
    return own(owned);
}

} // namespace pyhost
