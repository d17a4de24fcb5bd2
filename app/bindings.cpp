// my_python_module: the native functions that every script run by pyhost can import.
#include "app/arguments.hpp"
#include "core/sum_as_string.hpp"

#include <pybind11/embed.h>

namespace py = pybind11;

PYBIND11_EMBEDDED_MODULE(my_python_module, m) {
    m.doc() = "Native functions of the pyhost embedded Python host.";

    m.def(
        "sum_as_string",
        [](pyhost::int_argument a, pyhost::int_argument b) {
            return pyhost::core::sum_as_string(pyhost::to_uint64(a, "sum_as_string", "a"),
                                               pyhost::to_uint64(b, "sum_as_string", "b"));
        },
        py::arg("a"), py::arg("b"),
        "Return the sum of a and b as a decimal string, exact for any a, b in [0, 2**64 - 1].");
}
