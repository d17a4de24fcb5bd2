#pragma once

// Native functions called the way CPython's own builtins are: METH_FASTCALL | METH_KEYWORDS, with
// arguments converted straight from the vector CPython passes. pybind11's generic dispatcher costs
// about twice a pure-Python call; this costs a fraction of one. One line declares a function:
//
//     pyhost::def<&core::sum_as_string>(m, "sum_as_string", {"a", "b"}, "docstring");
//
// Parameter types pick their converter (arguments.hpp), so errors name the function and the
// argument; the return type picks how the result becomes a Python object.

#include "module/arguments.hpp"
#include "module/python_error.hpp"

#include <pybind11/pybind11.h>

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <utility>

namespace pyhost {

namespace detail {

/// Binds CPython's vectorcall arguments to the parameters in order, as argument clinic does:
/// positional first, then keywords by name. Raises a TypeError when they do not fit.
void bind_arguments(const char *function, const char *const *names, std::size_t count,
                    PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, PyObject **bound);

/// Sets the Python exception for a C++ exception escaping a native function; returns nullptr.
PyObject *set_python_error_from_current_exception() noexcept;

/// "name(a, b)\n--\n\ndoc": the form from which CPython derives __text_signature__, so that
/// help() and inspect.signature() show the parameters.
std::string docstring_with_signature(const char *function, const char *const *names,
                                     std::size_t count, const char *doc);

template <typename Signature>
struct function_traits;

template <typename Result, typename... Parameters>
struct function_traits<Result (*)(Parameters...)> {
    using result = Result;
    using parameters = std::tuple<std::decay_t<Parameters>...>;
    static constexpr std::size_t arity = sizeof...(Parameters);
};

template <auto Function>
class native_function {
    using traits = function_traits<decltype(Function)>;
    static constexpr std::size_t arity = traits::arity;

  public:
    static PyObject *create(const char *name, const std::array<const char *, arity> &names,
                            const char *doc, PyObject *module_name) {
        name_ = name;
        names_ = names;
        doc_ = docstring_with_signature(name, names_.data(), arity, doc);
        method_ = {name_, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&call)),
                   METH_FASTCALL | METH_KEYWORDS, doc_.c_str()};
        return PyCFunction_NewEx(&method_, nullptr, module_name);
    }

  private:
    // The function's one error boundary: whatever it throws becomes a Python exception.
    static PyObject *call(PyObject * /*self*/, PyObject *const *args, Py_ssize_t nargs,
                          PyObject *kwnames) noexcept {
        try {
            // Positional calls, the common case, need no binding step.
            if (kwnames == nullptr && nargs == static_cast<Py_ssize_t>(arity)) {
                return invoke(args, std::make_index_sequence<arity>{});
            }
            std::array<PyObject *, arity + 1> bound{};
            bind_arguments(name_, names_.data(), arity, args, nargs, kwnames, bound.data());
            return invoke(bound.data(), std::make_index_sequence<arity>{});
        } catch (...) {
            return set_python_error_from_current_exception();
        }
    }

    template <std::size_t... I>
    static PyObject *invoke(PyObject *const *values, std::index_sequence<I...>) {
        using parameters = typename traits::parameters;
        // Braces convert the arguments left to right, so the first bad one is the one reported.
        parameters converted{from_python<std::tuple_element_t<I, parameters>>::convert(
            values[I], {name_, names_[I]})...};
        return to_python(std::apply(Function, std::move(converted))).release().ptr();
    }

    static inline const char *name_ = nullptr;
    static inline std::array<const char *, arity> names_{};
    static inline std::string doc_;
    static inline PyMethodDef method_{};
};

} // namespace detail

/// Adds `Function` to `module` as `name`, with parameters called `names` and docstring `doc`.
template <auto Function>
void def(pybind11::module_ &module, const char *name,
         const std::array<const char *, detail::function_traits<decltype(Function)>::arity> &names,
         const char *doc) {
    module.attr(name) = for_pybind11([&] {
        return own(detail::native_function<Function>::create(name, names, doc,
                                                             module.attr("__name__").ptr()));
    });
}

} // namespace pyhost
