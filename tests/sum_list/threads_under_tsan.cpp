// sum_list's parallel paths under ThreadSanitizer. CPython cannot be built with TSan here, so this
// embeds the system's libpython, uninstrumented, and runs the module's own code, instrumented,
// the way the host runs it: the engine (module/parallel_sum.cpp) shares long lists out while the
// caller keeps the GIL, and long buffers while it gives the GIL up, with Python threads calling
// sum_list at the same time. The GIL's mutex and condition variable are pthread calls, which TSan
// sees, so what the engine relies on the GIL for is checked too.
#include "module/bindings.hpp"

#include <pybind11/embed.h>

#include <cstdio>

PYBIND11_EMBEDDED_MODULE(my_python_module, module) {
    pyhost::define_my_python_module(module);
}

namespace {

// Each sum is checked against Python's own: math.fsum for floats, sum for ints.
constexpr const char *sums = R"(
import array, math, threading
import my_python_module

class Float(float):
    """Not an exact float: the list's threads stop at it, and the caller reads it alone."""

n = 1 << 20
floats = [((i * 2654435761) % 1000003) / 7.0 for i in range(n)]
with_stop = floats[:]
with_stop[n // 2 + 5] = Float(0.5)
doubles = array.array("d", floats)
int64s = array.array("q", range(-n, n, 2))

def check(failures):
    try:
        assert my_python_module.sum_list(floats) == math.fsum(floats)
        assert my_python_module.sum_list(with_stop) == math.fsum(with_stop)
        assert my_python_module.sum_list(doubles) == math.fsum(floats)
        assert my_python_module.sum_list(int64s) == sum(int64s)
        strided = memoryview(doubles)[::3]
        assert my_python_module.sum_list(strided) == math.fsum(floats[::3])
    except BaseException as error:
        failures.append(error)

failures = []
threads = [threading.Thread(target=check, args=(failures,)) for _ in range(3)]
for thread in threads:
    thread.start()
check(failures)
for thread in threads:
    thread.join()
if failures:
    raise failures[0]
print("every sum equals Python's own")
)";

} // namespace

int main() {
    pybind11::scoped_interpreter interpreter;
    try {
        pybind11::exec(sums);
    } catch (const pybind11::error_already_set &error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
