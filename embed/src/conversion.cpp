#include "embed/src/conversion.hpp"

#include "embed/src/decimal_text.hpp"
#include "embed/src/python_text.hpp"
#include "module/python_error.hpp"

#include <string>

namespace pyhost::detail {

namespace {

value integer_value(PyObject *object) {
    int overflow = 0;
    const long long small = PyLong_AsLongLongAndOverflow(object, &overflow);
    if (small == -1 && PyErr_Occurred() != nullptr) {
        propagate_python_exception();
    }
    if (overflow == 0) {
        return value::integer(std::to_string(small));
    }
    // Hexadecimal, which CPython's limit on int-to-str digits leaves alone.
    auto hex = own(PyNumber_ToBase(object, 16));
    return value::integer(decimal_from_hex(utf8_of(hex.ptr())));
}

std::string bytes_of(PyObject *object) {
    if (PyBytes_Check(object)) {
        return {PyBytes_AS_STRING(object), static_cast<std::size_t>(PyBytes_GET_SIZE(object))};
    }
    return {PyByteArray_AS_STRING(object), static_cast<std::size_t>(PyByteArray_GET_SIZE(object))};
}

} // namespace

value to_value(PyObject *object) {
    if (object == Py_None) {
        return value{};
    }
    if (PyBool_Check(object)) {
        return value{object == Py_True};
    }
    if (PyLong_Check(object)) {
        return integer_value(object);
    }
    if (PyFloat_Check(object)) {
        return value{PyFloat_AS_DOUBLE(object)};
    }
    if (PyUnicode_Check(object)) {
        return value::string(utf8_of(object));
    }
    if (PyBytes_Check(object) || PyByteArray_Check(object)) {
        return value::bytes(bytes_of(object));
    }
    PyErr_Format(PyExc_TypeError,
                 "pyhost::interpreter::evaluate: an object of type '%.200s' has no C++ value "
                 "(None, bool, int, float, str and bytes have one)",
                 Py_TYPE(object)->tp_name);
    propagate_python_exception();
}

} // namespace pyhost::detail
