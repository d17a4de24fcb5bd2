// sum_list's dispatch: each kind of iterable goes to the reader that reads it fastest, and every
// reader adds to one number_sum.
#include "module/sum_list.hpp"

#include "module/buffer_reading.hpp"
#include "module/number_sum.hpp"
#include "module/python_error.hpp"
#include "module/sequence_reading.hpp"

#include <string_view>

namespace pyhost {

namespace {

// A buffer held for the object's life, which keeps its memory in place.
class held_buffer {
  public:
    explicit held_buffer(PyObject *exporter) {
        if (PyObject_GetBuffer(exporter, &view_, PyBUF_RECORDS_RO) < 0) {
            propagate_python_exception();
        }
    }
    ~held_buffer() { PyBuffer_Release(&view_); }
    held_buffer(const held_buffer &) = delete;
    held_buffer &operator=(const held_buffer &) = delete;

    const Py_buffer &view() const noexcept { return view_; }

  private:
    Py_buffer view_{};
};

// Adds a buffer's elements, and returns whether they are Python objects (NumPy's object arrays),
// which the caller then sums by iterating the buffer's exporter.
bool add_buffer_or_find_objects(number_sum &sum, PyObject *exporter) {
    const held_buffer buffer(exporter);
    const Py_buffer &view = buffer.view();
    if (view.ndim == 0) {
        raise_python_exception(PyExc_TypeError, "sum_list() cannot sum a zero-dimensional buffer");
    }
    const std::string_view format = view.format != nullptr ? view.format : "B";
    if (format == "O" || format == "@O") {
        return true;
    }
    const auto type = numeric_element_type(view);
    if (!type) {
        raise_python_exception(PyExc_TypeError, "sum_list() cannot sum a buffer of format '{}'",
                               format);
    }
    add_buffer(sum, view, *type);
    return false;
}

} // namespace

PyObject *sum_list(PyObject *values) {
    if (PyUnicode_Check(values) != 0) {
        raise_python_exception(
            PyExc_TypeError,
            "sum_list() argument 'values' must be an iterable of numbers, not str");
    }
    number_sum sum;
    if (PyList_CheckExact(values) != 0 || PyTuple_CheckExact(values) != 0) {
        add_list_or_tuple(sum, values);
    } else if (PyObject_CheckBuffer(values) != 0) {
        if (add_buffer_or_find_objects(sum, values)) {
            add_iterable(sum, values);
        }
    } else if (Py_TYPE(values)->tp_iter == nullptr && PySequence_Check(values) == 0) {
        raise_python_exception(
            PyExc_TypeError, "sum_list() argument 'values' must be an iterable of numbers, not {}",
            type_name(values));
    } else {
        add_iterable(sum, values);
    }
    return sum.result().release().ptr();
}

} // namespace pyhost
