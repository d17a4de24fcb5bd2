#include "module/number_sum.hpp"

#include "module/python_error.hpp"
#include "module/python_int.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>

namespace pyhost {

namespace {

// A list's items are objects elsewhere in memory. Asking for one a few ahead overlaps the memory
// latency of reading them.
constexpr Py_ssize_t prefetch_distance = 64;

// This must be inlined before GCC analyses side effects. As a function of its own, GCC 12 finds it
// pure, because a prefetch changes no memory, and drops every call to it, as it returns nothing.
[[gnu::always_inline]] inline void prefetch(PyObject *const *items, Py_ssize_t i,
                                            Py_ssize_t end) noexcept {
    if (i + prefetch_distance < end) {
        __builtin_prefetch(items[i + prefetch_distance]);
    }
}

// Ints up to 2**53 in magnitude convert to double exactly. math.fsum rounds each larger one.
constexpr std::int64_t exact_double_limit = std::int64_t{1} << 53;

[[noreturn]] void type_error(PyObject *item, Py_ssize_t index) {
    raise_python_exception(PyExc_TypeError, "sum_list() item {} must be an int or a float, not {}",
                           index, type_name(item));
}

// Complex numbers may have a __float__ that drops the imaginary part, so they are refused rather
// than truncated: complex and its subclasses, NumPy's complex64, and any numbers.Complex that is
// not a numbers.Real. Only items that are neither int nor float come here.
bool is_complex(PyObject *item) {
    if (PyComplex_Check(item) != 0) {
        return true;
    }
    const auto numbers = own(PyImport_ImportModule("numbers"));
    const int complex = PyObject_IsInstance(item, numbers.attr("Complex").ptr());
    const int real = complex > 0 ? PyObject_IsInstance(item, numbers.attr("Real").ptr()) : 0;
    if (complex < 0 || real < 0) {
        propagate_python_exception();
    }
    return complex > 0 && real == 0;
}

// A new Python int with the value of an exact int sum.
pybind11::object python_int(const core::integer_sum &sum) {
    if (const auto value = sum.to_int64()) {
        return own(PyLong_FromLongLong(*value));
    }
    const auto words = sum.magnitude();
    const auto high = own(PyLong_FromUnsignedLongLong(words[1]));
    const auto low = own(PyLong_FromUnsignedLongLong(words[0]));
    const auto shift = own(PyLong_FromLong(64));
    const auto shifted = own(PyNumber_Lshift(high.ptr(), shift.ptr()));
    auto magnitude = own(PyNumber_Or(shifted.ptr(), low.ptr()));
    return sum.negative() ? own(PyNumber_Negative(magnitude.ptr())) : magnitude;
}

} // namespace

Py_ssize_t add_plain_items_as_floats(core::float_sum &floats, PyObject *const *items,
                                     Py_ssize_t begin, Py_ssize_t end) noexcept {
    // The values are gathered a block of the float kernels at a time.
    std::array<double, 1024> batch; // NOLINT: filled before it is read
    std::size_t count = 0;
    Py_ssize_t i = begin;
    for (; i < end; ++i) {
        prefetch(items, i, end);
        PyObject *item = items[i];
        long value = 0;
        if (PyFloat_CheckExact(item) != 0) {
            batch[count] = PyFloat_AS_DOUBLE(item);
        } else if (PyLong_CheckExact(item) != 0 && small_int_value(item, value)) {
            batch[count] = static_cast<double>(value);
        } else {
            break;
        }
        if (++count == batch.size()) {
            floats.add(std::span<const double>(batch.data(), count));
            count = 0;
        }
    }
    floats.add(std::span<const double>(batch.data(), count));
    return i;
}

Py_ssize_t number_sum::add_plain_run(PyObject *const *items, Py_ssize_t begin,
                                     Py_ssize_t end) noexcept {
    Py_ssize_t i = begin;
    if (!in_float_mode_) {
        for (; i < end && add_plain(items[i]); ++i) {
            prefetch(items, i, end);
        }
        if (!in_float_mode_) {
            return i;
        }
    }
    return add_plain_items_as_floats(floats_, items, i, end);
}

void number_sum::add(PyObject *item, Py_ssize_t index) {
    if (add_plain(item)) {
        return;
    }
    if (PyLong_Check(item) != 0) {
        add_int(item);
    } else if (PyFloat_Check(item) != 0) {
        floats().add(PyFloat_AS_DOUBLE(item));
    } else if (is_complex(item)) {
        type_error(item, index);
    } else if (PyIndex_Check(item) != 0) {
        add_int(own(PyNumber_Index(item)).ptr());
    } else if (Py_TYPE(item)->tp_as_number != nullptr &&
               Py_TYPE(item)->tp_as_number->nb_float != nullptr) {
        const double value = PyFloat_AsDouble(item);
        if (value == -1.0 && PyErr_Occurred() != nullptr) {
            propagate_python_exception();
        }
        floats().add(value);
    } else {
        type_error(item, index);
    }
}

core::float_sum &number_sum::floats() {
    switch_to_floats();
    return floats_;
}

pybind11::object number_sum::result() {
    if (!in_float_mode_) {
        return integer_result();
    }
    const auto [value, status] = floats_.result();
    if (status == core::float_sum_status::inf_minus_inf) {
        raise_python_exception(PyExc_ValueError, "-inf + inf in fsum");
    }
    if (status == core::float_sum_status::overflow) {
        raise_python_exception(PyExc_OverflowError, "intermediate overflow in fsum");
    }
    return own(PyFloat_FromDouble(value));
}

void number_sum::add_int(PyObject *integer) {
    int overflow = 0;
    const long long value = PyLong_AsLongLongAndOverflow(integer, &overflow);
    if (value == -1 && overflow == 0 && PyErr_Occurred() != nullptr) {
        propagate_python_exception();
    }
    if (overflow == 0 && -exact_double_limit <= value && value <= exact_double_limit) {
        if (in_float_mode_) {
            floats_.add(static_cast<double>(value));
        } else {
            ints_up_to_2_53_.add(value);
        }
        return;
    }
    // math.fsum rounds each large int to the nearest double, or raises OverflowError. The rounded
    // value joins the float sum now, in case a float item comes later.
    if (overflow == 0) {
        floats_.add(static_cast<double>(value));
    } else {
        const double rounded = PyLong_AsDouble(integer);
        if (rounded == -1.0 && PyErr_Occurred() != nullptr) {
            if (in_float_mode_ || PyErr_ExceptionMatches(PyExc_OverflowError) == 0) {
                propagate_python_exception();
            }
            PyErr_Clear();
            too_large_for_float_ = true;
        } else {
            floats_.add(rounded);
        }
    }
    if (in_float_mode_) {
        return;
    }
    if (overflow == 0) {
        ints_up_to_64_bits_.add(value);
    } else {
        ints_beyond_64_bits_ = ints_beyond_64_bits_
                                   ? own(PyNumber_Add(ints_beyond_64_bits_.ptr(), integer))
                                   : hold(integer);
    }
}

// From the first float item on, the sum is math.fsum's. The ints summed so far join the float sum
// as fsum saw them, each converted to double. Those up to 2**53 convert exactly, so their exact
// total joins instead. The larger ones joined one by one as they came (add_int).
void number_sum::switch_to_floats() {
    if (in_float_mode_) {
        return;
    }
    if (too_large_for_float_) {
        raise_python_exception(PyExc_OverflowError, "int too large to convert to float");
    }
    in_float_mode_ = true;
    // The total joins in 32-bit pieces, as each is exactly a double.
    const auto words = ints_up_to_2_53_.magnitude();
    const double sign = ints_up_to_2_53_.negative() ? -1.0 : 1.0;
    for (int piece = 0; piece < 4; ++piece) {
        const std::uint64_t word = words[static_cast<std::size_t>(piece / 2)];
        const auto bits = static_cast<std::uint32_t>(word >> (32 * (piece % 2)));
        floats_.add(sign * std::ldexp(static_cast<double>(bits), 32 * piece));
    }
}

pybind11::object number_sum::integer_result() const {
    auto total = python_int(ints_up_to_2_53_);
    if (ints_up_to_64_bits_.to_int64() != std::optional<std::int64_t>{0}) {
        total = own(PyNumber_Add(total.ptr(), python_int(ints_up_to_64_bits_).ptr()));
    }
    if (ints_beyond_64_bits_) {
        total = own(PyNumber_Add(total.ptr(), ints_beyond_64_bits_.ptr()));
    }
    return total;
}

} // namespace pyhost
