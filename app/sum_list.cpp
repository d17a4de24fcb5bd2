#include "app/sum_list.hpp"

#include "app/arguments.hpp"
#include "app/python_int.hpp"
#include "core/float_sum.hpp"
#include "core/integer_sum.hpp"

#include <pybind11/pybind11.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <sched.h>
#include <span>
#include <stop_token>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

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
// Runs of at least this many elements that the kernels read (0.2 ms of work or more) are
// shared out among the cores this process may use, up to max_threads, in units of
// parallel_unit elements (tens of microseconds to a millisecond each); the calling thread takes
// the GIL back to check for Ctrl-C every released_time.
constexpr std::size_t parallel_threshold = std::size_t{1} << 19;
constexpr std::size_t parallel_unit = std::size_t{1} << 16;
constexpr auto released_time = std::chrono::milliseconds{2};
constexpr std::size_t max_threads = 8;
// Lists of floats are shared out too, a piece of parallel_list_piece items at a time (a
// millisecond or two of work, then a check for Ctrl-C), once that many items are left.
constexpr Py_ssize_t parallel_list_threshold = Py_ssize_t{1} << 16;
constexpr Py_ssize_t parallel_list_piece = Py_ssize_t{1} << 20;

// The items of a long list are objects elsewhere in memory; asking for one a few ahead overlaps
// the memory latency of reading them.
constexpr Py_ssize_t prefetch_distance = 64;

// Inlined before GCC's analysis of side effects: as a function of its own, GCC 12 finds it pure
// (a prefetch changes no memory), and drops every call to it, since it returns nothing.
[[gnu::always_inline]] inline void prefetch(PyObject *const *items, Py_ssize_t i,
                                            Py_ssize_t end) noexcept {
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

// The GIL given up for the object's life, as Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS
// give it up for a block. Nothing in that life may touch a Python object.
class gil_released {
  public:
    gil_released() noexcept : state_{PyEval_SaveThread()} {}
    ~gil_released() { PyEval_RestoreThread(state_); }
    gil_released(const gil_released &) = delete;
    gil_released &operator=(const gil_released &) = delete;

  private:
    PyThreadState *state_;
};

void check_signals() {
    if (PyErr_CheckSignals() < 0) {
        raise();
    }
}

// How many threads may sum at once: the cores this process may run on.
unsigned available_cores() {
    cpu_set_t cores;
    if (sched_getaffinity(0, sizeof cores, &cores) == 0) {
        return static_cast<unsigned>(CPU_COUNT(&cores));
    }
    return std::max(1U, std::thread::hardware_concurrency());
}

// Adds to `floats` the items of items[begin, end) that are exact floats or one-digit exact ints,
// stopping at the first other one; returns its index (or `end`). The values are gathered a block
// of the float kernels at a time. Reads the items' values and types only: no Python code runs,
// no reference count changes, so another thread may run this while the caller holds the GIL.
Py_ssize_t gather_floats(core::float_sum &floats, PyObject *const *items, Py_ssize_t begin,
                         Py_ssize_t end) noexcept {
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
    // index (or `end`). Runs no Python code.
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
        return gather_floats(floats_, items, i, end);
    }

    // As add_fast_run, in float mode, with items[begin, end) cut into parts that `helper_count`
    // more threads sum beside this one. The GIL stays held and no Python code runs meanwhile, so
    // the list and its items stay as they are while the helpers read them. Where a part stops
    // early at an item that is not fast, the parts after it are dropped, to be read again after
    // that item has run whatever Python code it runs.
    Py_ssize_t add_fast_floats_in_parallel(PyObject *const *items, Py_ssize_t begin, Py_ssize_t end,
                                           unsigned helper_count) {
        const auto parts = static_cast<Py_ssize_t>(helper_count) + 1;
        const auto bound = [=](Py_ssize_t part) { return begin + (end - begin) * part / parts; };
        std::vector<std::unique_ptr<core::float_sum>> partials;
        for (Py_ssize_t part = 1; part < parts; ++part) {
            partials.push_back(std::make_unique<core::float_sum>());
        }
        std::vector<Py_ssize_t> stops(static_cast<std::size_t>(parts), -1);
        {
            std::vector<std::jthread> helpers;
            for (Py_ssize_t part = 1; part < parts; ++part) {
                auto &partial = *partials[static_cast<std::size_t>(part - 1)];
                try {
                    helpers.emplace_back([&partial, &stops, items, part, &bound] {
                        stops[static_cast<std::size_t>(part)] =
                            gather_floats(partial, items, bound(part), bound(part + 1));
                    });
                } catch (const std::system_error &) {
                    break; // no thread to spare: this thread sums the part below
                }
            }
            stops[0] = gather_floats(floats_, items, begin, bound(1));
        } // the helpers are joined here
        for (Py_ssize_t part = 0; part < parts; ++part) {
            auto &stop = stops[static_cast<std::size_t>(part)];
            if (part > 0) {
                auto &partial = *partials[static_cast<std::size_t>(part - 1)];
                if (stop < 0) {
                    stop = gather_floats(partial, items, bound(part), bound(part + 1));
                }
                floats_.add(partial);
            }
            if (stop < bound(part + 1)) {
                return stop;
            }
        }
        return end;
    }

    bool in_float_mode() const noexcept { return in_float_mode_; }

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
    const unsigned helpers =
        size() >= parallel_list_threshold
            ? static_cast<unsigned>(std::min<std::size_t>(available_cores(), max_threads) - 1)
            : 0;
    // Threads pay only over long runs of fast items: after an item in float mode that is not
    // fast, the list is read here alone until a whole run of fast items has gone by again. (The
    // first float, which switches the sum to floats, is no such item.)
    bool share_out = helpers > 0;
    for (Py_ssize_t i = 0; i < size();) {
        // Fast items run no Python code, so the list cannot change under a run of them.
        const bool in_parallel =
            share_out && sum.in_float_mode() && size() - i >= parallel_list_threshold;
        const Py_ssize_t end =
            std::min(size(), i + (in_parallel ? parallel_list_piece : signal_check_mask + 1));
        const bool was_in_float_mode = sum.in_float_mode();
        i = in_parallel ? sum.add_fast_floats_in_parallel(items(), i, end, helpers)
                        : sum.add_fast_run(items(), i, end);
        share_out = helpers > 0 && (i == end || !was_in_float_mode);
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

// Where a buffer's elements are summed: floats only for a buffer of floats, so that a buffer of
// ints keeps an int sum.
struct accumulators {
    core::integer_sum &integers;
    core::float_sum *floats;
};

// Sums `count` elements `stride` bytes apart; needs no GIL.
void add_elements(accumulators sum, const element_type &type, const char *first,
                  Py_ssize_t itemsize, std::size_t count, std::ptrdiff_t stride) {
    const bool swap = type.big_endian != (std::endian::native == std::endian::big);
    auto &integers = sum.integers;
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
        return sum.floats->add_strided<double>(first, count, stride);
    }
    if (!type.one_at_a_time && type.kind == element_type::kind::floating && itemsize == 4) {
        return sum.floats->add_strided<float>(first, count, stride);
    }
    for (std::size_t i = 0; i < count; ++i) {
        const char *element = first + static_cast<std::ptrdiff_t>(i) * stride;
        if (type.kind == element_type::kind::boolean) {
            // Any non-zero byte is True, and True counts one, as tolist() and sum() see it.
            integers.add(static_cast<unsigned>(*element != 0));
        } else if (type.kind == element_type::kind::floating) {
            auto &floats = *sum.floats;
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

// What a helper thread sums, apart from the caller's accumulators until the end.
struct partial_sum {
    core::integer_sum integers;
    core::float_sum floats;
};

// Sums a long run of elements on the calling thread and `helper_count` more, each taking units
// of the run from a shared counter until none are left, so that a slow or busy core holds up
// the others by one unit at most. The parts join exactly, as an exact sum does not depend on the
// order of its terms. The caller takes the GIL back every released_time to check for Ctrl-C; if
// that raises, the helpers stop after their current unit and are joined first.
void add_run_in_parallel(accumulators sum, const element_type &type, const char *first,
                         Py_ssize_t itemsize, std::size_t count, std::ptrdiff_t stride,
                         unsigned helper_count) {
    const std::size_t units = (count + parallel_unit - 1) / parallel_unit;
    std::atomic<std::size_t> next_unit{0};
    auto sum_next_unit = [&](accumulators into) {
        const std::size_t unit = next_unit.fetch_add(1, std::memory_order_relaxed);
        if (unit >= units) {
            return false;
        }
        const std::size_t begin = unit * parallel_unit;
        add_elements(into, type, first + static_cast<std::ptrdiff_t>(begin) * stride, itemsize,
                     std::min(parallel_unit, count - begin), stride);
        return true;
    };
    std::vector<std::unique_ptr<partial_sum>> partials;
    std::vector<std::jthread> helpers; // after partials: joined before those go
    for (unsigned i = 0; i < helper_count; ++i) {
        auto &partial = *partials.emplace_back(std::make_unique<partial_sum>());
        const accumulators into{partial.integers,
                                sum.floats != nullptr ? &partial.floats : nullptr};
        try {
            helpers.emplace_back([&sum_next_unit, into](const std::stop_token &stop) {
                while (!stop.stop_requested() && sum_next_unit(into)) {
                }
            });
        } catch (const std::system_error &) {
            break; // the system has no thread to spare: the others take its share
        }
    }
    // Units cost from tens of microseconds to a millisecond, as the values need more levels: the
    // GIL is taken back by the clock.
    for (bool more = true; more;) {
        {
            const gil_released released;
            const auto until = std::chrono::steady_clock::now() + released_time;
            do {
                more = sum_next_unit(sum);
            } while (more && std::chrono::steady_clock::now() < until);
        }
        check_signals();
    }
    {
        const gil_released released;
        for (auto &helper : helpers) {
            helper.join();
        }
    }
    for (auto &partial : partials) {
        sum.integers.add(partial->integers);
        if (sum.floats != nullptr) {
            sum.floats->add(partial->floats);
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
    const accumulators into{sum.integers(),
                            type.kind == element_type::kind::floating ? &sum.floats() : nullptr};
    if (dims == 1 && !type.one_at_a_time && total >= parallel_threshold) {
        const std::size_t units = (total + parallel_unit - 1) / parallel_unit;
        const auto helpers =
            static_cast<unsigned>(std::min<std::size_t>(available_cores(), max_threads) - 1);
        if (helpers > 0) {
            return add_run_in_parallel(
                into, type, static_cast<const char *>(view.buf), view.itemsize, total, row_step,
                static_cast<unsigned>(std::min<std::size_t>(helpers, units - 1)));
        }
    }

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
            add_elements(into, type, row_start() + static_cast<std::ptrdiff_t>(column) * row_step,
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
            {
                const gil_released released;
                sum_chunk();
            }
            check_signals();
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
