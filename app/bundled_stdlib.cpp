#include "app/bundled_stdlib.hpp"

#include "core/module_pack.hpp"

#include <Python.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

} // namespace

void use_bundled_stdlib(const options &opts) {
    const auto pack = pack_path();
    std::error_code error;
    if (pack.empty() || !fs::exists(pack, error) || frozen_modules_off(opts)) {
        return;
    }
    std::vector<core::packed_module> modules;
    try {
        modules = core::read_module_pack(map_for_good(pack));
    } catch (const core::bad_module_pack &bad) {
        fail(pack, bad.what());
    }
    // CPython reads the table until an entry without a name, for as long as the process runs.
    static std::vector<_frozen> table;
    table.reserve(modules.size() + 1);
    for (const auto &module : modules) {
        if (module.code.size() > INT_MAX) {
            fail(pack, fmt::format("the code of {} is too large", module.name));
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
    PyImport_FrozenModules = table.data();
}

} // namespace pyhost
