// Canaries for the sanitizer build: each mode commits one real bug that the sanitizer stage must
// report, so that a green sanitizer run means the sanitizers were watching. Built only into this
// test binary, never into the host.
//
//     sanitizer_canary borrowed-reference | signed-overflow | leak
#include <pybind11/embed.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace py = pybind11;

namespace {

// The bug that sum_list guards against: an item read through a borrowed reference, while its own
// __index__ drops the list's reference, the only one. With PYTHONMALLOC=malloc the item is freed
// to ASan's quarantine, and the read below is a heap-use-after-free; under pymalloc it would
// silently read a freed block of a pool.
PyObject *unsafe_sum(PyObject * /*self*/, PyObject *values) {
    long total = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(values); ++i) {
        PyObject *item = PyList_GET_ITEM(values, i); // borrowed: the bug
        PyObject *index = PyNumber_Index(item);
        if (index == nullptr) {
            return nullptr;
        }
        total += PyLong_AsLong(index);
        Py_DECREF(index);
        total += static_cast<long>(Py_REFCNT(item)); // the item may be gone
    }
    return PyLong_FromLong(total);
}

// A native function that leaks a C++ allocation on every call. It is called from Python, so
// libpython's eval loop is on its allocation stack: the report proves that the libpython
// suppression does not hide it.
PyObject *leaky(PyObject * /*self*/, PyObject * /*unused*/) {
    auto *leaked = new std::string(100, 'x');
    return PyLong_FromSize_t(leaked->size());
}

PyMethodDef methods[] = {
    {"unsafe_sum", unsafe_sum, METH_O, nullptr},
    {"leaky", leaky, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr},
};

// volatile: the compiler must not fold the overflow away.
volatile int large = INT_MAX;

} // namespace

PYBIND11_EMBEDDED_MODULE(sanitizer_canary, m) {
    PyModule_AddFunctions(m.ptr(), methods);
}

int main(int argc, char *argv[]) {
    const std::string_view mode = argc > 1 ? argv[1] : "";
    if (mode == "signed-overflow") {
        const int overflowed = large + 1;
        std::printf("survived signed overflow: %d\n", overflowed);
        return 0;
    }
    py::scoped_interpreter guard{};
    if (mode == "borrowed-reference") {
        py::exec(R"(
import sanitizer_canary
class Dropping:
    def __index__(self):
        values.clear()
        return 1
values = [Dropping()]
print("survived a use after free:", sanitizer_canary.unsafe_sum(values))
)");
        return 0;
    }
    if (mode == "leak") {
        py::exec(R"(
import sanitizer_canary
print("leaked", sum(sanitizer_canary.leaky() for _ in range(3)), "bytes")
)");
        return 0;
    }
    std::fprintf(stderr, "usage: sanitizer_canary borrowed-reference|signed-overflow|leak\n");
    return 2;
}
