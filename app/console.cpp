#include "app/console.hpp"

#include "app/console_source.hpp" // generated from app/console.py
#include "app/cpython_private.hpp"

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
    auto code = py::reinterpret_steal<py::object>(
        Py_CompileString(console::source, "<pyhost console>", Py_file_input));
    if (!code) {
        throw py::error_already_set();
    }
    auto module = py::reinterpret_steal<py::object>(PyModule_New(module_name));
    if (!module) {
        throw py::error_already_set();
    }
    py::dict globals = module.attr("__dict__");
    globals["__builtins__"] = py::handle(PyEval_GetBuiltins());
    if (!py::reinterpret_steal<py::object>(
            PyEval_EvalCode(code.ptr(), globals.ptr(), globals.ptr()))) {
        throw py::error_already_set();
    }
    modules[module_name] = module;
    return module;
}

// The host's sys.__interactivehook__. `previous_hook` is the one it replaced (site's), or None.
PyObject *start_session(PyObject *previous_hook, PyObject * /*no arguments*/) noexcept {
    try {
        return console_module().attr("start_session")(py::handle(previous_hook)).release().ptr();
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
        auto hook = py::reinterpret_steal<py::object>(
            PyCFunction_New(&start_session_method, previous.ptr()));
        if (!hook) {
            throw py::error_already_set();
        }
        sys.attr("__interactivehook__") = hook;
        // CPython prints its banner in Py_RunMain under the same conditions.
        if (!runs_a_program(opts) && opts.quiet == 0) {
            console_module().attr("print_banner")(console::host_version);
            cpython_private::silence_banner();
        }
    } catch (py::error_already_set &error) {
        // The session goes on without the host's additions; this says why they are missing.
        // Reported as ignored: PyErr_Print would end the process on a SystemExit.
        error.discard_as_unraisable("the interactive console of pyhost");
    } catch (const std::exception &error) {
        PySys_FormatStderr("pyhost: no interactive console: %s\n", error.what());
    }
}

} // namespace pyhost
