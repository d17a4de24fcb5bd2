#include "embed/src/exceptions.hpp"

#include "embed/src/python_text.hpp"
#include "module/python_error.hpp"

#include <climits>
#include <string>

namespace pyhost::detail {

namespace py = pybind11;

namespace {

// The exception that is set, normalized, with its traceback attached; it is no longer set.
PyObject *take_exception() noexcept {
#if PY_VERSION_HEX >= 0x030C0000
    return PyErr_GetRaisedException();
#else
    PyObject *type = nullptr;
    PyObject *value = nullptr;
    PyObject *traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    if (type == nullptr) {
        return nullptr;
    }
    PyErr_NormalizeException(&type, &value, &traceback);
    if (traceback != nullptr && value != nullptr) {
        PyException_SetTraceback(value, traceback);
    }
    Py_XDECREF(type);
    Py_XDECREF(traceback);
    return value;
#endif
}

void set_exception(PyObject *exception) noexcept {
#if PY_VERSION_HEX >= 0x030C0000
    PyErr_SetRaisedException(exception);
#else
    PyErr_Restore(Py_NewRef(reinterpret_cast<PyObject *>(Py_TYPE(exception))), exception,
                  PyException_GetTraceback(exception));
#endif
}

// As python's PyErr_Print: a sys.excepthook of the script's own gets the exception. The default
// one is left out for the text of the traceback module, which is the outcome's too, and which
// shows the lines of a run's source (CPython 3.11's own display reads only files).
void print_exception(PyObject *error, PyObject *report) noexcept {
    PyObject *hook = PySys_GetObject("excepthook");
    PyObject *default_hook = PySys_GetObject("__excepthook__");
    if (hook != nullptr && hook != Py_None && hook != default_hook) {
        PyObject *traceback = PyException_GetTraceback(error);
        PyObject *printed = PyObject_CallFunctionObjArgs(
            hook, Py_TYPE(error), error, traceback != nullptr ? traceback : Py_None, nullptr);
        Py_XDECREF(traceback);
        if (printed != nullptr) {
            Py_DECREF(printed);
            return;
        }
        PyErr_Clear();
    }
    PyObject *stderr_stream = PySys_GetObject("stderr");
    if (report == nullptr || stderr_stream == nullptr || stderr_stream == Py_None) {
        PyErr_Display(reinterpret_cast<PyObject *>(Py_TYPE(error)), error, nullptr);
    } else if (PyFile_WriteObject(report, stderr_stream, Py_PRINT_RAW) < 0) {
        PyErr_Clear();
    }
}

// The status of a SystemExit, as python's _Py_HandleSystemExit works it out.
outcome report_exit(const py::object &library, PyObject *error) {
    std::string type_name;
    try {
        type_name = utf8_of(
            own(PyObject_CallMethod(library.ptr(), "type_name", "O", Py_TYPE(error))).ptr());
    } catch (const python_exception_is_set &) {
        PyErr_Clear();
        type_name = Py_TYPE(error)->tp_name;
    }
    PyObject *code = PyObject_GetAttrString(error, "code");
    if (code == nullptr) {
        PyErr_Clear();
        code = Py_NewRef(error);
    }
    const auto code_held = py::reinterpret_steal<py::object>(code);
    if (code == Py_None) {
        return outcome::exit(0, type_name, "");
    }
    if (PyLong_Check(code)) {
        int overflow = 0;
        const long status = PyLong_AsLongAndOverflow(code, &overflow);
        PyErr_Clear();
        const bool fits = overflow == 0 && status >= INT_MIN && status <= INT_MAX;
        return outcome::exit(fits ? static_cast<int>(status) : -1, type_name, "");
    }
    auto message = utf8_description(code);
    PyObject *stderr_stream = PySys_GetObject("stderr");
    if (stderr_stream != nullptr && stderr_stream != Py_None) {
        if (PyFile_WriteObject(code, stderr_stream, Py_PRINT_RAW) < 0 ||
            PyFile_WriteString("\n", stderr_stream) < 0) {
            PyErr_Clear();
        }
    }
    return outcome::exit(1, type_name, std::move(message));
}

} // namespace

outcome report_raised_exception(const py::object &library) {
    const auto error = py::reinterpret_steal<py::object>(take_exception());
    if (!error) {
        return outcome::exception("SystemError", "an error was reported with no exception set", "");
    }
    if (PyErr_GivenExceptionMatches(error.ptr(), PyExc_SystemExit) != 0) {
        return report_exit(library, error.ptr());
    }
    try {
        auto parts = own(PyObject_CallMethod(library.ptr(), "describe", "O", error.ptr()));
        PyObject *report = PyTuple_GET_ITEM(parts.ptr(), 2);
        print_exception(error.ptr(), report);
        return outcome::exception(utf8_description(PyTuple_GET_ITEM(parts.ptr(), 0)),
                                  utf8_description(PyTuple_GET_ITEM(parts.ptr(), 1)),
                                  utf8_description(report));
    } catch (const python_exception_is_set &) {
        // Describing it failed (no memory, a broken traceback module): CPython's own display,
        // and the type alone.
        PyErr_Clear();
        print_exception(error.ptr(), nullptr);
        return outcome::exception(Py_TYPE(error.ptr())->tp_name, "", "");
    }
}

pending_exception_kept::pending_exception_kept() noexcept : exception_{take_exception()} {}

pending_exception_kept::~pending_exception_kept() {
    if (exception_ != nullptr) {
        PyErr_Clear();
        set_exception(exception_);
    }
}

void flush_standard_streams() noexcept {
    for (const char *name : {"stdout", "stderr"}) {
        PyObject *stream = PySys_GetObject(name);
        if (stream != nullptr && stream != Py_None) {
            PyObject *result = PyObject_CallMethod(stream, "flush", nullptr);
            Py_XDECREF(result);
        }
        PyErr_Clear();
    }
}

} // namespace pyhost::detail
