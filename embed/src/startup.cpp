#include "embed/src/startup.hpp"

#include "embed/src/builtin_modules.hpp"
#include "pyhost/errors.hpp"

#include <Python.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace pyhost::detail {

namespace {

// A failed status becomes a start_error: an application must not end because of its Python.
void check(PyStatus status) {
    if (PyStatus_Exception(status) == 0) {
        return;
    }
    std::string message = "pyhost::interpreter: CPython could not start";
    if (status.func != nullptr) {
        message += std::string{" ("} + status.func + ")";
    }
    if (status.err_msg != nullptr) {
        message += std::string{": "} + status.err_msg;
    }
    if (PyStatus_IsExit(status) != 0) {
        message += ": exit status " + std::to_string(status.exitcode);
    }
    throw start_error(message);
}

struct config_deleter {
    void operator()(PyConfig *config) const {
        PyConfig_Clear(config);
        delete config;
    }
};
using config_ptr = std::unique_ptr<PyConfig, config_deleter>;

bool isolated(const options &opts) {
    return opts.config == configuration::isolated;
}

// The isolated configuration reads no locale, so UTF-8 mode makes its text UTF-8 whatever the
// process's locale: file names, sys.argv and the standard streams. python_like reads the
// locale and PYTHONUTF8 as python3 does.
void preinitialize(const options &opts) {
    PyPreConfig preconfig;
    if (isolated(opts)) {
        PyPreConfig_InitIsolatedConfig(&preconfig);
        preconfig.utf8_mode = 1;
    } else {
        PyPreConfig_InitPythonConfig(&preconfig);
    }
    check(Py_PreInitialize(&preconfig));
}

void set_argv(PyConfig &config, const std::vector<std::string> &argv) {
    std::vector<char *> pointers;
    std::vector<std::string> copies{argv};
    for (auto &arg : copies) {
        pointers.push_back(arg.data());
    }
    check(
        PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(pointers.size()), pointers.data()));
}

} // namespace

void start_python(const options &opts) {
    register_builtin_modules(opts.builtin_modules);
    preinitialize(opts);
    config_ptr config{new PyConfig};
    if (isolated(opts)) {
        PyConfig_InitIsolatedConfig(config.get());
    } else {
        PyConfig_InitPythonConfig(config.get());
    }
    // The arguments are the program's (sys.argv), never python's own options.
    config->parse_argv = 0;
    config->install_signal_handlers = opts.install_signal_handlers ? 1 : 0;
    set_argv(*config, opts.argv);
    // sys.executable is the application, where CPython would take python3 from PATH (or
    // argv[0]): it is what runs, and the search for the standard library starts beside it.
    std::error_code unknown;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", unknown);
    if (!unknown) {
        check(PyConfig_SetBytesString(config.get(), &config->program_name, executable.c_str()));
    }
    if (opts.home) {
        check(PyConfig_SetBytesString(config.get(), &config->home, opts.home->c_str()));
    }
    check(Py_InitializeFromConfig(config.get()));
}

} // namespace pyhost::detail
