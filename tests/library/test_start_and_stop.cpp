// Starting and stopping: CPython's embedding checklist (Programs/_testembed.c) for repeated
// start and stop and for starts on other threads, and the lifetime rules of pyhost::interpreter.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <thread>

using library_test::describe;

namespace {

// my_python_module's functions, checked from Python; an exception fails the run.
constexpr const char *exercise_module = R"(
import my_python_module as m
assert m.sum_as_string(2**64 - 1, 1) == str(2**64)
assert m.sum_list([1, 2**70, -3]) == 2**70 - 2
assert m.sum_list([0.1] * 10) == __import__("math").fsum([0.1] * 10)
)";

} // namespace

TEST_CASE("an interpreter starts runs code with my_python_module and stops") {
    pyhost::interpreter python;
    CHECK(python.running());
    const auto ended = python.run_source(exercise_module);
    CHECK(ended.succeeded());
    INFO(describe(ended));
    python.stop();
    CHECK_FALSE(python.running());
}

TEST_CASE("five interpreters start and stop one after another with my_python_module each time") {
    for (int round = 1; round <= 5; ++round) {
        INFO("interpreter " << round);
        pyhost::interpreter python;
        // Nothing of the previous interpreter is left: a name it defined is gone.
        CHECK(python.evaluate("'left_behind' in globals()").value().as_bool() == false);
        const auto ended = python.run_source(std::string{exercise_module} + "left_behind = 1\n");
        INFO(describe(ended));
        CHECK(ended.succeeded());
        CHECK(python.evaluate("left_behind").value().as_int64() == 1);
    }
}

TEST_CASE("starting a second interpreter while one runs is a usage error that leaves it "
          "running") {
    pyhost::interpreter first;
    CHECK_THROWS_AS(pyhost::interpreter{}, pyhost::usage_error);
    CHECK_THROWS_WITH(pyhost::interpreter{}, Catch::Contains("already runs"));
    CHECK(first.running());
    CHECK(first.evaluate("6 * 7").value().as_int64() == 42);
}

TEST_CASE("running evaluating or stopping after the stop is a usage error") {
    pyhost::interpreter python;
    python.stop();
    CHECK_THROWS_AS(python.run_source("x = 1"), pyhost::usage_error);
    CHECK_THROWS_AS(python.evaluate("1"), pyhost::usage_error);
    CHECK_THROWS_AS(python.run_file("/nonexistent.py"), pyhost::usage_error);
    CHECK_THROWS_AS(python.run_module("json"), pyhost::usage_error);
    CHECK_THROWS_WITH(python.stop(), Catch::Contains("has stopped"));
    // The process may start another.
    pyhost::interpreter next;
    CHECK(next.evaluate("1 + 1").value().as_int64() == 2);
}

TEST_CASE("an interpreter started on a thread that has ended runs and stops on the main "
          "thread") {
    std::optional<pyhost::interpreter> python;
    std::thread starter{[&] {
        python.emplace();
        CHECK(
            python->run_source("import threading; started_on = threading.get_ident()").succeeded());
    }};
    starter.join();
    const auto ended = python->run_source(R"(
import threading
assert threading.get_ident() != started_on
)" + std::string{exercise_module});
    INFO(describe(ended));
    CHECK(ended.succeeded());
    python->stop();
    CHECK_FALSE(python->running());
}

TEST_CASE("an interpreter started on the main thread stops from a thread that Python "
          "never saw") {
    pyhost::interpreter python;
    CHECK(
        python.run_source("import threading\nthreading.Thread(target=print).start()").succeeded());
    std::thread stopper{[&] { python.stop(); }};
    stopper.join();
    CHECK_FALSE(python.running());
    pyhost::interpreter again;
    CHECK(again.run_source(exercise_module).succeeded());
}

TEST_CASE("the interpreter's destructor stops it and a new one starts") {
    {
        pyhost::interpreter python;
        CHECK(
            python.run_source("import atexit, sys\natexit.register(print, 'at exit')").succeeded());
    }
    pyhost::interpreter again;
    CHECK(again.running());
}

TEST_CASE("stopping from inside one of the interpreter's own runs is a usage error") {
    pyhost::interpreter python;
    std::string refusal;
    pyhost::output streams;
    streams.out = [&](std::string_view) {
        try {
            python.stop();
        } catch (const pyhost::usage_error &error) {
            refusal = error.what();
        }
    };
    CHECK(python.run_source("print('stop now')", "<string>", streams).succeeded());
    CHECK_THAT(refusal, Catch::Contains("inside one of the interpreter's own runs"));
    CHECK(python.running());
}

TEST_CASE("a home without a standard library is a start error and no start follows") {
    const library_test::temporary_folder empty;
    pyhost::options opts;
    opts.home = empty.path();
    CHECK_THROWS_AS(pyhost::interpreter{opts}, pyhost::start_error);
    CHECK_THROWS_AS(pyhost::interpreter{}, pyhost::usage_error);
}
