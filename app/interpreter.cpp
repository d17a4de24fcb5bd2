#include "app/interpreter.hpp"

#include "app/bundled_stdlib.hpp"
#include "app/embedded_module.hpp"
#include "app/python_status.hpp"

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
    std::vector<decoded_locale_text> decoded;
    std::vector<wchar_t *> items;
    for (const auto &arg : original_argv) {
        decoded.emplace_back(Py_DecodeLocale(arg.c_str(), nullptr));
        if (!decoded.back()) {
            check_status(PyStatus_NoMemory());
        }
        items.push_back(decoded.back().get());
    }
    check_status(PyConfig_SetWideStringList(&config, &config.orig_argv,
                                            static_cast<Py_ssize_t>(items.size()), items.data()));
}

} // namespace

void initialize_interpreter(const options &opts, const std::vector<std::string> &original_argv) {
    config_ptr config{new PyConfig};
    PyConfig_InitPythonConfig(config.get());
    config->parse_argv = 1;
    auto argv = python_argv(opts, original_argv.empty() ? "pyhost" : original_argv.front());
    auto argv_pointers = c_strings(argv);
    check_status(PyConfig_SetBytesArgv(config.get(), static_cast<Py_ssize_t>(argv_pointers.size()),
                                       argv_pointers.data()));
    set_orig_argv(*config, original_argv);
    // A process may run one interpreter after another (pyhost::run in the tests does).
    if (!register_my_python_module()) {
        check_status(PyStatus_NoMemory());
    }
    use_bundled_stdlib(opts);
    check_status(Py_InitializeFromConfig(config.get()));
}

} // namespace pyhost
