// The embedding library's figures for scripts/bench.py, each beside a baseline measured in the
// same run: what a run costs against CPython's own PyRun_String, and how soon a time limit stops
// a run against the goals of issue 24 (a median under 5 ms, a worst case under 50 ms).
//
// It prints one JSON row a line: [what, seconds, baseline, seconds]. bench.py shows the ratios.
#include <pyhost/interpreter.hpp>

#include <Python.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <string_view>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

constexpr const char *small_script = "total = sum(range(100))\n";

double seconds(clock_type::duration span) {
    return std::chrono::duration<double>(span).count();
}

void print_row(std::string_view what, double value, std::string_view baseline, double base) {
    fmt::print("[\"{}\", {:.9f}, \"{}\", {:.9f}]\n", what, value, baseline, base);
    std::fflush(stdout);
}

// The best of `repeat` rounds of `calls` calls of `call`, per call.
template <typename Call>
double best_per_call(int repeat, int calls, Call call) {
    double best = 1e9;
    for (int round = 0; round < repeat; ++round) {
        const auto started = clock_type::now();
        for (int index = 0; index < calls; ++index) {
            call();
        }
        best = std::min(best, seconds(clock_type::now() - started) / calls);
    }
    return best;
}

// PyRun_String of the same script in the same interpreter, with Python's lock taken for each
// call as the library takes it.
double py_run_string(int repeat, int calls) {
    PyGILState_STATE state = PyGILState_Ensure();
    PyObject *main_module = PyImport_AddModule("__main__");
    PyObject *globals = PyModule_GetDict(main_module);
    PyGILState_Release(state);
    return best_per_call(repeat, calls, [globals] {
        const PyGILState_STATE held = PyGILState_Ensure();
        PyObject *result = PyRun_String(small_script, Py_file_input, globals, globals);
        if (result == nullptr) {
            PyErr_Print();
        }
        Py_XDECREF(result);
        PyGILState_Release(held);
    });
}

// How long after its deadline each of `samples` runs of `source` ended, sorted.
std::vector<double> latencies(pyhost::interpreter &python, const char *source, int samples) {
    // The tracebacks of the cancelled runs go nowhere.
    const pyhost::output quiet{[](std::string_view) {}, [](std::string_view) {}};
    std::vector<double> late;
    for (int sample = 0; sample < samples; ++sample) {
        const auto limit = pyhost::limits::within(std::chrono::milliseconds{20});
        const auto ended = python.run_source(source, "<limited>", quiet, limit);
        late.push_back(seconds(clock_type::now() - *limit.deadline));
        if (!ended.cancelled()) {
            fmt::print(stderr, "a limited run was not cancelled: {}\n", ended.summary());
            std::exit(1);
        }
    }
    std::sort(late.begin(), late.end());
    return late;
}

void latency_rows(std::string_view what, const std::vector<double> &late) {
    print_row(fmt::format("cancellation of {}, median of {}", what, late.size()),
              late[late.size() / 2], "the goal", 0.005);
    print_row(fmt::format("cancellation of {}, worst of {}", what, late.size()), late.back(),
              "the goal", 0.050);
}

} // namespace

int main(int argc, char **argv) {
    const bool quick = argc > 1 && std::string_view{argv[1]} == "--quick";
    const int repeat = quick ? 3 : 7;
    const int calls = quick ? 2'000 : 20'000;
    const int samples = quick ? 10 : 40;

    pyhost::interpreter python;
    const double baseline = py_run_string(repeat, calls);
    const double run =
        best_per_call(repeat, calls, [&] { python.run_source(small_script, "<small>"); });
    print_row("run_source() of a small script", run, "PyRun_String", baseline);

    const char *loop = "while True:\n    pass\n";
    latency_rows("a loop on the starting thread", latencies(python, loop, samples));
    latency_rows("time.sleep on the starting thread",
                 latencies(python, "import time\ntime.sleep(60)\n", samples));
    auto elsewhere =
        std::async(std::launch::async, [&] { return latencies(python, loop, samples); }).get();
    latency_rows("a loop on another thread", elsewhere);
    return 0;
}
