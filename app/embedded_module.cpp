// my_python_module built into the host, importable in every interpreter that pyhost starts.
#include "app/embedded_module.hpp"

#include "module/bindings.hpp"

#include <pybind11/embed.h>

#include <string_view>

PYBIND11_EMBEDDED_MODULE(my_python_module, m) {
    pyhost::define_my_python_module(m);
}

namespace pyhost {

bool register_my_python_module() {
    for (const _inittab *entry = PyImport_Inittab; entry->name != nullptr; ++entry) {
        if (std::string_view{entry->name} == "my_python_module") {
            return true;
        }
    }
    return PyImport_AppendInittab("my_python_module", pybind11_init_impl_my_python_module) == 0;
}

} // namespace pyhost
