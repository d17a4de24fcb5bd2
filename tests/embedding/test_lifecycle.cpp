// my_python_module across the interpreter's life: finalized and started again, called from many
// Python threads at once, and from C++ threads that Python never created.
#include "app/run.hpp"

#include <catch2/catch.hpp>
#include <pybind11/embed.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace py = pybind11;

namespace {

// One interpreter's life, through CPython's own calls. Not pybind11's scoped_interpreter: in
// pybind11 2.10.3 its finalization makes local internals that it then orphans, 8 bytes that
// LeakSanitizer reports on every restart. Nothing here needs pybind11's internals.
class interpreter {
  public:
    interpreter() { Py_InitializeEx(0); }
    ~interpreter() { Py_FinalizeEx(); }
    interpreter(const interpreter &) = delete;
    interpreter &operator=(const interpreter &) = delete;
};

// The GIL for a thread that Python did not create, and the GIL given up, through CPython's own
// calls: pybind11 2.10.3's gil_scoped_acquire uses a freed thread state when it is the first use
// of pybind11's internals (pybind11 issue #5152).
class gil_held {
  public:
    gil_held() : state_{PyGILState_Ensure()} {}
    ~gil_held() { PyGILState_Release(state_); }
    gil_held(const gil_held &) = delete;
    gil_held &operator=(const gil_held &) = delete;

  private:
    PyGILState_STATE state_;
};

class gil_released {
  public:
    gil_released() : state_{PyEval_SaveThread()} {}
    ~gil_released() { PyEval_RestoreThread(state_); }
    gil_released(const gil_released &) = delete;
    gil_released &operator=(const gil_released &) = delete;

  private:
    PyThreadState *state_;
};

// Runs `code` in a fresh namespace that has my_python_module imported, and returns it.
py::dict run(const char *code) {
    py::dict scope;
    py::exec("import my_python_module", scope);
    py::exec(code, scope);
    return scope;
}

// Every native function, on its valid and its error paths; `failures` lists what went wrong.
constexpr const char *exercise_module = R"(
import array, inspect, math
from my_python_module import sum_as_string, sum_list
failures = []
def expect(label, got, want):
    if got != want or type(got) is not type(want):
        failures.append(f"{label}: {got!r} != {want!r}")
def expect_raises(label, error, function, *args):
    try:
        function(*args)
    except error:
        return
    except BaseException as other:
        failures.append(f"{label}: raised {other!r}, not {error.__name__}")
        return
    failures.append(f"{label}: raised nothing, not {error.__name__}")
expect("sum_as_string", sum_as_string(2**64 - 1, 1), str(2**64))
expect("sum_list of ints", sum_list([1, 2**70, -3]), 2**70 - 2)
expect("sum_list of floats", sum_list([0.1] * 10), math.fsum([0.1] * 10))
expect("sum_list of a buffer", sum_list(array.array("d", [0.5] * 100_000)), 50_000.0)
expect("signature", list(inspect.signature(sum_as_string).parameters), ["a", "b"])
expect_raises("negative", OverflowError, sum_as_string, -1, 0)
expect_raises("bad item", TypeError, sum_list, [1, None])
expect_raises("inf - inf", ValueError, sum_list, [math.inf, -math.inf])
)";

// The exit status of `body` run in a child process, or 128 + the signal that ended it.
template <class Body>
int in_child(Body body) {
    std::fflush(nullptr);
    const pid_t child = fork();
    if (child == 0) {
        _exit(body());
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

pyhost::options command(std::string code) {
    pyhost::options opts;
    opts.source = pyhost::program_source::command;
    opts.program = std::move(code);
    return opts;
}

} // namespace

TEST_CASE("my_python_module works in every interpreter when the interpreter is started again") {
    for (int round = 1; round <= 4; ++round) {
        interpreter guard;
        auto scope = run(exercise_module);
        INFO("interpreter " << round);
        CHECK(scope["failures"].cast<std::vector<std::string>>().empty());
    }
}

// Py_RunMain ends by resetting CPython's table of built-in modules (pymain_free calls
// _PyImport_Fini2), which drops the entry that PYBIND11_EMBEDDED_MODULE added before main;
// initialize_interpreter puts it back.
TEST_CASE("pyhost runs a second program in the same process after the first one finalized") {
    const int status = in_child([] {
        // The first ends normally, so that run() returns; the second ends by SystemExit.
        const int first = pyhost::run(
            command(std::string(exercise_module) + "\nassert not failures, failures"), {"pyhost"});
        const int second = pyhost::run(
            command(std::string(exercise_module) + "\nraise SystemExit(3 if not failures else 4)"),
            {"pyhost"});
        return first == 0 ? second : 100 + first;
    });
    CHECK(status == 3);
}

TEST_CASE("native functions called from many Python threads at once give correct results") {
    interpreter guard;
    auto scope = run(R"(
import array, math, random, sys, threading
from my_python_module import sum_as_string, sum_list

THREADS = 8
ROUNDS = 150
long_buffer = array.array("d", [0.25, 1e300, -1e300, 3.0] * 50_000)  # the GIL is released
long_expected = math.fsum(long_buffer)
errors = []
calls = [0] * THREADS
start = threading.Barrier(THREADS)

def worker(number):
    rng = random.Random(number)
    start.wait()
    try:
        for _ in range(ROUNDS):
            a, b = rng.getrandbits(64), rng.getrandbits(rng.randint(0, 64))
            assert sum_as_string(a, b) == str(a + b), (a, b)
            ints = [rng.randint(-2**70, 2**70) for _ in range(rng.randint(0, 50))]
            assert sum_list(ints) == sum(ints), ints
            floats = [rng.uniform(-1e10, 1e10) for _ in range(rng.randint(1, 50))]
            assert sum_list(floats) == math.fsum(floats), floats
            assert sum_list(long_buffer) == long_expected
            try:
                sum_list([1, 2, None])
            except TypeError:
                pass
            else:
                raise AssertionError("no TypeError")
            calls[number] += 5
    except BaseException as error:
        errors.append(f"thread {number}: {error!r}")

previous = sys.getswitchinterval()
sys.setswitchinterval(1e-5)  # hand the GIL over as often as possible
try:
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
finally:
    sys.setswitchinterval(previous)
total_calls = sum(calls)
)");
    CHECK(scope["errors"].cast<std::vector<std::string>>().empty());
    CHECK(scope["total_calls"].cast<int>() == 8 * 150 * 5);
}

TEST_CASE("native functions called from C++ threads that Python did not create take the GIL") {
    interpreter guard;
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    std::atomic<int> calls{0};
    constexpr int thread_count = 6;
    constexpr int rounds = 200;
    {
        auto module = py::module_::import("my_python_module");
        auto sum_list = module.attr("sum_list");
        auto sum_as_string = module.attr("sum_as_string");
        auto array = py::module_::import("array").attr("array");

        auto worker = [&](int number) {
            // A thread of C++'s own: PyGILState_Ensure creates its Python thread state.
            gil_held gil;
            try {
                if (PyGILState_Check() == 0) {
                    throw std::runtime_error("no GIL after acquiring it");
                }
                py::list values;
                for (int i = 0; i <= number * 10; ++i) {
                    values.append(i);
                }
                const long long expected = number * 10LL * (number * 10 + 1) / 2;
                // Long enough that sum_list releases the GIL while it sums.
                auto buffer = array("q", py::module_::import("builtins").attr("range")(200'000));
                for (int round = 0; round < rounds; ++round) {
                    if (sum_list(values).cast<long long>() != expected ||
                        sum_as_string(number, round).cast<std::string>() !=
                            std::to_string(number + round) ||
                        sum_list(buffer).cast<long long>() != 199'999LL * 200'000 / 2) {
                        throw std::runtime_error("a wrong result in thread " +
                                                 std::to_string(number));
                    }
                    calls += 3;
                }
            } catch (const std::exception &error) {
                const std::lock_guard lock{failures_mutex};
                failures.emplace_back(error.what());
            }
        };

        std::vector<std::thread> threads;
        {
            // The main thread lets them run: Python code below, then no GIL while joining.
            for (int number = 0; number < thread_count; ++number) {
                threads.emplace_back(worker, number);
            }
            py::exec(R"(
from my_python_module import sum_list
for _ in range(2000):
    assert sum_list(range(100)) == 4950
)");
            gil_released released;
            for (auto &thread : threads) {
                thread.join();
            }
        }
    }
    CHECK(failures.empty());
    CHECK(calls == thread_count * rounds * 3);
}
