#include "app/console.hpp"

#include "app/console_source.hpp" // generated from app/console.py
#include "app/cpython_private.hpp"
#include "module/python_error.hpp"

#include <pybind11/pybind11.h>

#include <exception>
#include <unistd.h>

namespace py = pybind11;

namespace pyhost {

namespace {

constexpr const char *module_name = "_pyhost_console";

// The console module: run from the source built into the host on first use, then the one in
// sys.modules. A plain module, with no file or spec: there is nothing on disk to reload it from.
py::object console_module() {
    py::dict modules = py::module_::import("sys").attr("modules");
    if (modules.contains(module_name)) {
        return modules[module_name];
    }
    const auto code = own(Py_CompileString(console::source, "<pyhost console>", Py_file_input));
    auto module = own(PyModule_New(module_name));
    py::dict globals = module.attr("__dict__");
    globals["__builtins__"] = hold(PyEval_GetBuiltins());
    own(PyEval_EvalCode(code.ptr(), globals.ptr(), globals.ptr()));
    modules[module_name] = module;
    return module;
}

// The host's sys.__interactivehook__. `previous_hook` is the one it replaced (site's), or None.
PyObject *start_session(PyObject *previous_hook, PyObject * /*no arguments*/) noexcept {
    try {
        return console_module().attr("start_session")(hold(previous_hook)).release().ptr();
    } catch (const python_exception_is_set &) {
        // The Python exception is set already.
    } catch (py::error_already_set &error) {
        error.restore();
    } catch (const std::exception &error) {
        PyErr_SetString(PyExc_RuntimeError, error.what());
    } catch (...) {
        PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception in pyhost's interactive hook");
    }
    return nullptr;
}

PyMethodDef start_session_method{
    "start_session", start_session, METH_NOARGS,
    "Starts pyhost's interactive session; CPython calls it right before its first prompt."};

// The session goes on without the host's additions; this says why they are missing, from the
// Python exception that is set. Reported as ignored: PyErr_Print would end the process on a
// SystemExit.
void report_missing_console() {
    PyObject *context = PyUnicode_FromString("the interactive console of pyhost");
    PyErr_WriteUnraisable(context);
    Py_XDECREF(context);
}

bool runs_a_program(const options &opts) {
    return opts.source == program_source::command || opts.source == program_source::module ||
           opts.source == program_source::file;
}

} // namespace

void install_console(const options &opts) {
    // CPython's own test of an interactive stdin, short of -i: whether it is a terminal.
    if (isatty(STDIN_FILENO) == 0) {
        return;
    }
    try {
        auto sys = py::module_::import("sys");
        auto previous = py::getattr(sys, "__interactivehook__", py::none());
        sys.attr("__interactivehook__") =
            own(PyCFunction_New(&start_session_method, previous.ptr()));
        // CPython prints its banner in Py_RunMain under the same conditions.
        if (!runs_a_program(opts) && opts.quiet == 0) {
            console_module().attr("print_banner")(console::host_version);
            cpython_private::silence_banner();
        }
    } catch (const python_exception_is_set &) {
        report_missing_console();
    } catch (py::error_already_set &error) {
        error.restore();
        report_missing_console();
    } catch (const std::exception &error) {
        PySys_FormatStderr("pyhost: no interactive console: %s\n", error.what());
    }
}

} // namespace pyhost
