#include "app/arguments.hpp"

#include <fmt/core.h>

namespace pyhost {

namespace py = pybind11;

std::uint64_t to_uint64(int_argument argument, const char *function, const char *name) {
    PyObject *object = argument.object;
    if (PyIndex_Check(object) == 0) {
        throw py::type_error(fmt::format("{}() argument '{}' must be int, not {}", function, name,
                                         Py_TYPE(object)->tp_name));
    }
    // __index__ may raise; its exception propagates unchanged.
    auto index = py::reinterpret_steal<py::object>(PyNumber_Index(object));
    if (!index) {
        throw py::error_already_set();
    }
    const unsigned long long value = PyLong_AsUnsignedLongLong(index.ptr());
    if (value == static_cast<unsigned long long>(-1) && PyErr_Occurred() != nullptr) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError) == 0) {
            throw py::error_already_set();
        }
        PyErr_Clear();
        const bool negative = index < py::int_(0);
        PyErr_Format(PyExc_OverflowError, "%s() argument '%s' must be %s", function, name,
                     negative ? "non-negative" : "at most 2**64 - 1");
        throw py::error_already_set();
    }
    return value;
}

} // namespace pyhost
