#include "app/interpreter.hpp"

#include "app/bundled_stdlib.hpp"
#include "app/embedded_module.hpp"

#include <Python.h>

#include <memory>

namespace pyhost {

namespace {

struct config_deleter {
    void operator()(PyConfig *config) const {
        PyConfig_Clear(config);
        delete config;
    }
};
using config_ptr = std::unique_ptr<PyConfig, config_deleter>;

struct raw_memory_deleter {
    void operator()(wchar_t *text) const { PyMem_RawFree(text); }
};

// Ends the process the way python's own main does when its configuration fails.
void check(PyStatus status) {
    if (PyStatus_Exception(status) != 0) {
        Py_ExitStatusException(status);
    }
}

std::vector<char *> c_strings(std::vector<std::string> &strings) {
    std::vector<char *> pointers;
    pointers.reserve(strings.size());
    for (auto &text : strings) {
        pointers.push_back(text.data());
    }
    return pointers;
}

// sys.orig_argv holds the command line as given, not its canonical form. Decoding needs the
// pre-initialization that PyConfig_SetBytesArgv has already done.
void set_orig_argv(PyConfig &config, const std::vector<std::string> &original_argv) {
    std::vector<std::unique_ptr<wchar_t, raw_memory_deleter>> decoded;
    std::vector<wchar_t *> items;
    for (const auto &arg : original_argv) {
        decoded.emplace_back(Py_DecodeLocale(arg.c_str(), nullptr));
        if (!decoded.back()) {
            check(PyStatus_NoMemory());
        }
        items.push_back(decoded.back().get());
    }
    check(PyConfig_SetWideStringList(&config, &config.orig_argv,
                                     static_cast<Py_ssize_t>(items.size()), items.data()));
}

} // namespace

void initialize_interpreter(const options &opts, const std::vector<std::string> &original_argv) {
    config_ptr config{new PyConfig};
    PyConfig_InitPythonConfig(config.get());
    config->parse_argv = 1;
    auto argv = python_argv(opts, original_argv.empty() ? "pyhost" : original_argv.front());
    auto argv_pointers = c_strings(argv);
    check(PyConfig_SetBytesArgv(config.get(), static_cast<Py_ssize_t>(argv_pointers.size()),
                                argv_pointers.data()));
    set_orig_argv(*config, original_argv);
    // A process may run one interpreter after another (pyhost::run in the tests does).
    if (!register_my_python_module()) {
        check(PyStatus_NoMemory());
    }
    use_bundled_stdlib(opts);
    check(Py_InitializeFromConfig(config.get()));
}

} // namespace pyhost
