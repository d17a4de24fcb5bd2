#include "embed/src/builtin_modules.hpp"

#include "embed/src/my_python_module.hpp"
#include "pyhost/errors.hpp"

#include <Python.h>

#include <deque>
#include <new>
#include <string>
#include <string_view>

namespace pyhost::detail {

namespace {

bool registered(std::string_view name) {
    for (const _inittab *entry = PyImport_Inittab; entry->name != nullptr; ++entry) {
        if (name == entry->name) {
            return true;
        }
    }
    return false;
}

void add(const char *name, PyObject *(*init)()) {
    if (registered(name)) {
        return;
    }
    // CPython keeps the name's pointer: the names live as long as the process, where a deque
    // never moves them. Only starts call this, one at a time (interpreter.cpp).
    static std::deque<std::string> names;
    names.emplace_back(name);
    if (PyImport_AppendInittab(names.back().c_str(), init) != 0) {
        throw std::bad_alloc();
    }
}

} // namespace

void register_builtin_modules(const std::vector<builtin_module> &modules) {
    for (const auto &module : modules) {
        if (module.name.empty() || module.init == nullptr) {
            throw usage_error(
                "pyhost::options: a built-in module needs a name and an init function");
        }
    }
    add("my_python_module", init_my_python_module);
    for (const auto &module : modules) {
        add(module.name.c_str(), module.init);
    }
}

} // namespace pyhost::detail
