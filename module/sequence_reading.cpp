#include "module/sequence_reading.hpp"

#include "module/gil.hpp"
#include "module/parallel_sum.hpp"
#include "module/python_error.hpp"

#include <algorithm>
#include <memory>
#include <vector>

namespace pyhost {

namespace {

// Ctrl-C must interrupt a long sum within 50 ms. Plain items are checked for signals after every
// batch of this many. An item that is not plain may be a huge int or run Python code, so a check
// of its own follows it (a flag read, when no signal is pending).
constexpr Py_ssize_t list_plain_batch = Py_ssize_t{1} << 16;
// Lists of floats this long are shared out among threads, a batch of list_parallel_batch items at a
// time (a millisecond or two of work, then a check for Ctrl-C), in units of list_parallel_unit
// items.
constexpr Py_ssize_t list_parallel_threshold = Py_ssize_t{1} << 16;
constexpr Py_ssize_t list_parallel_batch = Py_ssize_t{1} << 20;
constexpr Py_ssize_t list_parallel_unit = Py_ssize_t{1} << 16;

// Adds the plain items of items[begin, end) in float mode, shared out among threads, and returns
// the index of the first item that is not plain (or `end`). The caller keeps the GIL, so no
// Python code runs meanwhile, and the list and its items stay as they are while the threads read
// them. A unit that stops early at an item that is not plain drops the units after it. They are
// read again after that item has run whatever Python code it runs.
Py_ssize_t add_plain_floats_in_parallel(core::float_sum &floats, PyObject *const *items,
                                        Py_ssize_t begin, Py_ssize_t end) {
    const auto units =
        static_cast<std::size_t>((end - begin + list_parallel_unit - 1) / list_parallel_unit);
    const auto unit_begin = [=](std::size_t unit) {
        return begin + static_cast<Py_ssize_t>(unit) * list_parallel_unit;
    };
    const auto unit_end = [=](std::size_t unit) { return std::min(end, unit_begin(unit + 1)); };
    std::vector<std::unique_ptr<core::float_sum>> partials;
    for (std::size_t unit = 0; unit < units; ++unit) {
        partials.push_back(std::make_unique<core::float_sum>());
    }
    std::vector<Py_ssize_t> stops(units);
    share_out(units, helper_threads(units), while_sharing::keep_gil,
              [&](std::size_t unit, unsigned /*worker*/) {
                  stops[unit] = add_plain_items_as_floats(*partials[unit], items, unit_begin(unit),
                                                          unit_end(unit));
              });
    for (std::size_t unit = 0; unit < units; ++unit) {
        floats.add(*partials[unit]);
        if (stops[unit] < unit_end(unit)) {
            return stops[unit];
        }
    }
    return end;
}

// A list may shrink or grow while an item's __index__ or __float__ runs, so its size and items
// are read again after every item that is not plain, and that item is held meanwhile.
template <bool IsList>
void add_items(number_sum &sum, PyObject *sequence) {
    auto size = [sequence] {
        return IsList ? PyList_GET_SIZE(sequence) : PyTuple_GET_SIZE(sequence);
    };
    auto items = [sequence] {
        return IsList ? reinterpret_cast<PyListObject *>(sequence)->ob_item
                      : reinterpret_cast<PyTupleObject *>(sequence)->ob_item;
    };
    const bool may_share_out = size() >= list_parallel_threshold && helper_threads(2) > 0;
    // Threads pay only over long runs of plain items. After an item in float mode that is not
    // plain, the list is read here alone until a whole batch of plain items has gone by again.
    // (The first float, which switches the sum to floats, is no such item.)
    bool sharing = may_share_out;
    for (Py_ssize_t i = 0; i < size();) {
        const bool in_parallel =
            sharing && sum.in_float_mode() && size() - i >= list_parallel_threshold;
        const Py_ssize_t end =
            std::min(size(), i + (in_parallel ? list_parallel_batch : list_plain_batch));
        const bool was_in_float_mode = sum.in_float_mode();
        i = in_parallel ? add_plain_floats_in_parallel(sum.floats(), items(), i, end)
                        : sum.add_plain_run(items(), i, end);
        sharing = may_share_out && (i == end || !was_in_float_mode);
        if (i < size() && i < end) {
            const auto item = hold(items()[i]);
            sum.add(item.ptr(), i);
            ++i;
        }
        check_signals();
    }
}

} // namespace

void add_list_or_tuple(number_sum &sum, PyObject *sequence) {
    if (PyList_CheckExact(sequence) != 0) {
        add_items<true>(sum, sequence);
    } else {
        add_items<false>(sum, sequence);
    }
}

void add_iterable(number_sum &sum, PyObject *iterable) {
    const auto iterator = own(PyObject_GetIter(iterable));
    for (Py_ssize_t i = 0;; ++i) {
        PyObject *next = PyIter_Next(iterator.ptr());
        if (next == nullptr) {
            if (PyErr_Occurred() != nullptr) {
                propagate_python_exception();
            }
            return;
        }
        const auto item = own(next);
        sum.add(item.ptr(), i);
        check_signals(); // Each item came from Python code, which costs far more than this.
    }
}

} // namespace pyhost
