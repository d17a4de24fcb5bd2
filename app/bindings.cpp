// my_python_module: the native functions that every script run by pyhost can import.
#include "app/native_function.hpp"
#include "core/sum_as_string.hpp"

#include <pybind11/embed.h>

PYBIND11_EMBEDDED_MODULE(my_python_module, m) {
    m.doc() = "Native functions of the pyhost embedded Python host.";

    pyhost::def<&pyhost::core::sum_as_string>(
        m, "sum_as_string", {"a", "b"},
        "Return the sum of a and b as a decimal string, exact for any a, b in [0, 2**64 - 1].");
}
