// my_python_module for the library: what PYBIND11_EMBEDDED_MODULE defines, without the static
// object that registers it as the library loads. Registering at load time would be a fatal error
// in a process whose Python already runs (CPython 3.12), and would not survive a reset of the
// table; builtin_modules.cpp registers it before each start instead.
#include "embed/src/my_python_module.hpp"

#include "module/bindings.hpp"
#include "module/python_error.hpp"

#include <exception>

namespace pyhost::detail {

PyObject *init_my_python_module() {
    static pybind11::module_::module_def definition;
    try {
        auto module =
            pybind11::module_::create_extension_module("my_python_module", nullptr, &definition);
        define_my_python_module(module);
        // As pybind11 does: the module holds two references here, the one that
        // create_extension_module borrowed goes with `module`, and CPython takes the other.
        return module.ptr();
    } catch (const python_exception_is_set &) {
        return nullptr;
    } catch (pybind11::error_already_set &error) {
        error.restore();
        return nullptr;
    } catch (const std::exception &error) {
        PyErr_SetString(PyExc_ImportError, error.what());
        return nullptr;
    }
}

} // namespace pyhost::detail
