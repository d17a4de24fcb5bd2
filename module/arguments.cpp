#include "module/arguments.hpp"

#include "module/python_error.hpp"
#include "module/python_int.hpp"

namespace pyhost {

std::uint64_t from_python<std::uint64_t>::convert(PyObject *object, argument_context context) {
    if (PyLong_CheckExact(object) != 0) {
        // The common case: a plain int needs no __index__ call and no new reference.
        if (long small = 0; small_int_value(object, small) && small >= 0) {
            return static_cast<std::uint64_t>(small);
        }
        const unsigned long long value = PyLong_AsUnsignedLongLong(object);
        if (value != static_cast<unsigned long long>(-1) || PyErr_Occurred() == nullptr) {
            return value;
        }
        PyErr_Clear(); // out of range: the general path below words the error
    }
    if (PyIndex_Check(object) == 0) {
        raise_python_exception(PyExc_TypeError, "{}() argument '{}' must be int, not {}",
                               context.function, context.name, Py_TYPE(object)->tp_name);
    }
    // __index__ may raise; its exception propagates unchanged.
    const auto index = own(PyNumber_Index(object));
    const unsigned long long value = PyLong_AsUnsignedLongLong(index.ptr());
    if (value == static_cast<unsigned long long>(-1) && PyErr_Occurred() != nullptr) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError) != 0) {
            PyErr_Clear();
            const auto zero = own(PyLong_FromLong(0));
            const int negative = PyObject_RichCompareBool(index.ptr(), zero.ptr(), Py_LT);
            if (negative >= 0) {
                raise_python_exception(PyExc_OverflowError, "{}() argument '{}' must be {}",
                                       context.function, context.name,
                                       negative != 0 ? "non-negative" : "at most 2**64 - 1");
            }
        }
        propagate_python_exception();
    }
    return value;
}

pybind11::object to_python(const std::string &text) {
    // Copied straight into a compact ASCII str (the common case, e.g. digits), checking on the way
    // that it is ASCII; anything else is decoded as UTF-8.
    const auto size = static_cast<Py_ssize_t>(text.size());
    auto result = own(PyUnicode_New(size, 127));
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(result.ptr());
    unsigned char seen = 0;
    for (char c : text) {
        seen |= static_cast<unsigned char>(c);
        *out++ = static_cast<Py_UCS1>(c);
    }
    if (seen < 128) {
        return result;
    }
    return own(PyUnicode_DecodeUTF8(text.data(), size, "strict"));
}

} // namespace pyhost
