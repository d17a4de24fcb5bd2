#pragma once

// Python values to C++ and back, for native_function.hpp. Each converter takes the function's and
// the argument's names, so that its errors can name both.

#include <Python.h>

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

/// A new reference to the Python value of each result type; nullptr with an exception set when
/// that fails.
PyObject *to_python(const std::string &text);

/// A result that is already a new reference (or nullptr with an exception set) passes through.
inline PyObject *to_python(PyObject *owned) {
    return owned;
}

} // namespace pyhost
