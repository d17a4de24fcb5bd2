#pragma once

#include <Python.h>

namespace pyhost {

/// Reads an exact int whose magnitude fits in one CPython digit (below 2**30), the common case
/// for arguments and list items, without a function call. Returns false for every other int,
/// which the caller converts through the C API.
inline bool small_int_value(PyObject *exact_int, long &value) {
#if PY_VERSION_HEX >= 0x030C0000
    auto *number = reinterpret_cast<PyLongObject *>(exact_int);
    if (PyUnstable_Long_IsCompact(number) == 0) {
        return false;
    }
    value = static_cast<long>(PyUnstable_Long_CompactValue(number));
    return true;
#else
    // As CPython 3.11's own MEDIUM_VALUE: ob_digit[0] is not read for zero, where it is undefined.
    const Py_ssize_t size = Py_SIZE(exact_int);
    if (size < -1 || size > 1) {
        return false;
    }
    const auto digit =
        size == 0 ? 0L
                  : static_cast<long>(reinterpret_cast<PyLongObject *>(exact_int)->ob_digit[0]);
    value = size < 0 ? -digit : digit;
    return true;
#endif
}

} // namespace pyhost
