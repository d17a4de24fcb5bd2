#include "app/bundled_stdlib.hpp"

#include "core/module_pack.hpp"
#include "module/python_error.hpp"

#include <Python.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <marshal.h>
#include <pybind11/embed.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <system_error>
#include <vector>

namespace pyhost {

namespace {

namespace fs = std::filesystem;
namespace py = pybind11;

// The name under which the bundle packs app/bundle_importer.py.
constexpr std::string_view importer_module = "_pyhost_bundle_importer";

[[noreturn]] void fail(const fs::path &pack, const std::string &reason) {
    fmt::print(stderr, "pyhost: cannot use the bundled standard library {}: {}\n", pack.string(),
               reason);
    std::exit(1);
}

// The last -X frozen_modules=VALUE, as CPython reads it: off turns frozen modules off.
bool frozen_modules_off(const options &opts) {
    bool off = false;
    for (const auto &option : opts.xoptions) {
        if (option.starts_with("frozen_modules=")) {
            off = option == "frozen_modules=off";
        }
    }
    return off;
}

// Where a bundle keeps the pack: beside the standard library, found from the executable's real
// location, so that symlinks to the host and venvs made from it find it too.
fs::path pack_path() {
    std::error_code error;
    const auto executable = fs::read_symlink("/proc/self/exe", error);
    if (error) {
        return {};
    }
    return executable.parent_path().parent_path() / "lib" /
           fmt::format("python{}.{}", PY_MAJOR_VERSION, PY_MINOR_VERSION) / "stdlib.pack";
}

// The pack, mapped for the life of the process: CPython reads the modules' code where it lies.
std::span<const unsigned char> map_for_good(const fs::path &pack) {
    const int fd = open(pack.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(pack, std::system_category().message(errno));
    }
    struct stat status {};
    if (fstat(fd, &status) != 0 || status.st_size <= 0) {
        close(fd);
        fail(pack, "it is empty or cannot be read");
    }
    const auto size = static_cast<std::size_t>(status.st_size);
    void *image = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (image == MAP_FAILED) {
        fail(pack, std::system_category().message(errno));
    }
    return {static_cast<const unsigned char *>(image), size};
}

// The pack's modules, sorted by name, for the life of the process; empty where there is none.
const std::vector<core::packed_module> &packed_modules() {
    static const std::vector<core::packed_module> modules = [] {
        const auto pack = pack_path();
        std::error_code error;
        if (pack.empty() || !fs::exists(pack, error)) {
            return std::vector<core::packed_module>{};
        }
        try {
            return core::read_module_pack(map_for_good(pack));
        } catch (const core::bad_module_pack &bad) {
            fail(pack, bad.what());
        }
    }();
    return modules;
}

const core::packed_module *find_packed(std::string_view name) {
    const auto &modules = packed_modules();
    const auto found = std::lower_bound(
        modules.begin(), modules.end(), name,
        [](const core::packed_module &module, std::string_view key) { return module.name < key; });
    return found != modules.end() && found->name == name ? &*found : nullptr;
}

// What CPython imports while it starts, before the importer can be installed: the encodings
// package, and the importer itself. python3 reads these before sys.path[0] exists, so no module
// of the user's can stand in for them there either.
bool frozen_at_start(std::string_view name) {
    return name == "encodings" || name.starts_with("encodings.") || name == importer_module;
}

// CPython's table of those modules, ending with an entry without a name.
std::vector<_frozen> frozen_table() {
    std::vector<_frozen> table;
    for (const auto &module : packed_modules()) {
        if (!frozen_at_start(module.name)) {
            continue;
        }
        if (module.code.size() > INT_MAX) {
            fail(pack_path(), fmt::format("the code of {} is too large", module.name));
        }
        // Field by field: 3.13's _frozen has no get_code, which 3.11's and 3.12's have.
        _frozen entry{};
        entry.name = module.name.data();
        entry.code = module.code.data();
        entry.size = static_cast<int>(module.code.size());
        entry.is_package = module.is_package ? 1 : 0;
        table.push_back(entry);
    }
    table.push_back(_frozen{});
    return table;
}

// Whether the environment points CPython at another standard library, as python3 reads it.
bool environment_moves_stdlib(const options &opts) {
    if (opts.ignore_environment || opts.isolated) {
        return false;
    }
    for (const char *variable : {"PYTHONHOME", "PYTHONPLATLIBDIR"}) {
        const char *value = std::getenv(variable);
        if (value != nullptr && *value != '\0') {
            return true;
        }
    }
    return false;
}

// Whether use_bundled_stdlib handed the pack to CPython, for install_bundle_importer.
bool pack_in_use = false;

} // namespace

void use_bundled_stdlib(const options &opts) {
    // CPython's own value (an empty table), put back where the pack is not wanted.
    static const _frozen *const cpython_own = PyImport_FrozenModules;
    static const std::vector<_frozen> table = frozen_table();
    pack_in_use = find_packed(importer_module) != nullptr && !frozen_modules_off(opts) &&
                  !environment_moves_stdlib(opts);
    PyImport_FrozenModules = pack_in_use ? table.data() : cpython_own;
}

void install_bundle_importer() {
    if (!pack_in_use) {
        return;
    }
    try {
        const py::cpp_function kind_of([](std::string_view name) -> py::object {
            const auto *module = find_packed(name);
            if (module == nullptr) {
                return py::none();
            }
            return py::str(module->is_package ? "package" : "module");
        });
        const py::cpp_function code_of([](std::string_view name) {
            const auto *module = find_packed(name);
            if (module == nullptr) {
                throw py::key_error(std::string(name));
            }
            return for_pybind11([module] {
                return own(PyMarshal_ReadObjectFromString(
                    reinterpret_cast<const char *>(module->code.data()),
                    static_cast<Py_ssize_t>(module->code.size())));
            });
        });
        // The standard library's entry in sys.path, as CPython computed it: where it put os.py.
        const auto os_file = py::module_::import("os").attr("__file__").cast<std::string>();
        const auto stdlib_dir = fs::path(os_file).parent_path().string();
        py::module_::import(std::string(importer_module).c_str())
            .attr("install")(stdlib_dir, kind_of, code_of);
    } catch (py::error_already_set &error) {
        fail(pack_path(), fmt::format("its importer failed: {}", error.what()));
    }
}

} // namespace pyhost
