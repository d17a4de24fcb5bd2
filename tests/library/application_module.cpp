// A built-in module of the application's own, written against CPython's C API: the one file of
// an application that includes <Python.h> (pyhost/options.hpp, builtin_module).
#include <Python.h>

namespace {

PyObject *answer(PyObject * /*module*/, PyObject * /*unused*/) {
    return PyLong_FromLong(42);
}

PyMethodDef methods[] = {
    {"answer", answer, METH_NOARGS, "The answer, from C."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    "application_module",
    "The application's own module.",
    -1,
    methods,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

} // namespace

extern "C" PyObject *PyInit_application_module() {
    return PyModule_Create(&definition);
}
