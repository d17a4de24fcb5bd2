#pragma once

// Reading the items of lists, tuples and any other iterable into a number_sum.

#include "module/number_sum.hpp"

#include <Python.h>

namespace pyhost {

/// Adds the items of an exact list or an exact tuple, read in place. Long runs of plain floats
/// are shared out among threads.
void add_list_or_tuple(number_sum &sum, PyObject *sequence);

/// Adds the items that iterating `iterable` gives.
void add_iterable(number_sum &sum, PyObject *iterable);

} // namespace pyhost
