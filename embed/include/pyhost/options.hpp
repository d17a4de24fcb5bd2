#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// CPython's PyObject, declared here so that an application can name an init function's type
// without Python's headers.
struct _object;

namespace pyhost {

/// How the interpreter reads its environment.
enum class configuration {
    /// CPython's isolated configuration (PyConfig_InitIsolatedConfig): no PYTHON* variable, no
    /// user site directory, no current directory or script directory on sys.path, the process's
    /// locale left alone. Text is UTF-8 everywhere (UTF-8 mode). An environment variable cannot
    /// put code into the application.
    isolated,
    /// python3's configuration (PyConfig_InitPythonConfig): PYTHON* variables, the user site
    /// directory and the locale, as python3 reads them.
    python_like,
};

/// A module built into the interpreter, imported by name as CPython's own built-in modules are.
/// `init` is the module's C init function, `PyInit_<name>` of an extension module: this is the one
/// place where an application meets CPython's C API (it includes <Python.h> in that file, or
/// defines the module with pybind11's PYBIND11_MODULE and passes its PyInit_ function).
struct builtin_module {
    std::string name;
    _object *(*init)() = nullptr;
};

/// How an interpreter starts. Every field has the default that an application wants.
struct options {
    configuration config = configuration::isolated;
    /// sys.argv, as a program's command line: bytes as the system gives them (UTF-8 here), decoded
    /// as python decodes its arguments. Empty: sys.argv is [''].
    std::vector<std::string> argv;
    /// Folders appended to sys.path, in order, after the standard library and site-packages.
    std::vector<std::filesystem::path> module_search_paths;
    /// Where the standard library lives (PyConfig.home, PYTHONHOME): a relocated bundle's folder.
    /// Unset: CPython finds it from the libpython that the application loaded.
    std::optional<std::filesystem::path> home;
    /// CPython's handlers for SIGINT (KeyboardInterrupt), SIGPIPE and SIGXFSZ. Off: the
    /// application's own handlers stay as they are.
    bool install_signal_handlers = false;
    /// The signal that interrupts a blocking call (time.sleep, a read, a lock, a socket) of a run
    /// that its limits end, when the run is on the thread that started the interpreter
    /// (pyhost/limits.hpp). pyhost installs CPython's handler for it while the interpreter runs,
    /// sends it to that thread alone and only while such a run is there, and puts the
    /// application's own disposition back at the stop. -1: SIGRTMAX - 1. 0: none, and a
    /// cancelled run on that thread waits for its blocking call to return to Python code. A
    /// number that is no signal is a usage_error.
    int cancel_signal = -1;
    /// Built in besides my_python_module, which always is.
    std::vector<builtin_module> builtin_modules;
};

} // namespace pyhost
