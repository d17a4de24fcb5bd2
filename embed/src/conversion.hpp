#pragma once

#include "pyhost/value.hpp"

#include <Python.h>

namespace pyhost::detail {

/// The C++ value of None, a bool, an int, a float, a str, or a bytes or bytearray object (and
/// their subclasses, read as the base type). Anything else raises TypeError, which propagates.
value to_value(PyObject *object);

} // namespace pyhost::detail
