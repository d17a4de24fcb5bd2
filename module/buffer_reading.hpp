#pragma once

// Reading the elements of a buffer (PEP 3118: array.array, memoryview, bytes, NumPy arrays) into
// a number_sum.

#include "core/element_type.hpp"
#include "module/number_sum.hpp"

#include <Python.h>

#include <optional>

namespace pyhost {

/// The numeric element type of a buffer, or none for one of another format (objects,
/// characters, complex numbers, structures).
std::optional<core::element_type> numeric_element_type(const Py_buffer &view);

/// Adds the elements of a buffer of any shape and strides, with the GIL released for long ones.
/// The caller holds the buffer, which keeps its memory in place meanwhile.
void add_buffer(number_sum &sum, const Py_buffer &view, const core::element_type &type);

} // namespace pyhost
