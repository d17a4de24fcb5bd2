#pragma once

#include <Python.h>

namespace pyhost {

/// my_python_module.sum_list(values): the exact sum of an iterable of numbers, read the fastest
/// way each kind of iterable allows (list and tuple items, buffers of any integer or float
/// format and shape, any other iterable), summed by core's exact accumulators.
///
/// All items integral: the exact int, as the builtin sum(). Any float item: the correctly rounded
/// float, as math.fsum(), with its exceptions. A bad item: TypeError naming its index and type.
/// Returns a new reference; throws python_exception_is_set with the Python exception set.
PyObject *sum_list(PyObject *values);

} // namespace pyhost
