#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>

namespace pyhost {

/// A Python argument still to be converted: the bindings convert it with the function's and the
/// argument's names, so that an error can name both. Shown as `int` in signatures.
struct int_argument {
    PyObject *object;
};

/// An int in [0, 2**64 - 1], as PyO3's `usize` accepts: int, bool, int subclasses and objects
/// with __index__. TypeError for anything else (float, str, Decimal, objects with only __int__),
/// OverflowError outside the range; both messages name the function and the argument.
std::uint64_t to_uint64(int_argument argument, const char *function, const char *name);

} // namespace pyhost

namespace pybind11::detail {

template <>
struct type_caster<pyhost::int_argument> {
    PYBIND11_TYPE_CASTER(pyhost::int_argument, const_name("int"));
    bool load(handle source, bool /*convert*/) {
        value.object = source.ptr();
        return true;
    }
};

} // namespace pybind11::detail
