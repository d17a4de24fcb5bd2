// Runs from many threads: threads that Python never saw (CPython's embedding checklist), runs
// that wait for each other, and the one run that is refused rather than left to deadlock.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

using library_test::describe;
using library_test::recorder;

TEST_CASE("runs from threads that Python never saw each work in turn", "[threads]") {
    pyhost::interpreter python;
    constexpr int thread_count = 8;
    constexpr int rounds = 50;
    std::atomic<int> right{0};
    std::vector<std::thread> threads;
    for (int number = 0; number < thread_count; ++number) {
        threads.emplace_back([&, number] {
            for (int round = 0; round < rounds; ++round) {
                const auto sum =
                    python.evaluate("__import__('my_python_module').sum_as_string(" +
                                    std::to_string(number) + ", " + std::to_string(round) + ")");
                if (sum && sum.value().as_string() == std::to_string(number + round)) {
                    ++right;
                }
            }
        });
    }
    for (auto &thread : threads) {
        thread.join();
    }
    CHECK(right == thread_count * rounds);
}

TEST_CASE("a run started while another runs on another thread waits for it to end", "[threads]") {
    pyhost::interpreter python;
    std::promise<void> started;
    pyhost::output streams;
    streams.out = [&](std::string_view written) {
        if (written == "started") {
            started.set_value();
        }
    };
    // Catch2's checks are made on this thread alone: the run's outcome comes back to it.
    pyhost::outcome first_ended;
    std::thread first{[&] {
        first_ended = python.run_source(R"(
import sys, time
finished = False
sys.stdout.write("started")
time.sleep(0.3)  # gives the GIL up: only the run lock keeps the second run out
finished = True
)",
                                        "<first>", streams);
    }};
    started.get_future().wait();
    // Had it not waited, `finished` would be False.
    const auto second = python.evaluate("finished");
    first.join();
    CHECK(first_ended.succeeded());
    INFO(describe(second.outcome()));
    CHECK(second.value().as_bool());
}

TEST_CASE("a run from a sink on a thread that the script started is a usage error", "[threads]") {
    pyhost::interpreter python;
    std::string refusal;
    std::atomic<bool> nested_ran_on_the_run_thread{false};
    const auto run_thread = std::this_thread::get_id();
    pyhost::output streams;
    streams.out = [&](std::string_view written) {
        if (written != "from a thread" && written != "from the run") {
            return;
        }
        try {
            python.run_source("nested = True");
            nested_ran_on_the_run_thread = std::this_thread::get_id() == run_thread;
        } catch (const pyhost::usage_error &error) {
            refusal = error.what();
        }
    };
    const auto ended = python.run_source(R"(
import sys, threading
worker = threading.Thread(target=sys.stdout.write, args=("from a thread",))
worker.start()
worker.join()
sys.stdout.write("from the run")
)",
                                         "<string>", streams);
    INFO(describe(ended));
    CHECK(ended.succeeded());
    CHECK_THAT(refusal, Catch::Contains("would wait for a run that may wait for it"));
    // From the run's own thread the same call nests.
    CHECK(nested_ran_on_the_run_thread);
}

TEST_CASE("stop waits for a run in progress on another thread", "[threads]") {
    pyhost::interpreter python;
    std::promise<void> started;
    std::atomic<bool> run_ended{false};
    pyhost::output streams;
    streams.out = [&](std::string_view written) {
        if (written == "started") {
            started.set_value();
        } else if (written == "ending") {
            run_ended = true;
        }
    };
    // Catch2's checks are made on this thread alone: the run's outcome comes back to it.
    pyhost::outcome ended;
    std::thread runner{[&] {
        ended = python.run_source("import sys, time\nsys.stdout.write('started')\ntime.sleep(0.3)\n"
                                  "sys.stdout.write('ending')\n",
                                  "<string>", streams);
    }};
    started.get_future().wait();
    python.stop();
    const bool ended_before_the_stop_returned = run_ended;
    runner.join();
    CHECK(ended_before_the_stop_returned);
    CHECK(ended.succeeded());
    CHECK_FALSE(python.running());
}

TEST_CASE("the threads that a run started and that outlive it are named in its outcome",
          "[threads]") {
    pyhost::interpreter python;
    const auto started = python.run_source(R"(
import threading
release = threading.Event()
worker = threading.Thread(target=release.wait, name="worker")
helper = threading.Thread(target=release.wait, name="helper", daemon=True)
finished = threading.Thread(target=lambda: None, name="finished")
for thread in (worker, helper, finished):
    thread.start()
finished.join()
)");
    INFO(describe(started));
    REQUIRE(started.succeeded());
    auto left = started.threads_left();
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"helper (daemon)", "worker"});
    // The next run started none: the threads that ran before it are not its own.
    const auto released = python.run_source("release.set()\nworker.join()\nhelper.join()\n");
    CHECK(released.succeeded());
    CHECK(released.threads_left().empty());
    CHECK(python.run_source("x = 1").threads_left().empty());
}

TEST_CASE("a failed run names the threads that outlive it too") {
    pyhost::interpreter python;
    const auto failed = python.run_source(R"(
import threading
release = threading.Event()
threading.Thread(target=release.wait, name="left behind", daemon=True).start()
raise ValueError("after starting a thread")
)");
    REQUIRE(failed.raised());
    CHECK(failed.threads_left() == std::vector<std::string>{"left behind (daemon)"});
    CHECK(python.run_source("release.set()").succeeded());
}
