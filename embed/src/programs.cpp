// The four kinds of run: source text and expressions in the interpreter's __main__, files and
// modules each as a program in a fresh __main__. Each is a body for session::run.
#include "embed/src/session.hpp"

#include "embed/src/conversion.hpp"
#include "embed/src/exceptions.hpp"
#include "embed/src/python_text.hpp"
#include "module/python_error.hpp"

#include <Python.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>
#include <system_error>

namespace pyhost::detail {

namespace py = pybind11;

namespace {

// A fresh __main__ module, as sys.modules['__main__'] for the life of this object, which then
// puts back the one it found: a file or a module runs as the program, and leaves nothing behind
// in the interpreter's own __main__.
class fresh_main {
  public:
    fresh_main() : module_{own(PyModule_New("__main__"))} {
        if (PyDict_SetItemString(globals(), "__builtins__", PyEval_GetBuiltins()) < 0) {
            propagate_python_exception();
        }
        PyObject *modules = PyImport_GetModuleDict();
        found_ = hold(PyDict_GetItemString(modules, "__main__"));
        if (PyDict_SetItemString(modules, "__main__", module_.ptr()) < 0) {
            propagate_python_exception();
        }
    }
    ~fresh_main() {
        const pending_exception_kept kept;
        PyObject *modules = PyImport_GetModuleDict();
        const int restored = found_ ? PyDict_SetItemString(modules, "__main__", found_.ptr())
                                    : PyDict_DelItemString(modules, "__main__");
        if (restored < 0) {
            PyErr_Clear();
        }
    }
    fresh_main(const fresh_main &) = delete;
    fresh_main &operator=(const fresh_main &) = delete;

    PyObject *globals() const { return PyModule_GetDict(module_.ptr()); }

  private:
    py::object module_;
    py::object found_;
};

void set_item(PyObject *dict, const char *key, PyObject *item) {
    if (PyDict_SetItemString(dict, key, item) < 0) {
        propagate_python_exception();
    }
}

struct file_closer {
    void operator()(std::FILE *file) const { std::fclose(file); }
};

// python's own message for a script it cannot open, as an OSError of the errno's class:
// "can't open file '/abs/path.py': [Errno 2] No such file or directory".
[[noreturn]] void raise_cannot_open(PyObject *filename, int error) {
    auto quoted = own(PyObject_Repr(filename));
    auto reason = std::generic_category().message(error);
    auto message = own(PyUnicode_FromFormat("can't open file %U: [Errno %d] %s", quoted.ptr(),
                                            error, reason.c_str()));
    // OSError(errno, strerror) picks the errno's subclass (FileNotFoundError...); the instance
    // then carries python's message as its only argument.
    auto probe = own(PyObject_CallFunction(PyExc_OSError, "is", error, reason.c_str()));
    auto instance =
        own(PyObject_CallOneArg(reinterpret_cast<PyObject *>(Py_TYPE(probe.ptr())), message.ptr()));
    auto number = own(PyLong_FromLong(error));
    if (PyObject_SetAttrString(instance.ptr(), "errno", number.ptr()) < 0) {
        propagate_python_exception();
    }
    PyErr_SetObject(reinterpret_cast<PyObject *>(Py_TYPE(instance.ptr())), instance.ptr());
    propagate_python_exception();
}

std::unique_ptr<std::FILE, file_closer> open_script(const std::filesystem::path &path,
                                                    PyObject *filename) {
    std::unique_ptr<std::FILE, file_closer> file{std::fopen(path.c_str(), "rb")};
    if (!file) {
        raise_cannot_open(filename, errno);
    }
    struct stat status {};
    if (fstat(fileno(file.get()), &status) == 0 && S_ISDIR(status.st_mode)) {
        raise_cannot_open(filename, EISDIR);
    }
    return file;
}

std::filesystem::path absolute_path(const std::filesystem::path &path) {
    std::error_code error;
    auto made = std::filesystem::absolute(path, error);
    return error ? path : made;
}

} // namespace

outcome session::run_source(std::string_view source, std::string_view name, const output &streams,
                            const limits &limit) {
    return run(streams, limit, [&] {
        auto code = compile(source, name, Py_file_input);
        PyObject *globals = PyModule_GetDict(main_.ptr());
        own(PyEval_EvalCode(code.ptr(), globals, globals));
    });
}

evaluation session::evaluate(std::string_view expression, const output &streams,
                             const limits &limit) {
    value result;
    auto ended = run(streams, limit, [&] {
        auto code = compile(expression, "<string>", Py_eval_input);
        PyObject *globals = PyModule_GetDict(main_.ptr());
        auto object = own(PyEval_EvalCode(code.ptr(), globals, globals));
        result = to_value(object.ptr());
    });
    if (!ended.succeeded()) {
        return evaluation{std::move(ended)};
    }
    return evaluation{std::move(result)};
}

outcome session::run_file(const std::filesystem::path &path, const output &streams,
                          const limits &limit) {
    return run(streams, limit, [&] {
        const auto script = absolute_path(path);
        auto filename = own(PyUnicode_DecodeFSDefault(script.c_str()));
        auto file = open_script(script, filename.ptr());
        fresh_main main;
        set_item(main.globals(), "__file__", filename.ptr());
        set_item(main.globals(), "__cached__", Py_None);
        // Compiled from the file as python compiles a script: its coding declaration counts, and
        // no compiler flag of the caller does. PyRun_FileExFlags closes the file.
        own(PyRun_FileExFlags(file.release(), script.c_str(), Py_file_input, main.globals(),
                              main.globals(), 1, nullptr));
    });
}

outcome session::run_module(std::string_view name, const output &streams, const limits &limit) {
    return run(streams, limit, [&] {
        auto module_name = own(new_str(name));
        auto missing =
            own(PyObject_CallMethod(library_.ptr(), "missing_module", "O", module_name.ptr()));
        if (missing.ptr() != Py_None) {
            PyErr_SetImportErrorSubclass(PyExc_ModuleNotFoundError, missing.ptr(),
                                         module_name.ptr(), nullptr);
            propagate_python_exception();
        }
        fresh_main main;
        // runpy's own entry for -m, so that a traceback shows the frames that python -m shows.
        // False: sys.argv stays the interpreter's.
        auto runpy = own(PyImport_ImportModule("runpy"));
        own(PyObject_CallMethod(runpy.ptr(), "_run_module_as_main", "OO", module_name.ptr(),
                                Py_False));
    });
}

} // namespace pyhost::detail
