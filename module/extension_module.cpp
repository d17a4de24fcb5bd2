// my_python_module as an extension module, for plain python3 and the wheel.
#include "module/bindings.hpp"

PYBIND11_MODULE(my_python_module, m) {
    pyhost::define_my_python_module(m);
}
