// libFuzzer target for my_python_module: the interpreter is started once, with the host's module
// built in, and every input goes to harness.py's fuzz_one (imported from tests/fuzz, with the case
// list of tests/support), which decodes it into a call of a native function and checks the
// outcome against an oracle. An exception escaping fuzz_one (a wrong result, an undocumented
// exception) aborts: libFuzzer saves the input.
//
//     fuzz_my_python_module -max_total_time=60 new-corpus/ tests/fuzz/corpus/
#include "app/python_status.hpp"

#include <Python.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace {

// Owned for the whole process, as the interpreter is: never finalized, so never released.
PyObject *fuzz_one = nullptr;

[[noreturn]] void fail(const char *what) {
    std::fprintf(stderr, "fuzz_my_python_module: %s\n", what);
    if (PyErr_Occurred() != nullptr) {
        PyErr_Print();
    }
    std::fflush(nullptr);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int * /*argc*/, char *** /*argv*/) {
    // Python's objects straight from malloc, whatever PYTHONMALLOC says: ASan then sees each one.
    PyPreConfig preconfig;
    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.allocator = PYMEM_ALLOCATOR_MALLOC;
    pyhost::check_status(Py_PreInitialize(&preconfig));
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = 0; // libFuzzer's own handle SIGINT and the like
    pyhost::check_status(Py_InitializeFromConfig(&config));
    PyConfig_Clear(&config);

    // harness.py from this folder, and the shared test code (support) from tests/: both go first on
    // sys.path, which the isolated configuration leaves without the script's folder.
    PyObject *path = PySys_GetObject("path"); // borrowed
    for (const char *folder : {PYHOST_TESTS_DIR, PYHOST_FUZZ_DIR}) {
        PyObject *entry = PyUnicode_FromString(folder);
        if (entry == nullptr || path == nullptr || PyList_Insert(path, 0, entry) != 0) {
            fail("cannot put the harness's folders on sys.path");
        }
        Py_DECREF(entry);
    }
    PyObject *harness = PyImport_ImportModule("harness");
    if (harness == nullptr) {
        fail("cannot import harness.py");
    }
    fuzz_one = PyObject_GetAttrString(harness, "fuzz_one");
    Py_DECREF(harness);
    if (fuzz_one == nullptr) {
        fail("harness.py has no fuzz_one");
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    PyObject *bytes = PyBytes_FromStringAndSize(reinterpret_cast<const char *>(data),
                                                static_cast<Py_ssize_t>(size));
    if (bytes == nullptr) {
        fail("cannot make the input's bytes");
    }
    PyObject *result = PyObject_CallOneArg(fuzz_one, bytes);
    Py_DECREF(bytes);
    if (result == nullptr) {
        fail("an input broke a rule of my_python_module");
    }
    Py_DECREF(result);
    return 0;
}
