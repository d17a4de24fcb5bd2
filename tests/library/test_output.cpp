// A run's captured output: each write as it happens, bytes kept, streams put back, runs nested,
// and the output of the script's threads.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using library_test::describe;
using library_test::recorder;

namespace {

// One log for both streams, each write tagged with its stream: the order between them shows that
// nothing is held back in a buffer.
struct tagged_log {
    std::vector<std::pair<char, std::string>> writes;

    pyhost::output streams() {
        pyhost::output both;
        both.out = [this](std::string_view text) { writes.emplace_back('o', text); };
        both.err = [this](std::string_view text) { writes.emplace_back('e', text); };
        return both;
    }
};

pyhost::output to(recorder &out, recorder &err) {
    pyhost::output streams;
    streams.out = out.sink();
    streams.err = err.sink();
    return streams;
}

} // namespace

TEST_CASE("each write reaches its sink as it is written partial lines included") {
    pyhost::interpreter python;
    tagged_log log;
    const auto ended = python.run_source(R"(
import sys
sys.stdout.write("a")
sys.stdout.write("b\nc")
print("d", end="")
sys.stderr.write("e")
print("f")
print("g", file=sys.stderr, flush=False)
)",
                                         "<string>", log.streams());
    INFO(describe(ended));
    CHECK(ended.succeeded());
    const std::vector<std::pair<char, std::string>> expected{{'o', "a"}, {'o', "b\nc"}, {'o', "d"},
                                                             {'e', "e"}, {'o', "f"},    {'o', "\n"},
                                                             {'e', "g"}, {'e', "\n"}};
    CHECK(log.writes == expected);
}

TEST_CASE("text reaches the sink as UTF-8 and surrogate escapes as the bytes they stand "
          "for") {
    pyhost::interpreter python;
    recorder out;
    recorder err;
    const auto ended = python.run_source(R"(
import sys
print("caf\u00e9", "\udcff", end="")
sys.stdout.flush()
sys.stdout.buffer.write(b"\xfe\x00")
sys.stderr.write("\udc80")
)",
                                         "<string>", to(out, err));
    INFO(describe(ended));
    CHECK(ended.succeeded());
    CHECK(out.text() == std::string{"caf\xc3\xa9 \xff\xfe\x00", 9});
    CHECK(err.text() == "\x80");
}

TEST_CASE("warnings and uncaught tracebacks reach the stderr sink") {
    pyhost::interpreter python;
    recorder out;
    recorder err;
    const auto ended = python.run_source(
        "import warnings\nwarnings.warn('careful')\nprint('before')\nraise ValueError('late')\n",
        "<warned>", to(out, err));
    CHECK(ended.type_name() == "ValueError");
    CHECK(out.text() == "before\n");
    CHECK_THAT(err.text(), Catch::StartsWith("<warned>:2: UserWarning: careful\n"));
    CHECK_THAT(err.text(), Catch::EndsWith(ended.traceback()));
}

TEST_CASE("a sys.excepthook of the script's own reports the uncaught exception") {
    pyhost::interpreter python;
    recorder out;
    recorder err;
    const auto ended = python.run_source(R"(
import sys
sys.excepthook = lambda kind, error, traceback: print("hooked", kind.__name__, file=sys.stderr)
raise KeyError("k")
)",
                                         "<string>", to(out, err));
    CHECK(err.text() == "hooked KeyError\n");
    CHECK(ended.type_name() == "KeyError");
    CHECK_THAT(ended.traceback(), Catch::EndsWith("KeyError: 'k'\n"));
}

TEST_CASE("after a run sys.stdout and sys.stderr are the objects that it found") {
    pyhost::interpreter python;
    REQUIRE(python.run_source("import sys\nfound = (sys.stdout, sys.stderr)").succeeded());
    recorder out;
    recorder err;
    const auto ended = python.run_source(R"(
import io
assert sys.stdout is not found[0] and sys.stderr is not found[1]
sys.stdout = io.StringIO()  # replaced by the script too: still put back
)",
                                         "<string>", to(out, err));
    INFO(describe(ended));
    CHECK(ended.succeeded());
    CHECK(python.evaluate("sys.stdout is found[0] and sys.stderr is found[1]").value().as_bool());
    // A run without sinks leaves the streams alone.
    CHECK(python.run_source("print('to the process', end='')").succeeded());
    CHECK(python.evaluate("sys.stdout is found[0]").value().as_bool());
}

TEST_CASE("a run inside a sink captures its own output and gives the outer run its "
          "streams back") {
    pyhost::interpreter python;
    recorder outer;
    recorder inner;
    recorder ignored;
    std::string inner_outcome;
    pyhost::output outer_streams;
    outer_streams.out = [&](std::string_view text) {
        outer.sink()(text);
        if (text == "outer 1") {
            pyhost::output inner_streams;
            inner_streams.out = inner.sink();
            inner_streams.err = ignored.sink();
            inner_outcome = describe(python.run_source(R"(
import sys
assert sys.stdout is not outer_stream
print("inner")
)",
                                                       "<inner>", inner_streams));
            // Nested without sinks: the output goes to the enclosing run's sinks.
            python.run_source("print('inner without sinks')");
        }
    };
    const auto ended = python.run_source(R"(
import sys
outer_stream = sys.stdout
print("outer 1")
assert sys.stdout is outer_stream
print("outer 2")
)",
                                         "<outer>", outer_streams);
    INFO(describe(ended));
    CHECK(ended.succeeded());
    CHECK(inner_outcome == "success\n");
    CHECK(inner.text() == "inner\n");
    CHECK(outer.text() == "outer 1inner without sinks\n\nouter 2\n");
}

TEST_CASE("output of threads that the script starts reaches the run's sinks") {
    pyhost::interpreter python;
    recorder out;
    recorder err;
    const auto ended = python.run_source(R"(
import threading
def work(number):
    for line in range(100):
        print(f"thread {number} line {line}")
threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
)",
                                         "<string>", to(out, err));
    INFO(describe(ended));
    CHECK(ended.succeeded());
    const auto text = out.text();
    int found = 0;
    for (int number = 0; number < 4; ++number) {
        for (int line = 0; line < 100; ++line) {
            const auto expected =
                "thread " + std::to_string(number) + " line " + std::to_string(line);
            found += text.find(expected) != std::string::npos ? 1 : 0;
        }
    }
    CHECK(found == 400);
    bool from_another_thread = false;
    for (const auto &thread : out.threads()) {
        from_another_thread = from_another_thread || thread != std::this_thread::get_id();
    }
    CHECK(from_another_thread);
}

TEST_CASE("a captured stream written after its run ended raises ValueError") {
    pyhost::interpreter python;
    recorder out;
    recorder err;
    REQUIRE(
        python.run_source("import sys\nkept = sys.stdout", "<string>", to(out, err)).succeeded());
    const auto late = python.run_source("kept.write('late')");
    CHECK(late.type_name() == "ValueError");
    CHECK(late.message() == "write to pyhost's captured stdout after its run ended");
    CHECK(out.text().empty());
}

TEST_CASE("a sink that throws makes the write raise RuntimeError in the script") {
    pyhost::interpreter python;
    recorder err;
    pyhost::output streams;
    streams.out = [](std::string_view) { throw std::runtime_error("the console is gone"); };
    streams.err = err.sink();
    const auto ended = python.run_source(R"(
try:
    print("lost")
except RuntimeError as error:
    caught = str(error)
)",
                                         "<string>", streams);
    INFO(describe(ended));
    CHECK(ended.succeeded());
    CHECK(python.evaluate("caught").value().as_string() ==
          "the application's stdout sink failed: the console is gone");
}
