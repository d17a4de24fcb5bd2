// my_python_module built into the host, importable in every interpreter that pyhost starts. This
// file must be linked from an OBJECT library or the executable: in a STATIC library nothing
// references it and the linker drops the registration (pybind11 issue #2416).
#include "app/bindings.hpp"

#include <pybind11/embed.h>

PYBIND11_EMBEDDED_MODULE(my_python_module, m) {
    pyhost::define_my_python_module(m);
}
