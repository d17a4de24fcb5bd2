#include "embed/src/session.hpp"

#include "embed/src/capture.hpp"
#include "embed/src/exceptions.hpp"
#include "embed/src/gil.hpp"
#include "embed/src/library_source.hpp" // generated from embed/src/library.py
#include "embed/src/python_text.hpp"
#include "embed/src/startup.hpp"
#include "module/python_error.hpp"
#include "pyhost/errors.hpp"

#include <Python.h>

#include <utility>

namespace pyhost::detail {

namespace py = pybind11;

namespace {

// library.py, run into a module of its own that sys.modules does not list: scripts do not
// import it by accident, and nothing on disk can replace it.
py::object load_library() {
    auto code = own(Py_CompileString(library_source, "<pyhost library>", Py_file_input));
    auto module = own(PyModule_New("_pyhost_library"));
    PyObject *globals = PyModule_GetDict(module.ptr());
    if (PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0) {
        propagate_python_exception();
    }
    own(PyEval_EvalCode(code.ptr(), globals, globals));
    return module;
}

void append_to_sys_path(const std::vector<std::filesystem::path> &folders) {
    PyObject *path = PySys_GetObject("path");
    if (path == nullptr || PyList_Check(path) == 0) {
        raise_python_exception(PyExc_RuntimeError, "sys.path is not a list");
    }
    for (const auto &folder : folders) {
        auto entry = own(PyUnicode_DecodeFSDefault(folder.c_str()));
        if (PyList_Append(path, entry.ptr()) < 0) {
            propagate_python_exception();
        }
    }
}

} // namespace

session::session(const options &opts) {
    const int cancel_signal = cancel_signal_number(opts.cancel_signal);
    start_python(opts);
    try {
        main_ = own(PyImport_ImportModule("__main__"));
        append_to_sys_path(opts.module_search_paths);
        library_ = load_library();
        threading_name_ = own(PyUnicode_InternFromString("threading"));
        cancel_signal_found_.emplace(cancel_signal);
        canceller_ = std::make_unique<canceller>(library_, cancel_signal);
    } catch (const python_exception_is_set &) {
        const auto failure = report_raised_exception(library_);
        library_ = {};
        main_ = {};
        Py_FinalizeEx();
        canceller_.reset();
        if (cancel_signal_found_) {
            cancel_signal_found_->restore();
        }
        throw start_error("pyhost::interpreter: CPython started, but the library could not set "
                          "it up: " +
                          failure.summary());
    }
    // Python's lock goes back to CPython: runs take it on whatever thread they come from.
    starting_thread_state_ = release_after_start();
}

void session::stop() {
    runs_.close();
    canceller_->stop_watching();
    take_for_finalize(starting_thread_state_);
    starting_thread_state_ = nullptr;
    library_ = {};
    main_ = {};
    remembered_entry_ = {};
    threading_name_ = {};
    Py_FinalizeEx();
    canceller_.reset();
    cancel_signal_found_->restore();
}

outcome session::run(const output &streams, const limits &limit,
                     const std::function<void()> &body) {
    const run_lock::entry entry{runs_};
    const python_lock lock;
    outcome result;
    const auto threads_before = running_threads();
    {
        stream_capture capture;
        {
            // From the run's code alone: no Cancelled comes while the streams are being set up
            // or put back.
            std::optional<canceller::watch> watch;
            try {
                capture.start(library_, streams);
                watch.emplace(*canceller_, limit);
                body();
                watch->stand_down();
            } catch (const python_exception_is_set &) {
                if (watch) {
                    watch->stand_down();
                }
                result = report_raised_exception(library_);
            }
            if (watch) {
                result = watch->judge(std::move(result));
            }
        }
        flush_standard_streams();
    }
    result.threads_left_ = threads_left(threads_before);
    return result;
}

py::object session::active_threads() const {
    // sys.modules' entry, not an import: a run that never imported threading started no thread
    // that it knows of.
    PyObject *threading = PyImport_GetModule(threading_name_.ptr());
    if (threading == nullptr) {
        PyErr_Clear();
        return {};
    }
    auto module = own(threading);
    PyObject *active = PyObject_GetAttrString(module.ptr(), "_active");
    if (active == nullptr || PyDict_Check(active) == 0) {
        Py_XDECREF(active);
        PyErr_Clear();
        return {};
    }
    return own(active);
}

py::object session::running_threads() const {
    auto active = active_threads();
    if (!active) {
        return {};
    }
    PyObject *idents = PyFrozenSet_New(active.ptr());
    if (idents == nullptr) {
        PyErr_Clear();
        return {};
    }
    return own(idents);
}

std::vector<std::string> session::threads_left(const py::object &before) const {
    std::vector<std::string> names;
    // The common case in C: no thread that threading knows is new, but this one.
    auto active = active_threads();
    if (!active) {
        return names;
    }
    const unsigned long current = PyThread_get_thread_ident();
    bool new_thread = false;
    Py_ssize_t position = 0;
    PyObject *ident = nullptr;
    PyObject *thread = nullptr;
    while (!new_thread && PyDict_Next(active.ptr(), &position, &ident, &thread) != 0) {
        const bool known = before && PySet_Contains(before.ptr(), ident) == 1;
        new_thread = !known && PyLong_AsUnsignedLong(ident) != current;
    }
    PyErr_Clear();
    if (!new_thread) {
        return names;
    }
    auto empty = own(PyFrozenSet_New(nullptr));
    auto left = PyObject_CallMethod(library_.ptr(), "threads_left", "O",
                                    before ? before.ptr() : empty.ptr());
    if (left == nullptr) {
        PyErr_Clear(); // The run's outcome stands; what threading says of its threads is extra.
        return names;
    }
    auto held = own(left);
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(left); ++index) {
        Py_ssize_t size = 0;
        const char *name = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(left, index), &size);
        if (name == nullptr) {
            PyErr_Clear();
            continue;
        }
        names.emplace_back(name, static_cast<std::size_t>(size));
    }
    return names;
}

py::object session::compile(std::string_view text, std::string_view name, int start) {
    require_utf8(text);
    auto filename = own(new_str(name));
    remember_source(text, name, filename.ptr());
    if (text.find('\0') != std::string_view::npos) {
        // builtins.compile refuses it with CPython's own message (ValueError before 3.12,
        // SyntaxError from 3.12), where a C string would end at the null byte.
        auto source = own(new_str(text));
        PyObject *compile_function = PyDict_GetItemString(PyEval_GetBuiltins(), "compile");
        if (compile_function == nullptr) {
            raise_python_exception(PyExc_RuntimeError, "builtins.compile is gone");
        }
        const char *mode = start == Py_eval_input ? "eval" : "exec";
        return own(PyObject_CallFunction(compile_function, "OOsii", source.ptr(), filename.ptr(),
                                         mode, 0, 1));
    }
    // Compiled as builtins.compile compiles a str: a coding declaration in the text does not
    // count, and no __future__ flag of a calling frame does (a run nested in Python code).
    const std::string terminated{text};
    PyCompilerFlags flags{};
    flags.cf_flags = PyCF_IGNORE_COOKIE | PyCF_SOURCE_IS_UTF8;
    flags.cf_feature_version = PY_MINOR_VERSION;
    return own(Py_CompileStringObject(terminated.c_str(), filename.ptr(), start, &flags, -1));
}

void session::remember_source(std::string_view text, std::string_view name, PyObject *filename) {
    // The same text under the same name, still in linecache as the library left it, stays.
    auto name_object = own(PyUnicode_FromString("linecache"));
    PyObject *imported = PyImport_GetModule(name_object.ptr()); // sys.modules, without __import__
    auto linecache = imported != nullptr ? own(imported) : own(PyImport_Import(name_object.ptr()));
    auto cache = own(PyObject_GetAttrString(linecache.ptr(), "cache"));
    if (remembered_entry_ && PyDict_Check(cache.ptr()) != 0 && text == remembered_text_ &&
        name == remembered_name_ &&
        PyDict_GetItemWithError(cache.ptr(), filename) == remembered_entry_.ptr()) {
        return;
    }
    PyErr_Clear();
    auto source = own(new_str(text));
    remembered_entry_ =
        own(PyObject_CallMethod(library_.ptr(), "remember_source", "OO", filename, source.ptr()));
    remembered_text_ = text;
    remembered_name_ = name;
}

} // namespace pyhost::detail
