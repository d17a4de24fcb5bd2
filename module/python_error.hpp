#pragma once

// The one vocabulary for Python references and exceptions, in the module and in the host (app/).
//
// References: own() takes the new reference that a C API call returns, and hold() takes a
// reference of its own to a borrowed object. Both give a pybind11::object, which drops it.
//
// Exceptions: a C API call reports failure by setting a Python exception and returning null or
// -1. The code that made the call then throws python_exception_is_set. own() does so for a null
// return, propagate_python_exception() after any other failed call, and raise_python_exception()
// sets the exception first. Its catch sites:
// - In the module, each native function's one error boundary (call() in native_function.hpp)
//   returns null to CPython, with the exception still set.
// - In the host, app/console.cpp: the interactive hook returns null to CPython in the same way,
//   and install_console reports the exception as ignored.
// - pybind11 knows only its own pybind11::error_already_set: its API throws it, and its dispatcher
//   and module initializers catch it. Code that pybind11 calls (a py::cpp_function, a module's
//   definition) runs in for_pybind11(), the one place that turns the first into the second. The
//   host's catch sites that also call pybind11's API catch both; install_bundle_importer calls
//   pybind11's API alone.

#include <pybind11/pybind11.h>

#include <fmt/core.h>

#include <string>
#include <string_view>
#include <utility>

namespace pyhost {

/// Thrown when a Python exception is set and the code must leave with it.
struct python_exception_is_set {};

/// Leaves with the Python exception that a C API call has set.
[[noreturn]] inline void propagate_python_exception() {
    throw python_exception_is_set{};
}

/// Sets a Python exception of `type` with the message that fmt makes of `format` and `args`, and
/// leaves with it.
template <typename... Args>
[[noreturn]] void raise_python_exception(PyObject *type, fmt::format_string<Args...> format,
                                         Args &&...args) {
    const std::string message = fmt::format(format, std::forward<Args>(args)...);
    // Decoded as PyErr_Format decodes its %s arguments: a byte that is not UTF-8 (in a buffer's
    // format, say) becomes U+FFFD instead of a UnicodeDecodeError in place of the exception.
    PyObject *text =
        PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace");
    if (text != nullptr) {
        PyErr_SetObject(type, text);
        Py_DECREF(text);
    }
    propagate_python_exception();
}

/// The name of an object's type as CPython's own messages give it ("%.200s"): its first 200
/// bytes at most.
inline std::string_view type_name(PyObject *object) {
    const std::string_view name = Py_TYPE(object)->tp_name;
    return name.substr(0, 200);
}

/// Owns the new reference that a C API call returns. A null return means that the call set an
/// exception, which propagates.
inline pybind11::object own(PyObject *new_reference) {
    if (new_reference == nullptr) {
        propagate_python_exception();
    }
    return pybind11::reinterpret_steal<pybind11::object>(new_reference);
}

/// Holds a reference of its own to an object that something else owns, such as a list's item,
/// so that the object outlives Python code that may drop the other reference.
inline pybind11::object hold(PyObject *borrowed) {
    return pybind11::reinterpret_borrow<pybind11::object>(borrowed);
}

/// Runs `body` where pybind11 catches the exceptions: a Python exception that `body` leaves with
/// reaches pybind11 as the error_already_set it expects.
template <typename Body>
decltype(auto) for_pybind11(Body &&body) {
    try {
        return std::forward<Body>(body)();
    } catch (const python_exception_is_set &) {
        throw pybind11::error_already_set();
    }
}

} // namespace pyhost
