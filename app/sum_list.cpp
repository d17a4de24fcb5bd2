#include "app/sum_list.hpp"

#include "app/arguments.hpp"
#include "app/python_int.hpp"
#include "core/float_sum.hpp"
#include "core/integer_sum.hpp"

#include <pybind11/pybind11.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

namespace pyhost {

namespace {

namespace py = pybind11;

// Ctrl-C must interrupt a long sum within 50 ms. Fast items (exact floats, one-digit ints) are
// checked for signals every so many; an item that takes the general path, which may be a huge int
// or run Python code, is followed by a check of its own (a flag read when no signal is pending).
constexpr Py_ssize_t signal_check_mask = (1 << 16) - 1;
// Buffer elements summed with the GIL released before it is taken back to check for Ctrl-C:
// about a millisecond of work for the kernels, and for the elements read one at a time (other
// byte order, half floats, long doubles, bools). Smaller buffers keep the GIL, as releasing it
// costs more than summing them.
constexpr std::size_t released_chunk = std::size_t{1} << 20;
constexpr std::size_t released_chunk_one_at_a_time = std::size_t{1} << 14;
constexpr std::size_t release_threshold = std::size_t{1} << 16;

// The items of a long list are objects elsewhere in memory; asking for one a few ahead overlaps
// the memory latency of reading them.
constexpr Py_ssize_t prefetch_distance = 16;

void prefetch(PyObject *const *items, Py_ssize_t i, Py_ssize_t end) noexcept {
    if (i + prefetch_distance < end) {
        __builtin_prefetch(items[i + prefetch_distance]);
    }
}

// Integers up to 2**53 convert to double exactly; beyond, math.fsum rounds each one.
constexpr std::int64_t exact_double_limit = std::int64_t{1} << 53;

[[noreturn]] void raise() {
    throw python_error_set{};
}

[[noreturn]] void raise(PyObject *type, const char *message) {
    PyErr_SetString(type, message);
    raise();
}

void check_signals() {
    if (PyErr_CheckSignals() < 0) {
        raise();
    }
}

// The running sum of a sequence of Python numbers: exact integers while every item is integral,
// math.fsum's semantics from the first float item on.
class number_sum {
  public:
    // The common items, which run no Python code: an exact float or a one-digit exact int.
    bool add_fast(PyObject *item) noexcept {
        if (PyFloat_CheckExact(item) != 0) {
            if (!in_float_mode_) {
                return false; // the switch to floats is made once, on the general path
            }
            floats_.add(PyFloat_AS_DOUBLE(item));
            return true;
        }
        long value = 0;
        if (PyLong_CheckExact(item) != 0 && small_int_value(item, value)) {
            if (in_float_mode_) {
                floats_.add(static_cast<double>(value));
            } else {
                small_ints_.add(value);
            }
            return true;
        }
        return false;
    }

    // Adds the fast items of items[begin, end), stopping at the first other one; returns its
    // index (or `end`). Doubles are gathered into a batch for the float kernels, which take a
    // batch for a fraction of what one-by-one adds cost. Runs no Python code.
    Py_ssize_t add_fast_run(PyObject *const *items, Py_ssize_t begin, Py_ssize_t end) noexcept {
        Py_ssize_t i = begin;
        if (!in_float_mode_) {
            for (; i < end && add_fast(items[i]); ++i) {
                prefetch(items, i, end);
            }
            if (!in_float_mode_) {
                return i;
            }
        }
        std::array<double, 256> batch; // NOLINT: filled before it is read
        std::size_t count = 0;
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
                floats_.add(std::span<const double>(batch.data(), count));
                count = 0;
            }
        }
        floats_.add(std::span<const double>(batch.data(), count));
        return i;
    }

    // Any item, `index` naming it in errors. The caller holds a reference to `item`, as its
    // __index__ or __float__ may run code that drops the container's.
    void add(PyObject *item, Py_ssize_t index) {
        if (add_fast(item)) {
            return;
        }
        if (PyLong_Check(item) != 0) {
            add_int(item);
        } else if (PyFloat_Check(item) != 0) {
            add_float(PyFloat_AS_DOUBLE(item));
        } else if (is_complex(item)) {
            type_error(item, index);
        } else if (PyIndex_Check(item) != 0) {
            auto integer = py::reinterpret_steal<py::object>(PyNumber_Index(item));
            if (!integer) {
                raise();
            }
            add_int(integer.ptr());
        } else if (Py_TYPE(item)->tp_as_number != nullptr &&
                   Py_TYPE(item)->tp_as_number->nb_float != nullptr) {
            const double value = PyFloat_AsDouble(item);
            if (value == -1.0 && PyErr_Occurred() != nullptr) {
                raise();
            }
            add_float(value);
        } else {
            type_error(item, index);
        }
    }

    void add_float(double value) {
        switch_to_floats();
        floats_.add(value);
    }

    core::integer_sum &integers() noexcept { return small_ints_; }

    core::float_sum &floats() {
        switch_to_floats();
        return floats_;
    }

    // A new reference to the sum: an int while every item was integral, else a float.
    PyObject *result() {
        if (!in_float_mode_) {
            return integer_result();
        }
        const auto [value, status] = floats_.result();
        if (status == core::float_sum_status::inf_minus_inf) {
            raise(PyExc_ValueError, "-inf + inf in fsum");
        }
        if (status == core::float_sum_status::overflow) {
            raise(PyExc_OverflowError, "intermediate overflow in fsum");
        }
        return PyFloat_FromDouble(value);
    }

  private:
    [[noreturn]] static void type_error(PyObject *item, Py_ssize_t index) {
        PyErr_Format(PyExc_TypeError, "sum_list() item %zd must be an int or a float, not %.200s",
                     index, Py_TYPE(item)->tp_name);
        raise();
    }

    // Complex numbers (complex and its subclasses, NumPy's complex64, any numbers.Complex that is
    // not a numbers.Real) may have a __float__ that drops the imaginary part; they are refused
    // rather than truncated. Only items that are neither int nor float come here.
    static bool is_complex(PyObject *item) {
        if (PyComplex_Check(item) != 0) {
            return true;
        }
        auto numbers = py::reinterpret_steal<py::object>(PyImport_ImportModule("numbers"));
        if (!numbers) {
            raise();
        }
        const int complex = PyObject_IsInstance(item, numbers.attr("Complex").ptr());
        const int real = complex > 0 ? PyObject_IsInstance(item, numbers.attr("Real").ptr()) : 0;
        if (complex < 0 || real < 0) {
            raise();
        }
        return complex > 0 && real == 0;
    }

    void add_int(PyObject *integer) {
        int overflow = 0;
        const long long value = PyLong_AsLongLongAndOverflow(integer, &overflow);
        if (value == -1 && overflow == 0 && PyErr_Occurred() != nullptr) {
            raise();
        }
        if (overflow == 0 && -exact_double_limit <= value && value <= exact_double_limit) {
            if (in_float_mode_) {
                floats_.add(static_cast<double>(value));
            } else {
                small_ints_.add(value);
            }
            return;
        }
        // math.fsum rounds each large int to the nearest double (or raises OverflowError).
        if (overflow == 0) {
            floats_.add(static_cast<double>(value));
        } else {
            const double rounded = PyLong_AsDouble(integer);
            if (rounded == -1.0 && PyErr_Occurred() != nullptr) {
                if (in_float_mode_ || PyErr_ExceptionMatches(PyExc_OverflowError) == 0) {
                    raise();
                }
                PyErr_Clear();
                too_large_for_float_ = true; // an error only if a float item comes
            } else {
                floats_.add(rounded);
            }
        }
        if (in_float_mode_) {
            return;
        }
        if (overflow == 0) {
            large_ints_.add(value);
        } else {
            big_ints_ =
                big_ints_
                    ? py::reinterpret_steal<py::object>(PyNumber_Add(big_ints_.ptr(), integer))
                    : py::reinterpret_borrow<py::object>(integer);
            if (!big_ints_) {
                raise();
            }
        }
    }

    // From the first float item on, the sum is math.fsum's: the ints summed so far join the
    // float sum as fsum saw them, each converted to double. Those up to 2**53 convert exactly, so
    // their exact total joins instead; the larger ones joined one by one as they came.
    void switch_to_floats() {
        if (in_float_mode_) {
            return;
        }
        if (too_large_for_float_) {
            raise(PyExc_OverflowError, "int too large to convert to float");
        }
        in_float_mode_ = true;
        // The total in 32-bit pieces, each exactly a double.
        const auto words = small_ints_.magnitude();
        const double sign = small_ints_.negative() ? -1.0 : 1.0;
        for (int piece = 0; piece < 4; ++piece) {
            const std::uint64_t word = words[static_cast<std::size_t>(piece / 2)];
            const auto bits = static_cast<std::uint32_t>(word >> (32 * (piece % 2)));
            floats_.add(sign * std::ldexp(static_cast<double>(bits), 32 * piece));
        }
    }

    PyObject *integer_result() {
        auto total = checked(to_python_int(small_ints_));
        if (large_ints_.to_int64() != std::optional<std::int64_t>{0}) {
            total = checked(PyNumber_Add(total.ptr(), checked(to_python_int(large_ints_)).ptr()));
        }
        if (big_ints_) {
            total = checked(PyNumber_Add(total.ptr(), big_ints_.ptr()));
        }
        return total.release().ptr();
    }

    // Owns a new reference from the C API, raising when there is none.
    static py::object checked(PyObject *result) {
        if (result == nullptr) {
            raise();
        }
        return py::reinterpret_steal<py::object>(result);
    }

    static PyObject *to_python_int(const core::integer_sum &sum) {
        if (const auto value = sum.to_int64()) {
            return PyLong_FromLongLong(*value);
        }
        const auto words = sum.magnitude();
        auto high = py::reinterpret_steal<py::object>(PyLong_FromUnsignedLongLong(words[1]));
        auto low = py::reinterpret_steal<py::object>(PyLong_FromUnsignedLongLong(words[0]));
        auto shift = py::reinterpret_steal<py::object>(PyLong_FromLong(64));
        if (!high || !low || !shift) {
            return nullptr;
        }
        auto shifted = py::reinterpret_steal<py::object>(PyNumber_Lshift(high.ptr(), shift.ptr()));
        if (!shifted) {
            return nullptr;
        }
        auto magnitude = py::reinterpret_steal<py::object>(PyNumber_Or(shifted.ptr(), low.ptr()));
        if (!magnitude || !sum.negative()) {
            return magnitude.release().ptr();
        }
        return PyNumber_Negative(magnitude.ptr());
    }

    bool in_float_mode_ = false;
    bool too_large_for_float_ = false;
    core::integer_sum small_ints_; // ints up to 2**53 in magnitude, exactly
    core::integer_sum large_ints_; // 64-bit ints beyond 2**53, exactly
    py::object big_ints_;          // ints beyond 64 bits, exactly
    core::float_sum floats_;
};

// Lists and tuples: items read in place. A list may shrink or grow while an item's __index__ or
// __float__ runs, so its size is read again for every item and the item is held meanwhile.
template <bool IsList>
void add_sequence(number_sum &sum, PyObject *sequence) {
    auto size = [sequence] {
        return IsList ? PyList_GET_SIZE(sequence) : PyTuple_GET_SIZE(sequence);
    };
    auto items = [sequence] {
        return IsList ? reinterpret_cast<PyListObject *>(sequence)->ob_item
                      : reinterpret_cast<PyTupleObject *>(sequence)->ob_item;
    };
    for (Py_ssize_t i = 0; i < size();) {
        // Fast items run no Python code, so the list cannot change under a run of them.
        const Py_ssize_t end = std::min(size(), i + signal_check_mask + 1);
        i = sum.add_fast_run(items(), i, end);
        if (i < size() && i < end) {
            auto held = py::reinterpret_borrow<py::object>(items()[i]);
            sum.add(held.ptr(), i);
            ++i;
        }
        check_signals();
    }
}

void add_iterable(number_sum &sum, PyObject *iterable) {
    auto iterator = py::reinterpret_steal<py::object>(PyObject_GetIter(iterable));
    if (!iterator) {
        raise();
    }
    for (Py_ssize_t i = 0;; ++i) {
        auto item = py::reinterpret_steal<py::object>(PyIter_Next(iterator.ptr()));
        if (!item) {
            if (PyErr_Occurred() != nullptr) {
                raise();
            }
            return;
        }
        sum.add(item.ptr(), i);
        check_signals(); // each item came from Python code, which costs far more than this
    }
}

// The element type of a buffer, from its struct-module format and item size.
struct element_type {
    enum class kind { signed_int, unsigned_int, boolean, floating } kind;
    bool big_endian;
    // Read one at a time rather than by core's kernels: slower, so summed in smaller chunks.
    bool one_at_a_time;
};

// The numeric element type of a buffer, or none for formats that are not numbers (objects,
// characters, complex numbers, structures).
std::optional<element_type> buffer_element_type(const Py_buffer &view) {
    std::string_view format = view.format != nullptr ? view.format : "B";
    bool big_endian = false;
    if (!format.empty() &&
        std::string_view("@=<>!").find(format.front()) != std::string_view::npos) {
        big_endian = format.front() == '>' || format.front() == '!';
        format.remove_prefix(1);
    }
    if (format.size() != 1) {
        return std::nullopt;
    }
    const bool swapped = big_endian != (std::endian::native == std::endian::big);
    const char code = format.front();
    const auto size = view.itemsize;
    const bool integer_size = size == 1 || size == 2 || size == 4 || size == 8;
    if (std::string_view("bhilqn").find(code) != std::string_view::npos && integer_size) {
        return element_type{element_type::kind::signed_int, big_endian, swapped};
    }
    if (std::string_view("BHILQN").find(code) != std::string_view::npos && integer_size) {
        return element_type{element_type::kind::unsigned_int, big_endian, swapped};
    }
    if (code == '?' && size == 1) {
        return element_type{element_type::kind::boolean, big_endian, true};
    }
    if ((code == 'f' && size == 4) || (code == 'd' && size == 8)) {
        return element_type{element_type::kind::floating, big_endian, swapped};
    }
    if ((code == 'e' && size == 2) || (code == 'g' && size == sizeof(long double))) {
        return element_type{element_type::kind::floating, big_endian, true};
    }
    return std::nullopt;
}

// Reads one element of an unusual layout (half floats, long doubles, the other byte order) as
// the number math.fsum or sum() would see.
template <class T>
T load(const char *element, bool swap) {
    std::array<char, sizeof(T)> bytes;
    std::memcpy(bytes.data(), element, sizeof(T));
    if (swap) {
        std::reverse(bytes.begin(), bytes.end());
    }
    return std::bit_cast<T>(bytes);
}

// Sums `count` elements `stride` bytes apart; needs no GIL.
void add_elements(number_sum &sum, const element_type &type, const char *first, Py_ssize_t itemsize,
                  std::size_t count, std::ptrdiff_t stride) {
    const bool swap = type.big_endian != (std::endian::native == std::endian::big);
    auto &integers = sum.integers();
    if (!type.one_at_a_time && type.kind == element_type::kind::signed_int) {
        switch (itemsize) {
        case 1:
            return integers.add_strided<std::int8_t>(first, count, stride);
        case 2:
            return integers.add_strided<std::int16_t>(first, count, stride);
        case 4:
            return integers.add_strided<std::int32_t>(first, count, stride);
        default:
            return integers.add_strided<std::int64_t>(first, count, stride);
        }
    }
    if (!type.one_at_a_time && type.kind == element_type::kind::unsigned_int) {
        switch (itemsize) {
        case 1:
            return integers.add_strided<std::uint8_t>(first, count, stride);
        case 2:
            return integers.add_strided<std::uint16_t>(first, count, stride);
        case 4:
            return integers.add_strided<std::uint32_t>(first, count, stride);
        default:
            return integers.add_strided<std::uint64_t>(first, count, stride);
        }
    }
    if (!type.one_at_a_time && type.kind == element_type::kind::floating && itemsize == 8) {
        return sum.floats().add_strided<double>(first, count, stride);
    }
    if (!type.one_at_a_time && type.kind == element_type::kind::floating && itemsize == 4) {
        return sum.floats().add_strided<float>(first, count, stride);
    }
    for (std::size_t i = 0; i < count; ++i) {
        const char *element = first + static_cast<std::ptrdiff_t>(i) * stride;
        if (type.kind == element_type::kind::boolean) {
            // Any non-zero byte is True, and True counts one, as tolist() and sum() see it.
            integers.add(static_cast<unsigned>(*element != 0));
        } else if (type.kind == element_type::kind::floating) {
            auto &floats = sum.floats();
            switch (itemsize) {
            case 2:
                floats.add(PyFloat_Unpack2(element, type.big_endian ? 0 : 1));
                break;
            case 4:
                floats.add(static_cast<double>(load<float>(element, swap)));
                break;
            case 8:
                floats.add(load<double>(element, swap));
                break;
            default:
                floats.add(static_cast<double>(load<long double>(element, swap)));
                break;
            }
        } else if (type.kind == element_type::kind::signed_int) {
            switch (itemsize) {
            case 1:
                integers.add(load<std::int8_t>(element, swap));
                break;
            case 2:
                integers.add(load<std::int16_t>(element, swap));
                break;
            case 4:
                integers.add(load<std::int32_t>(element, swap));
                break;
            default:
                integers.add(load<std::int64_t>(element, swap));
                break;
            }
        } else {
            switch (itemsize) {
            case 1:
                integers.add(load<std::uint8_t>(element, swap));
                break;
            case 2:
                integers.add(load<std::uint16_t>(element, swap));
                break;
            case 4:
                integers.add(load<std::uint32_t>(element, swap));
                break;
            default:
                integers.add(load<std::uint64_t>(element, swap));
                break;
            }
        }
    }
}

// Sums a buffer of any shape and strides. An exact sum does not depend on the order of its terms,
// so the walk goes the way that is fastest: a contiguous buffer as one flat run, any other with
// its longest dimension innermost, so that each call to the kernels gets a long run. Large
// buffers are summed in chunks with the GIL released, checking for Ctrl-C between chunks.
void add_buffer(number_sum &sum, const Py_buffer &view, const element_type &type) {
    if (type.kind == element_type::kind::floating) {
        sum.floats(); // the switch to floats, with the GIL held: it may raise
    }
    const auto ndim = static_cast<std::size_t>(view.ndim);
    std::size_t total = 1;
    for (std::size_t d = 0; d < ndim; ++d) {
        total *= static_cast<std::size_t>(view.shape[d]);
    }
    if (total == 0) {
        return;
    }
    // The walk's dimensions, outermost first: extents and byte strides.
    std::array<std::size_t, PyBUF_MAX_NDIM> extent{};
    std::array<std::ptrdiff_t, PyBUF_MAX_NDIM> step{};
    std::size_t dims = 0;
    if (view.strides == nullptr || PyBuffer_IsContiguous(&view, 'A') != 0) {
        extent[0] = total;
        step[0] = view.itemsize;
        dims = 1;
    } else {
        std::size_t longest = 0;
        for (std::size_t d = 1; d < ndim; ++d) {
            longest = view.shape[d] > view.shape[longest] ? d : longest;
        }
        for (std::size_t d = 0; d < ndim; ++d) {
            if (d != longest) {
                extent[dims] = static_cast<std::size_t>(view.shape[d]);
                step[dims++] = view.strides[d];
            }
        }
        extent[dims] = static_cast<std::size_t>(view.shape[longest]);
        step[dims++] = view.strides[longest];
    }
    const std::size_t row_length = extent[dims - 1];
    const std::ptrdiff_t row_step = step[dims - 1];

    // Where the walk is: the index of the current row in the outer dimensions, and how far
    // along that row.
    std::array<std::size_t, PyBUF_MAX_NDIM> index{};
    std::size_t column = 0;
    bool done = false;
    auto row_start = [&] {
        const char *start = static_cast<const char *>(view.buf);
        for (std::size_t d = 0; d + 1 < dims; ++d) {
            start += static_cast<std::ptrdiff_t>(index[d]) * step[d];
        }
        return start;
    };
    const std::size_t chunk = type.one_at_a_time ? released_chunk_one_at_a_time : released_chunk;
    auto sum_chunk = [&] {
        for (std::size_t budget = chunk; budget > 0 && !done;) {
            const std::size_t count = std::min(budget, row_length - column);
            add_elements(sum, type, row_start() + static_cast<std::ptrdiff_t>(column) * row_step,
                         view.itemsize, count, row_step);
            budget -= count;
            column += count;
            if (column < row_length) {
                continue;
            }
            column = 0;
            done = true; // unless an outer index moves on
            for (std::size_t d = dims - 1; d-- > 0;) {
                if (++index[d] < extent[d]) {
                    done = false;
                    break;
                }
                index[d] = 0;
            }
        }
    };
    const bool release_gil = total >= release_threshold;
    while (!done) {
        if (release_gil) {
            Py_BEGIN_ALLOW_THREADS sum_chunk();
            Py_END_ALLOW_THREADS check_signals();
        } else {
            sum_chunk();
        }
    }
}

} // namespace

PyObject *sum_list(PyObject *values) {
    if (PyUnicode_Check(values) != 0) {
        raise(PyExc_TypeError,
              "sum_list() argument 'values' must be an iterable of numbers, not str");
    }
    number_sum sum;
    if (PyList_CheckExact(values) != 0) {
        add_sequence<true>(sum, values);
    } else if (PyTuple_CheckExact(values) != 0) {
        add_sequence<false>(sum, values);
    } else if (PyObject_CheckBuffer(values) != 0) {
        Py_buffer view;
        if (PyObject_GetBuffer(values, &view, PyBUF_RECORDS_RO) < 0) {
            raise();
        }
        const std::string_view format = view.format != nullptr ? view.format : "B";
        const auto type = view.ndim > 0 ? buffer_element_type(view) : std::nullopt;
        // A buffer of Python objects (NumPy's object arrays) is summed by iterating its items.
        const bool objects = format == "O" || format == "@O";
        try {
            if (view.ndim == 0) {
                raise(PyExc_TypeError, "sum_list() cannot sum a zero-dimensional buffer");
            }
            if (!type && !objects) {
                PyErr_Format(PyExc_TypeError, "sum_list() cannot sum a buffer of format '%s'",
                             view.format != nullptr ? view.format : "B");
                raise();
            }
            if (type) {
                add_buffer(sum, view, *type);
            }
        } catch (...) {
            PyBuffer_Release(&view);
            throw;
        }
        PyBuffer_Release(&view);
        if (objects) {
            add_iterable(sum, values);
        }
    } else if (Py_TYPE(values)->tp_iter == nullptr && PySequence_Check(values) == 0) {
        PyErr_Format(PyExc_TypeError,
                     "sum_list() argument 'values' must be an iterable of numbers, not %.200s",
                     Py_TYPE(values)->tp_name);
        raise();
    } else {
        add_iterable(sum, values);
    }
    return sum.result();
}

} // namespace pyhost
