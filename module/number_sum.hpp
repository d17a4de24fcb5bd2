#pragma once

// The running sum of a sequence of Python numbers, with sum()'s and math.fsum()'s semantics: an
// exact int while every item is integral, and math.fsum's correctly rounded float from the first
// float item on.
//
// A plain item is an exact float, or an exact int below 2**30 in magnitude (one CPython digit).
// Plain items run no Python code and change no reference count, so reading them is safe on any
// thread while the caller holds the GIL. Every other item may run Python code (__index__,
// __float__, a subclass's methods), which may change the container it came from.

#include "core/float_sum.hpp"
#include "core/integer_sum.hpp"
#include "module/python_int.hpp"

#include <pybind11/pybind11.h>

namespace pyhost {

/// Adds to `floats` the plain items of items[begin, end), stopping at the first other one, and
/// returns its index (or `end`). Any thread may run this while the caller holds the GIL.
Py_ssize_t add_plain_items_as_floats(core::float_sum &floats, PyObject *const *items,
                                     Py_ssize_t begin, Py_ssize_t end) noexcept;

class number_sum {
  public:
    /// Adds a plain item, and returns false for any other item, which it leaves alone. It is
    /// defined here, inline, as it runs once for each item of a list of ints.
    bool add_plain(PyObject *item) noexcept;

    /// Adds the plain items of items[begin, end), stopping at the first other one, and returns
    /// its index (or `end`).
    Py_ssize_t add_plain_run(PyObject *const *items, Py_ssize_t begin, Py_ssize_t end) noexcept;

    /// Adds any item; `index` names it in errors. The caller holds a reference to `item`, as its
    /// __index__ or __float__ may run code that drops the container's reference.
    void add(PyObject *item, Py_ssize_t index);

    bool in_float_mode() const noexcept { return in_float_mode_; }

    /// The exact int sum, for integral buffer elements.
    core::integer_sum &integers() noexcept { return ints_up_to_2_53_; }

    /// The float sum, switching to float mode first. The switch raises OverflowError when an int
    /// added earlier is too large for a float, as math.fsum does.
    core::float_sum &floats();

    /// A new reference to the sum: an int while every item was integral, else a float.
    pybind11::object result();

  private:
    void add_int(PyObject *integer);
    void switch_to_floats();
    pybind11::object integer_result() const;

    bool in_float_mode_ = false;
    // An int beyond the float range came before any float item: only a float item makes it an
    // error, as math.fsum would then raise OverflowError.
    bool too_large_for_float_ = false;
    core::integer_sum ints_up_to_2_53_;    // exactly, and each exactly a double
    core::integer_sum ints_up_to_64_bits_; // beyond 2**53, exactly
    pybind11::object ints_beyond_64_bits_; // exactly, as a Python int
    core::float_sum floats_;
};

inline bool number_sum::add_plain(PyObject *item) noexcept {
    if (PyFloat_CheckExact(item) != 0) {
        if (!in_float_mode_) {
            return false; // add() makes the switch to floats, once.
        }
        floats_.add(PyFloat_AS_DOUBLE(item));
        return true;
    }
    long value = 0;
    if (PyLong_CheckExact(item) != 0 && small_int_value(item, value)) {
        if (in_float_mode_) {
            floats_.add(static_cast<double>(value));
        } else {
            ints_up_to_2_53_.add(value);
        }
        return true;
    }
    return false;
}

} // namespace pyhost
