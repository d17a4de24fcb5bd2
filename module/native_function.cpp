#include "module/native_function.hpp"

#include "module/python_error.hpp"

#include <fmt/core.h>

#include <exception>
#include <new>

namespace pyhost::detail {

namespace {

// The index of the parameter called `keyword`, or `count` when there is none.
std::size_t parameter_index(PyObject *keyword, const char *const *names, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        if (PyUnicode_CompareWithASCIIString(keyword, names[i]) == 0) {
            return i;
        }
    }
    return count;
}

} // namespace

void bind_arguments(const char *function, const char *const *names, std::size_t count,
                    PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, PyObject **bound) {
    const auto positional = static_cast<std::size_t>(nargs);
    if (positional > count) {
        raise_python_exception(PyExc_TypeError,
                               "{}() takes {} positional argument{} but {} were given", function,
                               count, count == 1 ? "" : "s", nargs);
    }
    for (std::size_t i = 0; i < count; ++i) {
        bound[i] = i < positional ? args[i] : nullptr;
    }
    const Py_ssize_t keywords = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < keywords; ++k) {
        PyObject *keyword = PyTuple_GET_ITEM(kwnames, k);
        const std::size_t index = parameter_index(keyword, names, count);
        if (index == count) {
            // CPython's own formatting: a keyword may be any str, lone surrogates included, which
            // no UTF-8 message can carry.
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", function,
                         keyword);
            propagate_python_exception();
        }
        if (bound[index] != nullptr) {
            raise_python_exception(PyExc_TypeError,
                                   "argument for {}() given by name ('{}') and position ({})",
                                   function, names[index], index + 1);
        }
        bound[index] = args[nargs + k];
    }
    for (std::size_t i = 0; i < count; ++i) {
        if (bound[i] == nullptr) {
            raise_python_exception(PyExc_TypeError, "{}() missing required argument '{}' (pos {})",
                                   function, names[i], i + 1);
        }
    }
}

PyObject *set_python_error_from_current_exception() noexcept {
    try {
        throw;
    } catch (const python_exception_is_set &) {
        // The Python exception is set already.
    } catch (pybind11::error_already_set &error) {
        error.restore();
    } catch (const pybind11::builtin_exception &error) {
        error.set_error();
    } catch (const std::bad_alloc &) {
        PyErr_NoMemory();
    } catch (const std::exception &error) {
        PyErr_SetString(PyExc_RuntimeError, error.what());
    } catch (...) {
        PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception in a native function");
    }
    return nullptr;
}

std::string docstring_with_signature(const char *function, const char *const *names,
                                     std::size_t count, const char *doc) {
    std::string parameters;
    for (std::size_t i = 0; i < count; ++i) {
        parameters += fmt::format("{}{}", i == 0 ? "" : ", ", names[i]);
    }
    return fmt::format("{}({})\n--\n\n{}", function, parameters, doc);
}

} // namespace pyhost::detail
