// my_python_module: the native functions that every script run by pyhost can import, and that
// plain python3 imports from the extension module built from this same list.
#include "module/bindings.hpp"

#include "core/sum_as_string.hpp"
#include "module/native_function.hpp"
#include "module/sum_list.hpp"

namespace pyhost {

void define_my_python_module(pybind11::module_ &m) {
    m.doc() = "Native functions of the pyhost embedded Python host.";

    pyhost::def<&pyhost::core::sum_as_string>(
        m, "sum_as_string", {"a", "b"},
        "Return the sum of a and b as a decimal string, exact for any a, b in [0, 2**64 - 1].");

    pyhost::def<&pyhost::sum_list>(
        m, "sum_list", {"values"},
        "Return the exact sum of an iterable of numbers: a list, a tuple, a buffer (array.array,\n"
        "memoryview, bytes, NumPy arrays of any integer or float dtype and shape) or any other\n"
        "iterable. All items integral: the exact int, as sum(). Any float item: the correctly\n"
        "rounded float, as math.fsum(). A non-numeric item raises TypeError naming its index.");
}

} // namespace pyhost
